import type { PartitionResult } from '../../core/client.js';
import { failed } from '../../core/errors.js';
import { writeOut, type IO } from '../../render/io.js';
import { renderCsv, renderJson, renderTable, type Column, type OutputFormat } from '../../render/print.js';

const columns: Column<PartitionResult>[] = [
  { header: 'TOPIC', value: (r) => r.topic },
  { header: 'PARTITION', value: (r) => r.partition, align: 'right' },
  { header: 'STATUS', value: (r) => (r.error ? `Error: ${r.error}` : 'Successful'), style: (r) => (r.error ? 'red' : 'green') },
];

/**
 * What --delete-offsets did to each partition (consumer and streams groups): Kafka's header and a
 * table, JSON, CSV or the tool's own text; a partition the broker refused makes it exit 1.
 */
export async function reportOffsetDeletion(
  group: string,
  results: PartitionResult[],
  output: OutputFormat | 'prometheus',
  io: IO,
  options: { kafkaText?: (group: string, results: PartitionResult[]) => string; /** Said when the group still reads a topic. */ whileSubscribed?: string } = {},
): Promise<number> {
  const errors = results.filter((r) => r.error !== null);
  if (output === 'json') await writeOut(io.stdout, renderJson({ group, partitions: results }));
  else if (output === 'kafka' && options.kafkaText) await writeOut(io.stdout, options.kafkaText(group, results));
  else {
    const header = errors.length ? 'Encountered some partition-level error, see the follow-up details.\n' : `Request succeeded for deleting offsets from group ${group}.\n`;
    await writeOut(output === 'kafka' ? io.stdout : io.stderr, header);
    await writeOut(io.stdout, output === 'csv' ? renderCsv(columns, results) : await renderTable(io, columns, results));
  }
  if (errors.length) {
    throw failed(`offsets of ${errors.length} partition(s) were not deleted: ${errors[0]!.error}`, errors[0]!.errorName === 'GROUP_SUBSCRIBED_TO_TOPIC' ? options.whileSubscribed : undefined);
  }
  return 0;
}
