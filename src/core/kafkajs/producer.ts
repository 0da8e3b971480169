import { kafkajs } from './load.js';
import { createRequire } from 'node:module';
import type { DeliveryReport, ProduceRecord, ProducerOptions, RecordSink } from '../client.js';
import type { AdapterContext } from './adapter.js';
import { mapKafkaJsError } from './errors.js';
import type { ErrorKind } from '../errors.js';
import { registerCodecs } from './codecs.js';
import { BATCH_HEADER, encodeBatch, encodeRecords, produceRequest, type PartitionProduceResult } from './record-batch.js';
import { errorText, errorType } from './requests.js';

const require = createRequire(import.meta.url);
const murmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer) => number;

/** One produce request carries at most this much, well under brokers' 1 MiB message.max.bytes. */
const MAX_REQUEST_PAYLOAD = 512 * 1024;
/** Per-record framing in a v2 record batch, plus the batch header, rounded up. */
const RECORD_OVERHEAD = 70;
/** Partition errors worth a metadata refresh and another try. */
const RETRIABLE = new Set(['NOT_LEADER_FOR_PARTITION', 'NOT_LEADER_OR_FOLLOWER', 'LEADER_NOT_AVAILABLE', 'REQUEST_TIMED_OUT', 'NOT_ENOUGH_REPLICAS', 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', 'UNKNOWN_TOPIC_OR_PARTITION', 'KAFKA_STORAGE_ERROR', 'NETWORK_EXCEPTION']);
const CODEC_IDS = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

interface Queued {
  record: ProduceRecord;
  seq: number;
  bytes: number;
}

type Codec = { compress(encoder: { buffer: Buffer }): Promise<Buffer> };

/**
 * Records gather while the previous request is in flight; exactly one request is in flight at a
 * time, which keeps every partition in order across retries. Batches are encoded here, straight
 * into one buffer per partition (kafkajs builds several objects and buffers per record), and sent
 * through kafkajs's connections. Keys pick partitions with Java's murmur2; records without a key
 * stick to one partition per request, as Java's sticky partitioner does per batch.
 */
export async function createProducer(ctx: AdapterContext, options: ProducerOptions): Promise<RecordSink> {
  if (options.compression !== 'none' && options.compression !== 'gzip') registerCodecs();
  const codecId = CODEC_IDS[options.compression];
  const codec = codecId ? ((kafkajs.CompressionCodecs as unknown as Record<number, () => Codec>)[codecId]!() as Codec) : null;
  const cluster = await ctx.newCluster(options.allowAutoTopicCreation);
  const knownTopics = new Set<string>();
  const stickyPartition = new Map<string, number>();

  const report: DeliveryReport = { acknowledged: 0, failed: 0, firstFailure: null };
  let queue: Queued[] = [];
  let queuedBytes = 0;
  let inFlight: Promise<void> | null = null;
  let lingerTimer: NodeJS.Timeout | null = null;
  let waiters: Array<() => void> = [];
  const highWater = Math.max(4 * MAX_REQUEST_PAYLOAD, 4 * options.batchBytes);

  const fail = (seq: number, count: number, message: string, kind: ErrorKind) => {
    report.failed += count;
    if (!report.firstFailure || seq < report.firstFailure.seq) report.firstFailure = { seq, message, kind };
  };

  const partitionsOf = (topic: string) => cluster.findTopicPartitionMetadata(topic) as Array<{ partitionId: number; leader: number }>;

  async function ensureMetadata(topics: string[]) {
    const fresh = topics.filter((t) => !knownTopics.has(t));
    if (fresh.length === 0) return;
    const deadline = Date.now() + options.requestTimeoutMs;
    for (;;) {
      await ctx.run(cluster.addMultipleTargetTopics(fresh));
      // A topic the broker has just auto-created has no leaders for a moment.
      if (fresh.every((t) => partitionsOf(t)?.length && partitionsOf(t).every((p) => p.leader >= 0)) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
      await ctx.run(cluster.refreshMetadata());
    }
    for (const t of fresh) knownTopics.add(t);
  }

  /** topic → partition → records, by explicit partition, key hash, or the sticky partition. */
  function route(batch: Queued[]): Map<string, Map<number, Queued[]>> {
    const routed = new Map<string, Map<number, Queued[]>>();
    const sticky = new Map<string, number>();
    for (const q of batch) {
      const { topic } = q.record;
      const count = partitionsOf(topic).length;
      let partition = q.record.partition;
      if (partition === undefined) {
        if (q.record.key) partition = (murmur2(q.record.key) & 0x7fffffff) % count;
        else {
          if (!sticky.has(topic)) {
            const next = ((stickyPartition.get(topic) ?? -1) + 1) % count;
            stickyPartition.set(topic, next);
            sticky.set(topic, next);
          }
          partition = sticky.get(topic)!;
        }
      }
      let byPartition = routed.get(topic);
      if (!byPartition) routed.set(topic, (byPartition = new Map()));
      const list = byPartition.get(partition);
      if (list) list.push(q);
      else byPartition.set(partition, [q]);
    }
    return routed;
  }

  async function encode(records: Queued[]): Promise<Buffer> {
    const plain = records.map((q) => q.record);
    if (!codec) return encodeBatch(encodeRecords(plain, BATCH_HEADER), records.length, codecId, Date.now());
    const compressed = await codec.compress({ buffer: encodeRecords(plain) });
    const batch = Buffer.allocUnsafe(BATCH_HEADER + compressed.length);
    compressed.copy(batch, BATCH_HEADER);
    return encodeBatch(batch, records.length, codecId, Date.now());
  }

  async function sendNow(batch: Queued[]): Promise<void> {
    try {
      await ensureMetadata([...new Set(batch.map((q) => q.record.topic))]);
    } catch (err) {
      const mapped = mapKafkaJsError(err, ctx.connection, options.requestTimeoutMs);
      fail(batch[0]!.seq, batch.length, mapped.kind === 'not-found' ? `topic '${batch[0]!.record.topic}' does not exist` : mapped.message, mapped.kind);
      return;
    }
    for (const q of batch) {
      const count = partitionsOf(q.record.topic).length;
      if (q.record.partition !== undefined && q.record.partition >= count) {
        fail(q.seq, 1, `topic '${q.record.topic}' has no partition ${q.record.partition} (it has ${count})`, 'not-found');
        return;
      }
    }
    let pending = route(batch);
    for (let attempt = 0; pending.size > 0; attempt++) {
      const byLeader = new Map<number, Map<string, Map<number, Queued[]>>>();
      for (const [topic, partitions] of pending) {
        for (const [partition, records] of partitions) {
          const leader = partitionsOf(topic).find((p) => p.partitionId === partition)?.leader ?? -1;
          let forLeader = byLeader.get(leader);
          if (!forLeader) byLeader.set(leader, (forLeader = new Map()));
          let forTopic = forLeader.get(topic);
          if (!forTopic) forLeader.set(topic, (forTopic = new Map()));
          forTopic.set(partition, records);
        }
      }
      const retry = new Map<string, Map<number, Queued[]>>();
      const retryLater = (topic: string, partition: number, records: Queued[], message: string, kind: ErrorKind) => {
        if (attempt >= options.retries) { fail(records[0]!.seq, records.length, message, kind); return; }
        let t = retry.get(topic);
        if (!t) retry.set(topic, (t = new Map()));
        t.set(partition, records);
      };
      await Promise.all(
        [...byLeader].map(async ([leader, topics]) => {
          if (leader < 0) {
            for (const [topic, partitions] of topics) for (const [partition, records] of partitions) retryLater(topic, partition, records, `no leader for ${topic}-${partition}`, 'unreachable');
            return;
          }
          const encoded = new Map<string, Map<number, Buffer>>();
          for (const [topic, partitions] of topics) {
            const e = new Map<number, Buffer>();
            for (const [partition, records] of partitions) e.set(partition, await encode(records));
            encoded.set(topic, e);
          }
          let results: PartitionProduceResult[] | undefined;
          try {
            const broker = await ctx.run(cluster.findBroker({ nodeId: String(leader) }));
            results = await ctx.run(broker.connectionPool.send(produceRequest(options.acks, options.requestTimeoutMs, encoded, codecId === CODEC_IDS.zstd)), options.requestTimeoutMs + 5000);
          } catch (err) {
            const mapped = mapKafkaJsError(err, ctx.connection, options.requestTimeoutMs);
            for (const [topic, partitions] of topics) for (const [partition, records] of partitions) {
              if (mapped.kind === 'auth' || mapped.kind === 'invalid') fail(records[0]!.seq, records.length, mapped.message, mapped.kind);
              else retryLater(topic, partition, records, mapped.message, mapped.kind);
            }
            return;
          }
          if (options.acks === 0 || !results) {
            for (const partitions of topics.values()) for (const records of partitions.values()) report.acknowledged += records.length;
            return;
          }
          for (const r of results) {
            const records = topics.get(r.topic)?.get(r.partition);
            if (!records) continue;
            if (r.errorCode === 0) { report.acknowledged += records.length; continue; }
            const type = errorType(r.errorCode);
            const message = `${r.topic}-${r.partition}: ${errorText(r.errorCode)}`;
            const kind: ErrorKind = type === 'UNKNOWN_TOPIC_OR_PARTITION' ? 'not-found' : type.endsWith('AUTHORIZATION_FAILED') ? 'auth' : type === 'MESSAGE_TOO_LARGE' || type === 'RECORD_LIST_TOO_LARGE' || type.startsWith('INVALID') || type === 'CORRUPT_MESSAGE' ? 'invalid' : 'failed';
            if (RETRIABLE.has(type)) retryLater(r.topic, r.partition, records, message, kind);
            else fail(records[0]!.seq, records.length, message, kind);
          }
        }),
      );
      pending = retry;
      if (pending.size) {
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 2000)));
        await ctx.run(cluster.refreshMetadata()).catch(() => undefined);
      }
    }
  }

  const pump = () => {
    if (inFlight || queue.length === 0) return;
    if (lingerTimer) { clearTimeout(lingerTimer); lingerTimer = null; }
    let take = 0;
    let bytes = 0;
    while (take < queue.length && (take === 0 || bytes + queue[take]!.bytes <= MAX_REQUEST_PAYLOAD)) bytes += queue[take++]!.bytes;
    const batch = queue.slice(0, take);
    queue = queue.slice(take);
    queuedBytes -= bytes;
    inFlight = sendNow(batch).finally(() => {
      inFlight = null;
      if (queuedBytes < highWater) { const w = waiters; waiters = []; w.forEach((resolve) => resolve()); }
      if (queue.length && (queuedBytes >= options.batchBytes || !lingerTimer)) pump();
    });
  };

  const schedule = () => {
    if (inFlight) return;
    if (queuedBytes >= options.batchBytes || options.lingerMs === 0) { pump(); return; }
    lingerTimer ??= setTimeout(() => { lingerTimer = null; pump(); }, options.lingerMs);
  };

  return {
    write(record: ProduceRecord, seq: number) {
      const bytes = (record.key?.length ?? 0) + (record.value?.length ?? 0) + record.headers.reduce((n, [k, v]) => n + k.length + (v?.length ?? 0) + 4, 0) + RECORD_OVERHEAD;
      if (bytes > options.maxRequestBytes) {
        fail(seq, 1, `the record is ${bytes} bytes when serialized, larger than max.request.size ${options.maxRequestBytes}`, 'invalid');
        return;
      }
      queue.push({ record, seq, bytes });
      queuedBytes += bytes;
      if (options.sync) {
        pump();
        return inFlight ?? undefined;
      }
      schedule();
      if (queuedBytes >= highWater) return new Promise<void>((resolve) => waiters.push(resolve));
      return undefined;
    },
    async flush() {
      while (queue.length || inFlight) {
        if (!inFlight) pump();
        await inFlight;
      }
      return { ...report };
    },
    report: () => report,
    async close() {
      if (lingerTimer) clearTimeout(lingerTimer);
    },
  };
}
