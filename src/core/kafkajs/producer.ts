import { kafkajs } from './load.js';
import type { Message, Producer } from 'kafkajs';
import type { DeliveryReport, ProduceRecord, ProducerOptions, RecordSink } from '../client.js';
import type { AdapterContext } from './adapter.js';
import { mapKafkaJsError } from './errors.js';
import type { ErrorKind } from '../errors.js';
import { registerCodecs } from './codecs.js';


/** One produce request carries at most this much, well under brokers' 1 MiB message.max.bytes. */
const MAX_REQUEST_PAYLOAD = 512 * 1024;
/** Per-record framing in a v2 record batch, plus the batch header, rounded up. */
const RECORD_OVERHEAD = 70;

interface Queued {
  record: ProduceRecord;
  seq: number;
  bytes: number;
}

/**
 * kafkajs sends one request per send() and has no linger or batch.size (tulios/kafkajs#1157),
 * so batching lives here: records gather while the previous request is in flight, and exactly
 * one request is in flight at a time, which keeps every partition in order on retries.
 */
export async function createProducer(ctx: AdapterContext, options: ProducerOptions): Promise<RecordSink> {
  if (options.compression !== 'none' && options.compression !== 'gzip') registerCodecs();
  const idempotent = options.acks === -1 && options.retries > 0;
  const producer: Producer = ctx.kafka.producer({
    allowAutoTopicCreation: options.allowAutoTopicCreation,
    idempotent,
    maxInFlightRequests: idempotent ? 1 : undefined,
    retry: { retries: options.retries, initialRetryTime: 100, maxRetryTime: 2000 },
  });
  await ctx.run(producer.connect());

  const compression = {
    none: kafkajs.CompressionTypes.None,
    gzip: kafkajs.CompressionTypes.GZIP,
    snappy: kafkajs.CompressionTypes.Snappy,
    lz4: kafkajs.CompressionTypes.LZ4,
    zstd: kafkajs.CompressionTypes.ZSTD,
  }[options.compression];

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

  const sendNow = (batch: Queued[]): Promise<void> => {
    const byTopic = new Map<string, Message[]>();
    for (const { record } of batch) {
      const messages = byTopic.get(record.topic) ?? [];
      messages.push({
        key: record.key,
        value: record.value,
        partition: record.partition,
        headers: record.headers.length ? toKafkajsHeaders(record.headers) : undefined,
      });
      byTopic.set(record.topic, messages);
    }
    const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    return ctx
      .run(producer.sendBatch({ topicMessages, acks: options.acks, timeout: options.requestTimeoutMs, compression }), options.requestTimeoutMs * (options.retries + 2))
      .then(
        () => { report.acknowledged += batch.length; },
        (err) => {
          const mapped = mapKafkaJsError(err, ctx.connection, options.requestTimeoutMs);
          fail(batch[0]!.seq, batch.length, mapped.message, mapped.kind);
        },
      );
  };

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
    report: () => ({ ...report }),
    async close() {
      if (lingerTimer) clearTimeout(lingerTimer);
      await Promise.race([producer.disconnect().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
    },
  };
}

function toKafkajsHeaders(headers: Array<[string, Buffer | null]>): Record<string, Buffer | Buffer[]> {
  const out: Record<string, Buffer | Buffer[]> = {};
  for (const [key, value] of headers) {
    // kafkajs writes a null header value as length -1, which is what Kafka means by null.
    const v = value as Buffer;
    const existing = out[key];
    if (existing === undefined) out[key] = v;
    else out[key] = Array.isArray(existing) ? [...existing, v] : [existing, v];
  }
  return out;
}
