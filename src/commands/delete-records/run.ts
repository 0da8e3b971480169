import { readFile } from 'node:fs/promises';
import type { KafkaClient, PartitionOffsets, RecordsDeletion } from '../../core/client.js';
import { CliError, failed, notFound, usage, type ErrorKind } from '../../core/errors.js';
import { writeOut, type IO } from '../../render/io.js';
import { renderCsv, renderJson, renderTable, type Column, type OutputFormat } from '../../render/print.js';
import { confirm } from '../../render/prompt.js';

export type DeleteBefore = { kind: 'offset'; offset: number } | { kind: 'time'; timestamp: number } | { kind: 'all' };

export interface DeleteRecordsOptions {
  source: { kind: 'file'; path: string } | { kind: 'topic'; topic: string; partitions: number[] | null; before: DeleteBefore };
  yes: boolean;
  output: OutputFormat;
}

/** Kafka's --offset-json-file: `{"partitions":[{"topic":"t","partition":0,"offset":5}],"version":1}`; a partition named twice is refused. */
export function parseOffsetJson(text: string): PartitionOffsets[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw usage('The input string is not a valid JSON', 'the file is {"partitions":[{"topic":"t","partition":0,"offset":5}],"version":1}');
  }
  const root = json as { version?: unknown; partitions?: unknown };
  const version = root.version ?? 1;
  if (version !== 1) throw usage(`Not supported version field value ${JSON.stringify(version)}`);
  if (!Array.isArray(root.partitions)) throw usage('Missing partitions field');
  const entries = root.partitions.map((p: { topic?: unknown; partition?: unknown; offset?: unknown }, i) => {
    if (typeof p?.topic !== 'string' || !Number.isInteger(p.partition) || !Number.isSafeInteger(p.offset)) {
      throw usage(`partition ${i + 1} of the offset file needs "topic" (a string), "partition" and "offset" (whole numbers)`);
    }
    return { topic: p.topic, partition: p.partition as number, offset: p.offset as number };
  });
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const e of entries) {
    const k = `${e.topic}-${e.partition}`;
    if (seen.has(k)) duplicates.add(k);
    seen.add(k);
  }
  if (duplicates.size) throw usage(`Offset json file contains duplicate topic partitions: ${[...duplicates].join(',')}`);
  return entries;
}

/** The Java exception and message Kafka's tool prints for an error (its Errors enum's default texts). */
const JAVA_ERRORS: Record<string, [string, string]> = {
  OFFSET_OUT_OF_RANGE: ['OffsetOutOfRangeException', 'The requested offset is not within the range of offsets maintained by the server.'],
  POLICY_VIOLATION: ['PolicyViolationException', 'Request parameters do not satisfy the configured policy.'],
  UNKNOWN_TOPIC_OR_PARTITION: ['UnknownTopicOrPartitionException', 'This server does not host this topic-partition.'],
  TOPIC_AUTHORIZATION_FAILED: ['TopicAuthorizationException', 'Topic authorization failed.'],
  LEADER_NOT_AVAILABLE: ['LeaderNotAvailableException', 'There is no leader for this topic-partition as we are in the middle of a leadership election.'],
  REQUEST_TIMED_OUT: ['TimeoutException', 'The request timed out.'],
};

const ERROR_KINDS: Record<string, ErrorKind> = { OFFSET_OUT_OF_RANGE: 'invalid', POLICY_VIOLATION: 'invalid', UNKNOWN_TOPIC_OR_PARTITION: 'not-found', TOPIC_AUTHORIZATION_FAILED: 'auth' };

/**
 * DeleteRecordsCommand's text. Its partitions come in the order of an immutable Java map, which
 * changes from one run of the JVM to the next: ours are sorted.
 */
export function kafkaDeleteText(results: RecordsDeletion[]): string {
  const lines = results.map((r) => {
    if (r.error === null) return `partition: ${r.topic}-${r.partition}\tlow_watermark: ${r.lowWatermark}\n`;
    const [exception, message] = JAVA_ERRORS[r.error.name] ?? ['UnknownServerException', r.error.message];
    return `partition: ${r.topic}-${r.partition}\terror: org.apache.kafka.common.errors.${exception}: ${message}\n`;
  });
  return `Executing records delete operation\nRecords delete operation completed:\n${lines.join('')}`;
}

interface PlanRow extends PartitionOffsets {
  logStart: number;
  logEnd: number;
}

async function plan(o: DeleteRecordsOptions, client: KafkaClient): Promise<PartitionOffsets[]> {
  if (o.source.kind === 'file') {
    let text: string;
    try {
      text = await readFile(o.source.path, 'utf8');
    } catch (err) {
      throw usage(`cannot read --offset-json-file '${o.source.path}': ${(err as NodeJS.ErrnoException).code ?? err}`);
    }
    return parseOffsetJson(text);
  }
  const { topic, partitions, before } = o.source;
  const [described] = await client.topics.describe([topic]);
  if (!described || described.partitions.length === 0) throw notFound(`topic '${topic}' does not exist`, 'list topics with `kafka topics --list`');
  const existing = described.partitions.map((p) => p.partition).sort((a, b) => a - b);
  const missing = (partitions ?? []).filter((p) => !existing.includes(p));
  if (missing.length) throw notFound(`topic '${topic}' has no partition ${missing.join(', ')} (it has ${existing.length})`);
  const chosen = (partitions ?? existing).map((partition) => ({ topic, partition }));
  if (before.kind === 'offset') return chosen.map((tp) => ({ ...tp, offset: before.offset }));
  if (before.kind === 'all') return chosen.map((tp) => ({ ...tp, offset: -1 }));
  // Before a time: up to the first record at or after it; when there is none, everything.
  const found = await client.offsets.lookup(chosen, { timestamp: before.timestamp });
  return found.map((f) => ({ topic: f.topic, partition: f.partition, offset: f.offset ?? -1 }));
}

export async function runDeleteRecords(o: DeleteRecordsOptions, client: KafkaClient, io: IO): Promise<number> {
  const before = await plan(o, client);
  if (io.canPrompt && !o.yes) {
    const partitions = before.map(({ topic, partition }) => ({ topic, partition }));
    const [starts, ends] = await Promise.all([client.offsets.query(partitions, 'earliest'), client.offsets.query(partitions, 'latest')]);
    const at = (list: PartitionOffsets[], b: PartitionOffsets) => list.find((x) => x.topic === b.topic && x.partition === b.partition)?.offset ?? 0;
    const rows: PlanRow[] = before.map((b) => ({ ...b, logStart: at(starts, b), logEnd: at(ends, b) }));
    const going = (r: PlanRow) => Math.max(0, (r.offset === -1 ? r.logEnd : Math.min(r.offset, r.logEnd)) - r.logStart);
    const planColumns: Column<PlanRow>[] = [
      { header: 'TOPIC', value: (r) => r.topic },
      { header: 'PARTITION', value: (r) => r.partition, align: 'right' },
      { header: 'LOG-START', value: (r) => r.logStart, align: 'right' },
      { header: 'NEW-LOG-START', value: (r) => (r.offset === -1 ? r.logEnd : r.offset), align: 'right' },
      { header: 'RECORDS', value: going, align: 'right', style: () => 'red' },
    ];
    await writeOut(io.stderr, await renderTable({ ...io, stdoutIsTTY: io.stderrIsTTY }, planColumns, rows));
    const total = rows.reduce((n, r) => n + going(r), 0);
    if (!(await confirm(io, `Delete ${total} record(s) for good?`))) throw failed('nothing deleted (not confirmed)', 'pass --yes to skip the question');
  }
  const results = await client.offsets.deleteRecords(before);
  if (o.output === 'kafka') await writeOut(io.stdout, kafkaDeleteText(results));
  else if (o.output === 'json') await writeOut(io.stdout, renderJson({ partitions: results }));
  else {
    const columns: Column<RecordsDeletion>[] = [
      { header: 'TOPIC', value: (r) => r.topic },
      { header: 'PARTITION', value: (r) => r.partition, align: 'right' },
      { header: 'LOW-WATERMARK', value: (r) => r.lowWatermark, align: 'right' },
      { header: 'ERROR', value: (r) => (r.error ? `${r.error.name}: ${r.error.message}` : null), style: (r) => (r.error ? 'red' : undefined) },
    ];
    await writeOut(io.stdout, o.output === 'csv' ? renderCsv(columns.map((c) => ({ ...c, header: c.header.toLowerCase().replace(/-/g, '_') })), results) : await renderTable(io, columns, results));
  }
  const failures = results.filter((r) => r.error !== null);
  if (failures.length) {
    const first = failures[0]!;
    const kinds = new Set(failures.map((f) => ERROR_KINDS[f.error!.name] ?? 'failed'));
    const compacted = first.error!.name === 'POLICY_VIOLATION' ? 'a compacted topic (cleanup.policy=compact without delete) keeps its records until compaction removes them' : undefined;
    throw new CliError(kinds.size === 1 ? [...kinds][0]! : 'failed', `records of ${failures.length} partition(s) were not deleted: ${first.topic}-${first.partition}: ${first.error!.message}`, compacted);
  }
  return 0;
}
