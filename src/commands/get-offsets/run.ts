import type { KafkaClient, OffsetLookup, TopicPartition } from '../../core/client.js';
import { notFound } from '../../core/errors.js';
import { writeOut, type IO } from '../../render/io.js';
import { renderCsv, renderJson, renderTable, type Column } from '../../render/print.js';
import { isInternal } from '../topics/topic-selector.js';
import type { GetOffsetsOptions, PartitionRule } from './options.js';

function takes(rule: PartitionRule, partition: number): boolean {
  switch (rule.kind) {
    case 'one':
      return partition === rule.partition;
    case 'range':
      return partition >= rule.from && partition < rule.to;
    case 'set':
      return rule.partitions.length === 0 || rule.partitions.includes(partition);
  }
}

/** Kafka's order: by TopicPartition.toString(), `topic-partition` compared as strings (t-10 before t-2). */
const kafkaOrder = (a: TopicPartition, b: TopicPartition) => {
  const x = `${a.topic}-${a.partition}`;
  const y = `${b.topic}-${b.partition}`;
  return x < y ? -1 : x > y ? 1 : 0;
};

const COLUMNS: Column<OffsetLookup>[] = [
  { header: 'TOPIC', value: (r) => r.topic },
  { header: 'PARTITION', value: (r) => r.partition, align: 'right' },
  { header: 'OFFSET', value: (r) => r.offset, align: 'right' },
  { header: 'TIMESTAMP', value: (r) => (r.timestamp === null ? null : new Date(r.timestamp).toISOString()) },
];

/** kafka-get-offsets: the offset per partition for a time (latest by default), as GetOffsetShell prints it. */
export async function runGetOffsets(o: GetOffsetsOptions, client: KafkaClient, io: IO): Promise<number> {
  const names = (await client.topics.list()).filter((t) => !(o.excludeInternal && isInternal(t)) && o.rules.some((r) => r.topic.test(t)));
  const described = names.length ? await client.topics.describe(names) : [];
  const partitions = described.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition }))).filter((tp) => o.rules.some((r) => r.topic.test(tp.topic) && takes(r.partitions, tp.partition)));
  if (partitions.length === 0) throw notFound('Could not match any topic-partitions with the specified filters', 'list topics with `kafka topics --list`');
  const answers = (await client.offsets.lookup(partitions, o.query)).sort(kafkaOrder);
  // Kafka's tool goes on past a partition it cannot ask, and leaves out those with no such offset.
  for (const a of answers) if (a.error !== null) await writeOut(io.stderr, `Skip getting offsets for topic-partition ${a.topic}-${a.partition} due to error: ${a.error}\n`);
  const found = answers.filter((a) => a.error === null && a.offset !== null);
  if (o.output === 'kafka') await writeOut(io.stdout, found.map((a) => `${a.topic}:${a.partition}:${a.offset}\n`).join(''));
  else if (o.output === 'json') await writeOut(io.stdout, renderJson({ offsets: answers.map((a) => ({ topic: a.topic, partition: a.partition, offset: a.offset, timestamp: a.timestamp, error: a.error })) }));
  else if (o.output === 'csv') await writeOut(io.stdout, renderCsv(COLUMNS.map((c) => ({ ...c, header: c.header.toLowerCase() })), found));
  else await writeOut(io.stdout, await renderTable(io, COLUMNS, found));
  return 0;
}
