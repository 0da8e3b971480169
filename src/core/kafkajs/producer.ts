import { kafkajs, murmur2 } from './load.js';
import type { DeliveryReport, ProduceRecord, ProducerOptions, RecordSink, TopicPartition, TransactionalSink, TransactionSettings, ValueRun } from '../client.js';
import type { AdapterContext } from './context.js';
import { brokerErrorType, mapKafkaJsError, notAuthorized, principalOf } from './errors.js';
import { CliError, type ErrorKind } from '../errors.js';
import { registerCodecs } from './codecs.js';
import { BATCH_HEADER, encodeBatch, restampBatch, encodeRecords, nextSequence, produceRequest, type BatchItem, type PartitionProduceResult } from './record-batch.js';
import { errorText, errorType, type WireRequest } from './requests.js';
import { fencedMessage, isFenced, transactionCoordinator } from './producer-transaction.js';

/**
 * The wait before a batch's nth retry (from 1), as Java's producer backs off: retry.backoff.ms,
 * doubled for each retry after the first, up to retry.backoff.max.ms (never below the first).
 */
export function retryBackoff(retry: number, options: Pick<ProducerOptions, 'retryBackoffMs' | 'retryBackoffMaxMs'>): number {
  return Math.min(options.retryBackoffMs * 2 ** (retry - 1), Math.max(options.retryBackoffMs, options.retryBackoffMaxMs));
}

/** One produce request carries at most this much, well under brokers' 1 MiB message.max.bytes. */
const MAX_REQUEST_PAYLOAD = 512 * 1024;
/** Per-record framing in a v2 record batch, plus the batch header, rounded up. */
const RECORD_OVERHEAD = 70;
/** Partition errors worth a metadata refresh and another try. */
const RETRIABLE = new Set(['NOT_LEADER_FOR_PARTITION', 'NOT_LEADER_OR_FOLLOWER', 'LEADER_NOT_AVAILABLE', 'REQUEST_TIMED_OUT', 'NOT_ENOUGH_REPLICAS', 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', 'UNKNOWN_TOPIC_OR_PARTITION', 'KAFKA_STORAGE_ERROR', 'NETWORK_EXCEPTION']);
const CODEC_IDS = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

/** A record, or a run of plain values, waiting to be sent; `seq` numbers its first record. */
interface Queued {
  item: BatchItem;
  topic: string;
  partition: number | undefined;
  key: Buffer | null;
  seq: number;
  count: number;
  bytes: number;
}

const countOf = (entries: readonly Queued[]) => entries.reduce((n, q) => n + q.count, 0);

/** One partition's share of a request, encoded once: a retry resends the same bytes and sequence. */
interface PartitionBatch {
  topic: string;
  partition: number;
  entries: Queued[];
  count: number;
  /** The first record's sequence number (idempotent producer), else null. */
  baseSequence: number | null;
  encoded: Buffer;
  /** Retries so far (splitting a batch the broker found too large is not one). */
  attempts: number;
  /** Not to be sent again before this time (a back-off, or a leader election). */
  notBefore: number;
  /** Give up on it after this time (delivery.timeout.ms from when it was prepared). */
  deadline: number;
  inFlight: boolean;
  /** Sent without an answer (timed out, connection lost): the broker may have written it. */
  maybeWritten: boolean;
}

/**
 * A partition's batches that are not resolved yet, in sequence order. Kafka's leader takes a
 * producer's batches only in sequence order once it knows the producer on that partition — but a
 * leader with no state for it (a new producer, a new topic) takes any sequence, so a later batch
 * that overtakes a retried first one lands and leaves a hole. Hence: until a partition has
 * acknowledged a batch, only its first batch is in flight; after that, a batch goes only when
 * every earlier one is in flight, and the leader refuses what would leave a gap.
 */
interface Lane {
  batches: PartitionBatch[];
  /** The sequence number of the partition's next record (idempotent producer). */
  nextSequence: number;
  /** The leader has acknowledged a batch of the current producer identity. */
  established: boolean;
  /** Set when a batch of the partition failed for good: later ones are not sent. */
  closedBecause: string | null;
}

/** Values from..to of a run (views, no copy). */
function sliceRun(run: ValueRun, from: number, to: number): ValueRun {
  return { ...run, starts: run.starts.subarray(from, to), ends: run.ends.subarray(from, to), count: to - from };
}

/** The first `n` records of some entries, and the rest; a run of values is cut where needed. */
function splitEntries(entries: Queued[], n: number): [Queued[], Queued[]] {
  const head: Queued[] = [];
  const tail: Queued[] = [];
  let left = n;
  for (const q of entries) {
    if (left >= q.count) { head.push(q); left -= q.count; continue; }
    if (left === 0 || !('starts' in q.item)) { tail.push(q); left = 0; continue; }
    const run = q.item;
    const cut = (from: number, to: number): Queued => {
      const piece = sliceRun(run, from, to);
      let bytes = 0;
      for (let i = 0; i < piece.count; i++) bytes += piece.ends[i]! - piece.starts[i]! + RECORD_OVERHEAD;
      return { ...q, item: piece, seq: q.seq + from, count: to - from, bytes };
    };
    head.push(cut(0, left));
    tail.push(cut(left, q.count));
    left = 0;
  }
  return [head, tail];
}

const DUPLICATE_SEQUENCE_NUMBER = 'DUPLICATE_SEQUENCE_NUMBER';
const OUT_OF_ORDER_SEQUENCE_NUMBER = 'OUT_OF_ORDER_SEQUENCE_NUMBER';
const UNKNOWN_PRODUCER_ID = 'UNKNOWN_PRODUCER_ID';

type Codec = { compress(encoder: { buffer: Buffer }): Promise<Buffer> };

/**
 * Records gather while requests are in flight. As Java's producer by default, the producer is
 * idempotent (acks=all): each partition's batches carry a producer id and sequence numbers, so up
 * to `maxInFlight` requests can be outstanding — the broker refuses a batch that would land out of
 * order or twice, and a retry resends the very same batch. Without idempotence, one request is in
 * flight at a time, which keeps every partition in order across retries.
 *
 * Batches are encoded here, straight into one buffer per partition (kafkajs builds several objects
 * and buffers per record), and sent through kafkajs's connections. Keys pick partitions with
 * Java's murmur2; records without a key stick to one partition per request, as Java's sticky
 * partitioner does per batch (or, with RoundRobinPartitioner, each goes to the next partition).
 */
export async function createProducer(ctx: AdapterContext, options: ProducerOptions, transaction: TransactionSettings): Promise<TransactionalSink>;
export async function createProducer(ctx: AdapterContext, options: ProducerOptions, transaction: null): Promise<RecordSink>;
export async function createProducer(ctx: AdapterContext, options: ProducerOptions, transaction: TransactionSettings | null): Promise<RecordSink | TransactionalSink> {
  if (options.compression !== 'none' && options.compression !== 'gzip') registerCodecs();
  const codecId = CODEC_IDS[options.compression];
  const codec = codecId ? ((kafkajs.CompressionCodecs as unknown as Record<number, () => Codec>)[codecId]!() as Codec) : null;
  const cluster = await ctx.newCluster(options.allowAutoTopicCreation);
  /** With a transactional id: its coordinator, and the partitions the open transaction has written to. */
  const coordinator = transaction ? transactionCoordinator(ctx, cluster, transaction, options.requestTimeoutMs) : null;
  const inTransaction = new Set<string>();
  /** The open transaction is being aborted: nothing more is sent. */
  let abandoning = false;
  const knownTopics = new Set<string>();
  const stickyPartition = new Map<string, number>();
  const roundRobin = new Map<string, number>();

  const report: DeliveryReport = { acknowledged: 0, failed: 0, unknown: 0, firstFailure: null };
  let queue: Queued[] = [];
  let queuedBytes = 0;
  let lingerTimer: NodeJS.Timeout | null = null;
  let waiters: Array<() => void> = [];
  const highWater = Math.max(4 * MAX_REQUEST_PAYLOAD, 4 * options.batchBytes);

  /** Requests on their way; batches are prepared (routed, numbered, encoded) strictly in queue order. */
  const running = new Set<Promise<void>>();
  let preparing: Promise<unknown> = Promise.resolve();
  let identity: { id: bigint; epoch: number } | null | undefined = options.idempotent ? undefined : null;
  let maxInFlight = 1;

  const noteFailure = (seq: number, message: string, kind: ErrorKind) => {
    if (!report.firstFailure || seq < report.firstFailure.seq) report.firstFailure = { seq, message, kind };
  };
  /** Records known not to be written. */
  const fail = (seq: number, count: number, message: string, kind: ErrorKind) => {
    report.failed += count;
    noteFailure(seq, message, kind);
  };

  const partitionsOf = (topic: string) => cluster.findTopicPartitionMetadata(topic) as Array<{ partitionId: number; leader: number }>;

  /**
   * InitProducerId once, before the first batch, retried (any broker) while the cluster is
   * getting ready, as Java's producer does. Only a cluster that forbids it (no IDEMPOTENT_WRITE
   * on brokers before 2.8) gets a plain producer, one request at a time, with a warning.
   */
  async function ensureIdentity(): Promise<void> {
    if (identity !== undefined) return;
    if (coordinator) {
      identity = await coordinator.init();
      maxInFlight = options.maxInFlight;
      return;
    }
    const deadline = Date.now() + options.requestTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        const ids = cluster.getNodeIds();
        // A share of the deadline per broker, so that a frozen one leaves time to ask the others.
        const withinMs = Math.max(1000, Math.min(deadline - Date.now(), options.requestTimeoutMs / 3));
        const broker = await ctx.run(cluster.findBroker({ nodeId: String(ids[attempt % ids.length]) }), withinMs);
        const answer = await ctx.run((broker as unknown as { initProducerId(a: object): Promise<{ producerId: string; producerEpoch: number }> }).initProducerId({ transactionTimeout: 60_000 }), withinMs);
        identity = { id: BigInt(answer.producerId), epoch: answer.producerEpoch };
        maxInFlight = options.maxInFlight;
        return;
      } catch (err) {
        // ctx.run has mapped kafkajs's error: 'auth' is an authorization refusal.
        if (err instanceof CliError && err.kind === 'auth') {
          identity = null;
          ctx.log(`warning: the cluster refused an idempotent producer (${(err as Error).message}): sending one request at a time, without idempotence`);
          return;
        }
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 1000)));
        await ctx.run(cluster.refreshMetadata()).catch(() => undefined);
      }
    }
  }

  async function ensureMetadata(topics: string[]) {
    const fresh = topics.filter((t) => !knownTopics.has(t));
    if (fresh.length === 0) return;
    const deadline = Date.now() + options.requestTimeoutMs;
    for (;;) {
      try {
        await ctx.run(cluster.addMultipleTargetTopics(fresh));
        if (fresh.every((t) => partitionsOf(t)?.length && partitionsOf(t).every((p) => p.leader >= 0))) break;
      } catch (err) {
        // Only where we asked the broker to create it: the topic is on its way, without leaders for a moment.
        if (!options.allowAutoTopicCreation || Date.now() > deadline) throw err;
      }
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
      await ctx.run(cluster.refreshMetadata()).catch(() => undefined);
    }
    for (const t of fresh) knownTopics.add(t);
  }

  /** topic → partition → records, by explicit partition, key hash, or the sticky partition. */
  function route(batch: Queued[]): Map<string, Map<number, Queued[]>> {
    const routed = new Map<string, Map<number, Queued[]>>();
    const sticky = new Map<string, number>();
    for (const q of batch) {
      const { topic } = q;
      const count = partitionsOf(topic).length;
      let partition = q.partition;
      if (partition === undefined) {
        if (options.partitioner === 'round-robin') {
          partition = ((roundRobin.get(topic) ?? -1) + 1) % count;
          roundRobin.set(topic, partition);
        } else if (q.key && !options.ignoreKeys) partition = (murmur2(q.key) & 0x7fffffff) % count;
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

  /** The next sequence numbers of a partition, for `count` records (null when not idempotent). */
  function takeSequences(lane: Lane, count: number): number | null {
    if (!identity) return null;
    const base = lane.nextSequence;
    lane.nextSequence = nextSequence(base, count);
    return base;
  }

  async function encode(entries: Queued[], baseSequence: number | null): Promise<Buffer> {
    const items = entries.map((q) => q.item);
    const count = countOf(entries);
    const producer = identity && baseSequence !== null ? { ...identity, baseSequence } : null;
    if (!codec) return encodeBatch(encodeRecords(items, BATCH_HEADER), count, codecId, Date.now(), producer, coordinator !== null);
    const compressed = await codec.compress({ buffer: encodeRecords(items) });
    const batch = Buffer.allocUnsafe(BATCH_HEADER + compressed.length);
    compressed.copy(batch, BATCH_HEADER);
    return encodeBatch(batch, count, codecId, Date.now(), producer, coordinator !== null);
  }

  /** Metadata, partitions and sequence numbers for one request's records; null when they cannot go. */
  async function prepare(batch: Queued[]): Promise<PartitionBatch[] | null> {
    try {
      await ensureMetadata([...new Set(batch.map((q) => q.topic))]);
      await ensureIdentity();
    } catch (err) {
      const topic = batch[0]!.topic;
      const mapped =
        brokerErrorType(err) === 'TOPIC_AUTHORIZATION_FAILED'
          ? notAuthorized('write to', `topic '${topic}'`, `\`kafka acls --add --allow-principal ${principalOf(ctx.connection)} --producer --topic ${topic}\``)
          : mapKafkaJsError(err, ctx.connection, options.requestTimeoutMs);
      fail(batch[0]!.seq, countOf(batch), mapped.kind === 'not-found' ? `topic '${topic}' does not exist` : mapped.message, mapped.kind);
      return null;
    }
    for (const q of batch) {
      const count = partitionsOf(q.topic).length;
      if (q.partition !== undefined && q.partition >= count) {
        fail(q.seq, countOf(batch.slice(batch.indexOf(q))), `topic '${q.topic}' has no partition ${q.partition} (it has ${count})`, 'not-found');
        return null;
      }
    }
    const routed = route(batch);
    if (coordinator) {
      // A transaction's partitions are made known to its coordinator before anything is written to them.
      const fresh: TopicPartition[] = [];
      for (const [topic, partitions] of routed) for (const partition of partitions.keys()) if (!inTransaction.has(laneKey(topic, partition))) fresh.push({ topic, partition });
      if (fresh.length) {
        try {
          await coordinator.addPartitions(fresh);
        } catch (err) {
          const mapped = mapKafkaJsError(err, ctx.connection, options.requestTimeoutMs);
          fail(batch[0]!.seq, countOf(batch), mapped.message, mapped.kind);
          return null;
        }
        for (const tp of fresh) inTransaction.add(laneKey(tp.topic, tp.partition));
      }
    }
    const prepared: PartitionBatch[] = [];
    for (const [topic, partitions] of routed) {
      for (const [partition, entries] of partitions) {
        const count = countOf(entries);
        const lane = laneOf(topic, partition);
        if (lane.closedBecause) {
          fail(entries[0]!.seq, count, lane.closedBecause, 'failed');
          continue;
        }
        const baseSequence = takeSequences(lane, count);
        const b: PartitionBatch = { topic, partition, entries, count, baseSequence, encoded: await encode(entries, baseSequence), attempts: 0, notBefore: 0, deadline: Date.now() + options.deliveryTimeoutMs, inFlight: false, maybeWritten: false };
        lane.batches.push(b);
        prepared.push(b);
      }
    }
    return prepared;
  }

  const lanes = new Map<string, Lane>();
  const laneKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;
  function laneOf(topic: string, partition: number): Lane {
    const key = laneKey(topic, partition);
    let lane = lanes.get(key);
    if (!lane) lanes.set(key, (lane = { batches: [], nextSequence: 0, established: false, closedBecause: null }));
    return lane;
  }

  /** Deliveries waiting for another batch to move (sent, acknowledged, given up). */
  let laneWaiters: Array<() => void> = [];
  const lanesChanged = () => {
    const w = laneWaiters;
    laneWaiters = [];
    for (const wake of w) wake();
  };
  const nextLaneChange = (withinMs: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(1, withinMs));
      laneWaiters.push(() => { clearTimeout(timer); resolve(); });
    });

  /** While the producer identity is renewed nothing is sent. */
  let renewing: Promise<void> | null = null;

  function mayGo(b: PartitionBatch, lane: Lane, now: number): boolean {
    if (b.inFlight || now < b.notBefore || renewing) return false;
    const at = lane.batches.indexOf(b);
    if (at > 0 && (!identity || !lane.established)) return false;
    for (let i = 0; i < at; i++) if (!lane.batches[i]!.inFlight) return false;
    return true;
  }

  function resolve(b: PartitionBatch) {
    const lane = laneOf(b.topic, b.partition);
    const at = lane.batches.indexOf(b);
    if (at >= 0) lane.batches.splice(at, 1);
    b.inFlight = false;
    lanesChanged();
    return lane;
  }

  function acknowledge(b: PartitionBatch) {
    const lane = resolve(b);
    if (identity) lane.established = true;
    report.acknowledged += b.count;
  }

  /** No more tries: unknown if an attempt went unanswered, else not written. Later batches of its partition are not sent. */
  function giveUp(b: PartitionBatch, message: string, kind: ErrorKind) {
    const lane = resolve(b);
    lane.closedBecause ??= `${b.topic}-${b.partition}: not sent, an earlier batch of the partition failed`;
    if (b.maybeWritten) {
      report.unknown += b.count;
      noteFailure(b.entries[0]!.seq, `${message} (outcome unknown: the broker may have written it)`, kind);
    } else fail(b.entries[0]!.seq, b.count, message, kind);
  }

  /**
   * The leader's sequence for a partition no longer matches ours (it lost our producer state, or
   * refuses the first batch we have not had acknowledged): as Java's producer does (KIP-360), once
   * nothing is in flight, take a new producer identity and number every waiting batch anew from 0.
   */
  function renewIdentity(): Promise<void> {
    renewing ??= (async () => {
      while ([...lanes.values()].some((l) => l.batches.some((b) => b.inFlight))) await nextLaneChange(100);
      identity = undefined;
      await ensureIdentity();
      for (const lane of lanes.values()) {
        lane.established = false;
        let next = 0;
        const renewed = identity as { id: bigint; epoch: number } | null | undefined;
        for (const b of lane.batches) {
          if (renewed) {
            b.baseSequence = next;
            restampBatch(b.encoded, { ...renewed, baseSequence: next });
          }
          next = nextSequence(next, b.count);
        }
        lane.nextSequence = next;
      }
    })().finally(() => {
      renewing = null;
      lanesChanged();
    });
    return renewing;
  }

  /**
   * Sends these batches (one request's worth) to their leaders until each is acknowledged or given
   * up; a retry resends the same bytes after a fresh look at the leaders. Batches of a partition
   * go in sequence order across all requests (see Lane).
   */
  async function deliver(batches: PartitionBatch[]): Promise<void> {
    let pending = batches;
    while (pending.length > 0) {
      const now = Date.now();
      const byLeader = new Map<number, PartitionBatch[]>();
      const held: PartitionBatch[] = [];
      // One batch per partition per request.
      const sending = new Set<Lane>();
      for (const b of pending) {
        const lane = laneOf(b.topic, b.partition);
        if (lane.closedBecause) { giveUp(b, lane.closedBecause, 'failed'); continue; }
        // Not sent, and not a failure: the transaction it belonged to was aborted.
        if (abandoning) { resolve(b); continue; }
        if (now > b.deadline) { giveUp(b, `${b.topic}-${b.partition}: not acknowledged within delivery.timeout.ms ${options.deliveryTimeoutMs}`, 'timeout'); continue; }
        if (sending.has(lane) || !mayGo(b, lane, now)) { held.push(b); continue; }
        sending.add(lane);
        const leader = partitionsOf(b.topic).find((p) => p.partitionId === b.partition)?.leader ?? -1;
        const list = byLeader.get(leader);
        if (list) list.push(b);
        else byLeader.set(leader, [b]);
      }
      if (byLeader.size === 0) {
        if (held.length === 0) return;
        if (renewing) await renewing;
        // Until a back-off ends, or (waiting for an earlier batch) until a lane moves.
        else await nextLaneChange(Math.min(1000, ...held.filter((b) => b.notBefore > now).map((b) => b.notBefore - now)));
        pending = held;
        continue;
      }
      const retry: PartitionBatch[] = [];
      let refresh = false;
      const again = (b: PartitionBatch, delayMs: number) => {
        b.inFlight = false;
        b.notBefore = Date.now() + delayMs;
        retry.push(b);
        lanesChanged();
      };
      // A leader that is gone or not elected yet: as in Java's producer, the batch waits for the
      // election (until delivery.timeout.ms); no retry is used up.
      const waitForLeader = (b: PartitionBatch) => {
        refresh = true;
        again(b, 250);
      };
      const retryLater = (b: PartitionBatch, message: string, kind: ErrorKind) => {
        refresh = true;
        if (b.attempts >= options.retries) giveUp(b, message, kind);
        else {
          b.attempts++;
          again(b, retryBackoff(b.attempts, options));
        }
      };
      // A batch over the topic's max.message.bytes goes again as two, as Java's producer splits
      // it: same sequence numbers, so the broker still sees one unbroken run.
      const split = async (b: PartitionBatch) => {
        const lane = laneOf(b.topic, b.partition);
        const [head, tail] = splitEntries(b.entries, Math.floor(b.count / 2));
        const halves: PartitionBatch[] = [];
        for (const [entries, offset] of [[head, 0], [tail, countOf(head)]] as const) {
          const baseSequence = b.baseSequence === null ? null : nextSequence(b.baseSequence, offset);
          halves.push({ ...b, entries, count: countOf(entries), baseSequence, encoded: await encode(entries, baseSequence), inFlight: false, notBefore: 0 });
        }
        lane.batches.splice(lane.batches.indexOf(b), 1, ...halves);
        retry.push(...halves);
        lanesChanged();
      };
      for (const forLeader of byLeader.values()) for (const b of forLeader) b.inFlight = true;
      lanesChanged();
      await Promise.all(
        [...byLeader].map(async ([leader, forLeader]) => {
          if (leader < 0) {
            for (const b of forLeader) waitForLeader(b);
            return;
          }
          const request = new Map<string, Map<number, Buffer>>();
          for (const b of forLeader) {
            let forTopic = request.get(b.topic);
            if (!forTopic) request.set(b.topic, (forTopic = new Map()));
            forTopic.set(b.partition, b.encoded);
          }
          let connection: { send<T>(req: WireRequest<T>): Promise<T> };
          try {
            const broker = await ctx.run(cluster.findBroker({ nodeId: String(leader) }));
            connection = await ctx.run(broker.connectionPool.getConnection());
          } catch (err) {
            // Nothing was sent.
            const mapped = mapKafkaJsError(err, ctx.connection, options.requestTimeoutMs);
            for (const b of forLeader) {
              if (mapped.kind === 'auth' || mapped.kind === 'invalid') giveUp(b, mapped.message, mapped.kind);
              else waitForLeader(b);
            }
            return;
          }
          let results: PartitionProduceResult[] | undefined;
          try {
            results = await ctx.run(connection.send(produceRequest(options.acks, options.requestTimeoutMs, request, codecId === CODEC_IDS.zstd, transaction?.transactionalId ?? null)), options.requestTimeoutMs + 5000);
          } catch (err) {
            // Sent, but no answer: it may have been written. Idempotence makes a resend safe.
            const mapped = mapKafkaJsError(err, ctx.connection, options.requestTimeoutMs);
            for (const b of forLeader) {
              b.maybeWritten = true;
              if (mapped.kind === 'auth' || mapped.kind === 'invalid') giveUp(b, mapped.message, mapped.kind);
              else if (mapped.kind === 'unreachable') waitForLeader(b);
              else retryLater(b, `${b.topic}-${b.partition}: ${mapped.message}`, mapped.kind);
            }
            return;
          }
          if (options.acks === 0 || !results) {
            for (const b of forLeader) acknowledge(b);
            return;
          }
          for (const b of forLeader) {
            const r = results.find((x) => x.topic === b.topic && x.partition === b.partition);
            if (!r) {
              b.maybeWritten = true;
              retryLater(b, `${b.topic}-${b.partition}: the broker's answer left the partition out`, 'failed');
              continue;
            }
            const type = r.errorCode === 0 ? null : errorType(r.errorCode);
            // A retried batch the broker already has: written once, as it should be.
            if (type === null || type === DUPLICATE_SEQUENCE_NUMBER) { acknowledge(b); continue; }
            const message = `${r.topic}-${r.partition}: ${errorText(r.errorCode)}`;
            const lane = laneOf(b.topic, b.partition);
            if (type === OUT_OF_ORDER_SEQUENCE_NUMBER || type === UNKNOWN_PRODUCER_ID) {
              if (lane.closedBecause) giveUp(b, lane.closedBecause, 'failed');
              // An earlier batch of the partition is being retried: wait for it (not a retry of this one).
              else if (lane.batches.indexOf(b) > 0) again(b, 0);
              // A transaction cannot go on under another identity: it is aborted.
              else if (coordinator) giveUp(b, message, 'failed');
              // The first unacknowledged batch itself: the leader's state is not ours.
              else if (b.attempts >= options.retries) giveUp(b, message, 'failed');
              else {
                b.attempts++;
                again(b, 0);
                ctx.log(`warning: ${message}; continuing under a new producer id`);
                void renewIdentity().catch((err) => {
                  if (lane.batches.includes(b)) giveUp(b, `${b.topic}-${b.partition}: no new producer id: ${mapKafkaJsError(err, ctx.connection, options.requestTimeoutMs).message}`, 'failed');
                });
              }
              continue;
            }
            if (transaction && isFenced(type)) {
              giveUp(b, fencedMessage(transaction.transactionalId), 'failed');
              continue;
            }
            if ((type === 'MESSAGE_TOO_LARGE' || type === 'RECORD_LIST_TOO_LARGE') && b.count > 1) {
              await split(b);
              continue;
            }
            const kind: ErrorKind = type === 'UNKNOWN_TOPIC_OR_PARTITION' ? 'not-found' : type.endsWith('AUTHORIZATION_FAILED') ? 'auth' : type === 'MESSAGE_TOO_LARGE' || type === 'RECORD_LIST_TOO_LARGE' || type.startsWith('INVALID') || type === 'CORRUPT_MESSAGE' ? 'invalid' : 'failed';
            if (RETRIABLE.has(type)) retryLater(b, message, kind);
            else giveUp(b, message, kind);
          }
        }),
      );
      // In input order, so that each partition's records go out in the order they were read.
      pending = [...retry, ...held].sort((a, b) => a.entries[0]!.seq - b.entries[0]!.seq);
      if (refresh) await ctx.run(cluster.refreshMetadata()).catch(() => undefined);
    }
  }

  /** Starts requests while there is room: a full one whenever possible, a partial one when `force`d. */
  const pump = (force: boolean) => {
    if (lingerTimer) { clearTimeout(lingerTimer); lingerTimer = null; }
    while (queue.length && running.size < maxInFlight && (force || queuedBytes >= (running.size ? MAX_REQUEST_PAYLOAD : options.batchBytes))) {
      force = false;
      let take = 0;
      let bytes = 0;
      while (take < queue.length && (take === 0 || bytes + queue[take]!.bytes <= MAX_REQUEST_PAYLOAD)) bytes += queue[take++]!.bytes;
      const batch = queue.slice(0, take);
      queue = queue.slice(take);
      queuedBytes -= bytes;
      const prepared = preparing.then(() => prepare(batch));
      preparing = prepared.catch(() => undefined);
      const request: Promise<void> = prepared
        .then((batches) => (batches ? deliver(batches) : undefined))
        .finally(() => {
          running.delete(request);
          if (queuedBytes < highWater) { const w = waiters; waiters = []; w.forEach((resolve) => resolve()); }
          if (queue.length) pump(!lingerTimer);
        });
      running.add(request);
    }
  };

  function enqueue(entry: Queued): Promise<void> | undefined {
    queue.push(entry);
    queuedBytes += entry.bytes;
    if (options.sync) {
      pump(true);
      return Promise.all(running).then(() => undefined);
    }
    schedule();
    if (queuedBytes >= highWater) return new Promise<void>((resolve) => waiters.push(resolve));
    return undefined;
  }

  const schedule = () => {
    if (queuedBytes >= options.batchBytes || options.lingerMs === 0) { pump(options.lingerMs === 0); return; }
    lingerTimer ??= setTimeout(() => { lingerTimer = null; pump(true); }, options.lingerMs);
  };

  const sink: RecordSink = {
    write(record: ProduceRecord, seq: number) {
      const bytes = (record.key?.length ?? 0) + (record.value?.length ?? 0) + record.headers.reduce((n, [k, v]) => n + k.length + (v?.length ?? 0) + 4, 0) + RECORD_OVERHEAD;
      if (bytes > options.maxRequestBytes) {
        fail(seq, 1, `the record is ${bytes} bytes when serialized, larger than max.request.size ${options.maxRequestBytes}`, 'invalid');
        return;
      }
      return enqueue({ item: record, topic: record.topic, partition: record.partition, key: record.key, seq, count: 1, bytes });
    },
    writeValues(run: ValueRun, firstSeq: number) {
      let wait: Promise<void> | undefined;
      let from = 0;
      let bytes = 0;
      // Round robin places each record on its own: one piece per record.
      const oneByOne = options.partitioner === 'round-robin' && run.partition === undefined;
      // Queued in pieces that fit a request.
      for (let i = 0; i <= run.count; i++) {
        const size = i < run.count ? run.ends[i]! - run.starts[i]! + RECORD_OVERHEAD : 0;
        const tooLarge = size > options.maxRequestBytes;
        if (i === run.count || tooLarge || (i > from && (oneByOne || bytes + size > MAX_REQUEST_PAYLOAD))) {
          if (i > from) wait = enqueue({ item: sliceRun(run, from, i), topic: run.topic, partition: run.partition, key: null, seq: firstSeq + from, count: i - from, bytes }) ?? wait;
          from = i;
          bytes = 0;
        }
        if (tooLarge) {
          fail(firstSeq + i, 1, `the record is ${size} bytes when serialized, larger than max.request.size ${options.maxRequestBytes}`, 'invalid');
          return { taken: i + 1, wait };
        }
        bytes += size;
      }
      return { taken: run.count, wait };
    },
    async flush() {
      while (queue.length || running.size) {
        pump(true);
        await Promise.race(running);
      }
      return { ...report };
    },
    report: () => report,
    async close() {
      if (lingerTimer) clearTimeout(lingerTimer);
    },
  };
  if (!coordinator) return sink;

  /** Failures before the open transaction began. */
  let failuresBefore = 0;
  const endTransaction = async (commit: boolean) => {
    // A transaction that wrote nothing is not known to the coordinator: there is nothing to end.
    if (inTransaction.size) await coordinator.end(commit);
    inTransaction.clear();
    failuresBefore = report.failed + report.unknown;
  };
  return {
    ...sink,
    async commit() {
      await sink.flush();
      if (report.failed + report.unknown > failuresBefore) {
        await endTransaction(false);
        return false;
      }
      await endTransaction(true);
      return true;
    },
    async abort() {
      abandoning = true;
      if (lingerTimer) clearTimeout(lingerTimer);
      queue = [];
      queuedBytes = 0;
      // What is in flight may still land: the abort marker must come after it.
      while (running.size) await Promise.allSettled(running);
      await endTransaction(false);
    },
  };
}
