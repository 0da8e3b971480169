import type { BrokerLogDirs, KafkaClient, LogDir, LogDirPartition } from '../../core/client.js';
import { notFound } from '../../core/errors.js';
import { paint } from '../../render/colors.js';
import { writeOut, type IO } from '../../render/io.js';
import { javaHashMapOrder, javaOrderedObject, javaStringHash, topicPartitionHash } from '../../render/java-order.js';
import { humanBytes, renderCsv, renderJson, renderTable, type Column, type OutputFormat } from '../../render/print.js';

export interface LogDirsOptions {
  /** Only these brokers (empty: all). */
  brokers: number[];
  /** Only partitions of these topics (empty: all). */
  topics: string[];
  /** How many of the largest topics and partitions the table shows. */
  top: number;
  output: OutputFormat;
}

/** Kafka's error class names for what a log dir can answer (LogDirsCommand prints the class). */
const ERROR_CLASSES: Record<string, string> = {
  KAFKA_STORAGE_ERROR: 'org.apache.kafka.common.errors.KafkaStorageException',
};

const dirSize = (d: LogDir) => d.partitions.reduce((n, p) => n + p.sizeBytes, 0);

/**
 * The order LogDirsCommand lists a log dir's replicas in: the admin client fills a HashMap with
 * all of them in the broker's order, the tool copies the chosen topics' into another HashMap.
 * (The log dirs themselves go into a HashMap sized for them.)
 */
function replicaOrder(partitions: LogDirPartition[], topics: string[]): LogDirPartition[] {
  const hash = (p: LogDirPartition) => topicPartitionHash(p.topic, p.partition);
  return javaHashMapOrder(javaHashMapOrder(partitions, hash).filter((p) => topics.length === 0 || topics.includes(p.topic)), hash);
}

/** LogDirsCommand's output: two lines, then its JSON, keys and lists in the Java maps' order. */
export function kafkaLogDirsText(brokers: BrokerLogDirs[], topics: string[]): string {
  const ids = javaHashMapOrder(brokers.map((b) => b.broker.id), (id) => id);
  const partition = (p: LogDirPartition) => javaOrderedObject([['partition', `${p.topic}-${p.partition}`], ['size', p.sizeBytes], ['offsetLag', p.offsetLag], ['isFuture', p.future]]);
  const logDir = (d: LogDir) =>
    javaOrderedObject([
      ['logDir', d.path],
      ['error', d.error === null ? null : (ERROR_CLASSES[d.error.name] ?? 'org.apache.kafka.common.errors.UnknownServerException')],
      ['partitions', replicaOrder(d.partitions, topics).map(partition)],
    ]);
  const json = javaOrderedObject([
    ['version', 1],
    ['brokers', javaHashMapOrder(brokers, (b) => b.broker.id).map((b) => javaOrderedObject([['broker', b.broker.id], ['logDirs', javaHashMapOrder(b.logDirs, (d) => javaStringHash(d.path), b.logDirs.length).map(logDir)]]))],
  ]);
  return `Querying brokers for log directories information\nReceived log directory information from brokers ${ids.join(',')}\n${JSON.stringify(json)}\n`;
}

interface DirRow {
  broker: number;
  path: string;
  partitions: number;
  size: number;
  dir: LogDir;
}

interface TopicRow {
  topic: string;
  size: number;
  replicas: number;
  largest: LogDirPartition & { broker: number };
}

interface FutureRow extends LogDirPartition {
  broker: number;
  path: string;
}

export async function runLogDirs(o: LogDirsOptions, client: KafkaClient, io: IO): Promise<number> {
  const known = (await client.cluster.describe()).brokers.map((b) => b.id);
  const missing = o.brokers.filter((b) => !known.includes(b));
  if (missing.length) throw notFound(`The given brokers do not exist from --broker-list: ${missing.join(',')}. Current existent brokers: ${javaHashMapOrder(known, (id) => id).join(',')}`);
  const brokers = await client.cluster.logDirs(o.brokers.length ? o.brokers : undefined);
  const unanswered = brokers.filter((b) => b.error !== null);
  if (o.output === 'kafka') {
    if (unanswered.length) throw notFound(`broker ${unanswered[0]!.broker.id} did not answer: ${unanswered[0]!.error}`);
    await writeOut(io.stdout, kafkaLogDirsText(brokers, o.topics));
    return 0;
  }
  const wanted = (p: LogDirPartition) => o.topics.length === 0 || o.topics.includes(p.topic);
  const byTopicPartition = (a: LogDirPartition, b: LogDirPartition) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition);
  const dirs = brokers.flatMap((b) =>
    b.logDirs.map((d) => ({ ...d, partitions: d.partitions.filter(wanted).sort(byTopicPartition) })).map((d) => ({ broker: b.broker.id, path: d.path, partitions: d.partitions.length, size: dirSize(d), dir: d })),
  );
  if (o.output === 'json') {
    await writeOut(
      io.stdout,
      renderJson({
        brokers: brokers.map((b) => ({
          broker: b.broker.id,
          error: b.error,
          logDirs: dirs.filter((d) => d.broker === b.broker.id).map((d) => ({ path: d.path, error: d.dir.error, sizeBytes: d.size, totalBytes: d.dir.totalBytes, usableBytes: d.dir.usableBytes, partitions: d.dir.partitions })),
        })),
      }),
    );
    return 0;
  }
  const dirColumns: Column<DirRow>[] = [
    { header: 'BROKER', value: (r) => r.broker, align: 'right' },
    { header: 'LOG-DIR', value: (r) => r.path },
    { header: 'PARTITIONS', value: (r) => r.partitions, align: 'right' },
    { header: 'SIZE', value: (r) => humanBytes(r.size), align: 'right' },
    { header: 'DISK-USED', value: (r) => (r.dir.totalBytes && r.dir.usableBytes !== null ? `${(((r.dir.totalBytes - r.dir.usableBytes) / r.dir.totalBytes) * 100).toFixed(1)}%` : null), align: 'right' },
    { header: 'FREE', value: (r) => (r.dir.usableBytes === null ? null : humanBytes(r.dir.usableBytes)), align: 'right' },
    { header: 'ERROR', value: (r) => r.dir.error?.message ?? null, style: (r) => (r.dir.error ? 'red' : undefined) },
  ];
  if (o.output === 'csv') {
    const rows = dirs.flatMap((d) => d.dir.partitions.map((p) => ({ ...p, broker: d.broker, path: d.path })));
    await writeOut(
      io.stdout,
      renderCsv<FutureRow>(
        [
          { header: 'broker', value: (r) => r.broker },
          { header: 'log_dir', value: (r) => r.path },
          { header: 'topic', value: (r) => r.topic },
          { header: 'partition', value: (r) => r.partition },
          { header: 'size_bytes', value: (r) => r.sizeBytes },
          { header: 'offset_lag', value: (r) => r.offsetLag },
          { header: 'future', value: (r) => String(r.future) },
        ],
        rows,
      ),
    );
    return 0;
  }
  let text = await renderTable(io, dirColumns, dirs);
  const byTopic = new Map<string, TopicRow>();
  for (const d of dirs) {
    for (const p of d.dir.partitions) {
      const row = byTopic.get(p.topic) ?? { topic: p.topic, size: 0, replicas: 0, largest: { ...p, broker: d.broker } };
      row.size += p.sizeBytes;
      row.replicas++;
      if (p.sizeBytes > row.largest.sizeBytes) row.largest = { ...p, broker: d.broker };
      byTopic.set(p.topic, row);
    }
  }
  const topics = [...byTopic.values()].sort((a, b) => b.size - a.size || (a.topic < b.topic ? -1 : 1)).slice(0, o.top);
  if (topics.length) {
    text += `\n${paint(io, 'bold', `Largest topics (all replicas, top ${o.top})`)}\n`;
    text += await renderTable<TopicRow>(io, [
      { header: 'TOPIC', value: (r) => r.topic },
      { header: 'SIZE', value: (r) => humanBytes(r.size), align: 'right' },
      { header: 'REPLICAS', value: (r) => r.replicas, align: 'right' },
      { header: 'LARGEST-PARTITION', value: (r) => `${r.largest.partition} on broker ${r.largest.broker} (${humanBytes(r.largest.sizeBytes)})` },
    ], topics);
  }
  const future = dirs.flatMap((d) => d.dir.partitions.filter((p) => p.future).map((p) => ({ ...p, broker: d.broker, path: d.path })));
  if (future.length) {
    text += `\n${paint(io, 'bold', 'Replicas moving between log dirs (future replicas)')}\n`;
    text += await renderTable<FutureRow>(io, [
      { header: 'BROKER', value: (r) => r.broker, align: 'right' },
      { header: 'LOG-DIR', value: (r) => r.path },
      { header: 'PARTITION', value: (r) => `${r.topic}-${r.partition}` },
      { header: 'SIZE', value: (r) => humanBytes(r.sizeBytes), align: 'right' },
      { header: 'OFFSET-LAG', value: (r) => r.offsetLag, align: 'right' },
    ], future);
  }
  await writeOut(io.stdout, text);
  for (const b of unanswered) await writeOut(io.stderr, `warning: broker ${b.broker.id} did not answer: ${b.error}\n`);
  return 0;
}
