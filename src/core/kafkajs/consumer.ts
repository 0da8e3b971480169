import type { Consumer, EachBatchPayload } from 'kafkajs';
import type { ConsumedRecord, ConsumerOptions, GroupType, PartitionOffsets, RecordSource, TopicPartition } from '../client.js';
import { CliError, invalid, notFound } from '../errors.js';
import type { AdapterContext } from './context.js';
import { FETCH_WAIT_MS, fetchFrom } from './fetch.js';
import { decompress, registerCodecs } from './codecs.js';
import { brokerErrorType, mapKafkaJsError, notAuthorized, principalOf, whileBrokersSettle } from './errors.js';
import { beforeGivingUpPartitions, commitAsMember, type InternalCluster, type KafkajsMessage } from './load.js';
import { readFetchedLog } from './record-batch.js';
import { committedOffsets, listOffsets } from './offsets.js';
import { sleep } from '../sleep.js';
import { apiVersionsWithFeatures, errorType } from './requests.js';

const EMPTY = Buffer.alloc(0);

/** How long a silent consumer's check that some broker of the cluster answers may take. */
const CLUSTER_PROBE_MS = 5000;
/** kafkajs's default: how long a JoinGroup may wait at the coordinator for the other members. */
const REBALANCE_TIMEOUT_MS = 60_000;

/** The type of a group of that name, if one exists (asked only when a join is refused). */
type GroupTypeOf = (groupId: string) => Promise<GroupType | null>;

export async function createConsumer(ctx: AdapterContext, options: ConsumerOptions, signal: AbortSignal, groupTypeOf: GroupTypeOf): Promise<RecordSource> {
  registerCodecs();
  return options.group ? groupConsumer(ctx, options, signal, groupTypeOf) : assignedConsumer(ctx, options, signal);
}

/**
 * A share or streams group of that name refuses a classic member with INCONSISTENT_GROUP_PROTOCOL
 * ("supported protocols are incompatible"): say what the group is, and what reads it.
 */
async function notAConsumerGroup(group: string, topic: string, groupTypeOf: GroupTypeOf): Promise<CliError | null> {
  const type = await groupTypeOf(group).catch(() => null);
  if (type === 'Share') return invalid(`group '${group}' is a share group: a console consumer cannot join it`, `read it with \`kafka console-share-consumer --group ${group} --topic ${topic}\``);
  if (type === 'Streams') return invalid(`group '${group}' is a streams group (a Kafka Streams application's): a console consumer cannot join it`, `read in a group of your own, \`kafka console-consumer --topic ${topic} --group <another>\`, or in none`);
  return null;
}

export function toConsumedRecord(topic: string, partition: number, m: KafkajsMessage): ConsumedRecord {
  const timestampType = m.batchContext?.timestampType;
  const headers = m.headers ?? [];
  const timestamp = Number(m.timestamp);
  return {
    topic,
    partition,
    offset: Number(m.offset),
    timestamp,
    timestampType: timestamp < 0 ? 'NoTimestamp' : timestampType === 1 ? 'LogAppendTime' : 'CreateTime',
    leaderEpoch: m.batchContext?.partitionLeaderEpoch ?? null,
    key: m.key,
    value: m.value,
    headers,
  };
}

async function resolveTopics(ctx: AdapterContext, options: ConsumerOptions): Promise<string[]> {
  if (Array.isArray(options.topics)) return options.topics;
  const pattern = options.topics.pattern;
  return (await listTopicNames(ctx)).filter((t) => pattern.test(t));
}

async function listTopicNames(ctx: AdapterContext): Promise<string[]> {
  return ctx.run((await ctx.admin()).listTopics());
}

/**
 * A topic a principal may not describe is left out of the topic list as if it did not exist:
 * asked for by name, the broker says which it is.
 */
async function assertTopicsExist(ctx: AdapterContext, names: string[], group: string | undefined): Promise<void> {
  const existing = new Set(await listTopicNames(ctx));
  const missing = names.filter((t) => !existing.has(t));
  if (missing.length === 0) return;
  const cluster = await ctx.cluster();
  const denied = await ctx.run(cluster.addMultipleTargetTopics(missing)).then(
    () => undefined,
    (err: unknown) => (brokerErrorType(err) === 'TOPIC_AUTHORIZATION_FAILED' ? missing[0] : undefined),
  );
  if (denied !== undefined) {
    const principal = principalOf(ctx.connection);
    const grant =
      group === undefined
        ? `\`kafka acls --add --allow-principal ${principal} --operation Read --operation Describe --topic ${denied}\``
        : `\`kafka acls --add --allow-principal ${principal} --consumer --topic ${denied} --group ${group}\``;
    throw notAuthorized('read', `topic '${denied}'`, grant);
  }
  throw notFound(`topic '${missing[0]}' does not exist`, 'list topics with `kafka topics --list`');
}

/**
 * A group the principal may not read is refused at FindCoordinator, which kafkajs retries on every
 * broker and then reports as a coordinator it could not find: asked once, the broker says why.
 */
async function assertGroupAllowed(ctx: AdapterContext, group: string, topics: string[]): Promise<void> {
  const cluster = await ctx.cluster();
  const id = cluster.getNodeIds()[0];
  if (id === undefined) return;
  const broker = await ctx.run(cluster.findBroker({ nodeId: String(id) }));
  await ctx.run(broker.findGroupCoordinator({ groupId: group, coordinatorType: 0 })).catch((err: unknown) => {
    if (brokerErrorType(err) === 'GROUP_AUTHORIZATION_FAILED') {
      throw notAuthorized('read', `group '${group}'`, `\`kafka acls --add --allow-principal ${principalOf(ctx.connection)} --consumer --topic ${topics[0] ?? 'T'} --group ${group}\``);
    }
  });
}

/**
 * No group: fetch directly from each partition leader, as Kafka's tool does with assign().
 * Nothing is committed and no group is left behind.
 */
async function assignedConsumer(ctx: AdapterContext, options: ConsumerOptions, signal: AbortSignal): Promise<RecordSource> {
  const cluster = await ctx.cluster();
  const isolationLevel = options.isolation === 'read_committed' ? 1 : 0;
  let topics = await resolveTopics(ctx, options);
  const positions = new Map<string, TopicPartition & { offset: number; end?: number }>();
  const key = (t: string, p: number) => `${t}\u0000${p}`;
  /** A fetch refused by the authorizer: the reader lacks Read on the topic. */
  const readRefused = (topic: string) =>
    notAuthorized('read', `topic '${topic}'`, `\`kafka acls --add --allow-principal ${principalOf(ctx.connection)} --operation Read --topic ${topic}\``);

  const addTopics = async (names: string[]) => {
    if (names.length === 0) return;
    await assertTopicsExist(ctx, names, undefined);
    await ctx.run(cluster.addMultipleTargetTopics(names));
    const wanted: TopicPartition[] = [];
    for (const topic of names) {
      const meta = cluster.findTopicPartitionMetadata(topic);
      if (!meta || meta.length === 0) throw notFound(`topic '${topic}' does not exist`, 'list topics with `kafka topics --list`');
      const ids = meta.map((p) => p.partitionId).sort((a, b) => a - b);
      for (const partition of options.partitions ?? ids) {
        if (!ids.includes(partition)) throw notFound(`partition ${partition} of topic '${topic}' does not exist (it has ${ids.length})`);
        wanted.push({ topic, partition });
      }
    }
    const start = await startOffsets(ctx, cluster, wanted, options);
    const ends = options.stopAtEnd ? await listOffsets(ctx, cluster, wanted, 'latest', isolationLevel) : null;
    for (const tp of wanted) {
      const k = key(tp.topic, tp.partition);
      positions.set(k, { ...tp, offset: start.get(k)!, end: ends?.get(k) });
    }
  };
  await addTopics(topics);

  async function* batches(): AsyncGenerator<ConsumedRecord[]> {
    let lastTopicRefresh = Date.now();
    /** When a broker last answered a fetch: the reader gives up only when none has for a request timeout. */
    let lastAnswer = Date.now();
    while (!signal.aborted) {
      const active = [...positions.values()].filter((p) => p.end === undefined || p.offset < p.end);
      if (options.stopAtEnd && active.length === 0) return;
      if (!Array.isArray(options.topics) && Date.now() - lastTopicRefresh > 5000) {
        lastTopicRefresh = Date.now();
        const now = await resolveTopics(ctx, options);
        const added = now.filter((t) => !topics.includes(t));
        topics = now;
        await addTopics(added);
      }
      if (active.length === 0) {
        await sleep(FETCH_WAIT_MS, signal);
        continue;
      }
      const byLeader = new Map<number, typeof active>();
      for (const p of active) {
        const leader = cluster.findTopicPartitionMetadata(p.topic).find((m) => m.partitionId === p.partition)?.leader ?? -1;
        const list = byLeader.get(leader) ?? [];
        list.push(p);
        byLeader.set(leader, list);
      }
      const fetched = await Promise.all(
        [...byLeader].map(([leader, parts]) => fetchFrom(cluster, leader, parts, isolationLevel, options.tuning).catch((err) => ({ err, parts }))),
      );
      const records: ConsumedRecord[] = [];
      let refresh = false;
      for (const result of fetched) {
        if ('err' in result) {
          if (brokerErrorType(result.err) === 'TOPIC_AUTHORIZATION_FAILED') throw readRefused(result.parts[0]!.topic);
          const mapped = mapKafkaJsError(result.err, ctx.connection, ctx.connection.requestTimeoutMs);
          if (mapped.kind === 'auth') throw mapped;
          // A broker gone or frozen (its partitions get new leaders) is no reason to stop while others
          // answer; when none has for a whole request timeout, say so and stop.
          if (Date.now() - lastAnswer > ctx.connection.requestTimeoutMs) {
            throw new CliError(mapped.kind === 'timeout' ? 'timeout' : 'unreachable', `no broker answered a fetch for ${Math.round((Date.now() - lastAnswer) / 1000)}s: ${mapped.message}`, 'is the cluster up? raise --request-timeout-ms to wait longer', mapped);
          }
          refresh = true;
          continue;
        }
        lastAnswer = Date.now();
        for (const part of result) {
          const pos = positions.get(key(part.topic, part.partition))!;
          if (part.errorCode === 1) {
            // OFFSET_OUT_OF_RANGE. Around a leader change the answer can be a stale one, and the
            // leader to ask may be the broker that just died: only an offset outside the log as it
            // is now (deleted, or past its end) restarts where auto.offset.reset says, as Kafka's
            // consumer does; otherwise, or when the log's range is unknown, fetch again.
            const [low, high] = (
              await Promise.all([listOffsets(ctx, cluster, [pos], 'earliest', 0, true), listOffsets(ctx, cluster, [pos], 'latest', isolationLevel, true)])
            ).map((found) => found.get(key(pos.topic, pos.partition)));
            if (low !== undefined && high !== undefined && (pos.offset < low || pos.offset > high)) pos.offset = options.start.kind === 'earliest' ? low : high;
            else refresh = true;
            continue;
          }
          if (errorType(part.errorCode) === 'TOPIC_AUTHORIZATION_FAILED') throw readRefused(part.topic);
          if (part.errorCode) { refresh = true; continue; }
          const log = await readFetchedLog(part.topic, part.partition, part.records ?? EMPTY, pos.offset, isolationLevel === 1 ? part.abortedTransactions ?? [] : null, decompress);
          for (const r of log.records) {
            if (pos.end !== undefined && r.offset >= pos.end) break;
            records.push(r);
          }
          if (log.next !== null) pos.offset = Math.max(pos.offset, log.next);
          else if (!part.records?.length && isolationLevel === 1 && part.lastStableOffset >= 0 && pos.offset < part.lastStableOffset) pos.offset = part.lastStableOffset;
        }
      }
      if (refresh) {
        await ctx.run(cluster.refreshMetadata()).catch(() => undefined);
        await sleep(200, signal);
      }
      if (records.length) yield records;
    }
  }

  return {
    [Symbol.asyncIterator]: batches,
    printed() {
      /* no group: nothing to commit */
    },
    async commit() {
      /* no group: nothing to commit */
    },
    async close() {
      /* the shared cluster connection is closed with the client */
    },
  };
}

/** Whether any broker of the cluster answers an ApiVersions request within CLUSTER_PROBE_MS (all are asked at once). */
async function someBrokerAnswers(ctx: AdapterContext): Promise<boolean> {
  const answers = async () => {
    const cluster = await ctx.cluster();
    await Promise.any(cluster.getNodeIds().map(async (id) => (await cluster.findBroker({ nodeId: String(id) })).connectionPool.send(apiVersionsWithFeatures())));
  };
  return ctx.run(answers(), CLUSTER_PROBE_MS).then(() => true, () => false);
}

async function startOffsets(ctx: AdapterContext, cluster: InternalCluster, tps: TopicPartition[], options: ConsumerOptions): Promise<Map<string, number>> {
  const start = options.start;
  if (start.kind === 'offset') {
    const [earliest, latest] = await Promise.all([listOffsets(ctx, cluster, tps, 'earliest', 0), listOffsets(ctx, cluster, tps, 'latest', 0)]);
    const result = new Map<string, number>();
    for (const [k, low] of earliest) result.set(k, Math.min(Math.max(start.offset, low), latest.get(k)!));
    return result;
  }
  return listOffsets(ctx, cluster, tps, start.kind === 'timestamp' ? { timestamp: start.timestamp } : start.kind, 0);
}


/** With a group: kafkajs's consumer joins it; we hand over batches and commit what was printed. */
async function groupConsumer(ctx: AdapterContext, options: ConsumerOptions, signal: AbortSignal, groupTypeOf: GroupTypeOf): Promise<RecordSource> {
  if (Array.isArray(options.topics)) await assertTopicsExist(ctx, options.topics, options.group);
  // kafkajs matches a pattern against the topics of the moment too; ours matches in linear time.
  const topics = await resolveTopics(ctx, options);
  if (topics.length === 0) throw notFound('no topic matches the pattern', 'list them with `kafka topics --list`');
  await assertGroupAllowed(ctx, options.group!, topics);
  const sessionTimeout = options.tuning.sessionTimeoutMs;
  const consumer: Consumer = ctx.kafka.consumer({
    groupId: options.group!,
    readUncommitted: options.isolation === 'read_uncommitted',
    sessionTimeout,
    heartbeatInterval: options.tuning.heartbeatIntervalMs,
    maxWaitTimeInMs: FETCH_WAIT_MS,
    allowAutoTopicCreation: false,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  await ctx.connecting(consumer.connect());
  await ctx.run(consumer.subscribe({ topics, fromBeginning: options.start.kind === 'earliest' }));

  let pending: { records: ConsumedRecord[]; taken: () => void } | null = null;
  /** The batch handed to the caller: released when the caller asks for more, or on close. */
  let inHand: (() => void) | null = null;
  let wake: (() => void) | null = null;
  let failure: unknown = null;
  /** -e: per partition, the end offset at join and whether we got there. */
  const ends = new Map<string, { end: number; done: boolean }>();

  /**
   * When a broker last answered this consumer (kafkajs fetches every FETCH_WAIT_MS and heartbeats
   * while it is in the group), and whether it is joining, when the coordinator may hold the answer
   * for a rebalance timeout. Time the caller spends printing does not count.
   */
  let lastAnswer = Date.now();
  let joining = true;
  consumer.on(consumer.events.REQUEST, () => {
    lastAnswer = Date.now();
  });
  /**
   * The consumer waits on one broker at a time (its coordinator's heartbeat holds up its fetches),
   * so one frozen broker silences it: kafkajs times that request out and looks for the coordinator
   * again. Only when no broker of the cluster answers either is the cluster down.
   */
  const silence = async () => {
    const silentMs = Date.now() - lastAnswer;
    if (silentMs <= ctx.connection.requestTimeoutMs + (joining ? REBALANCE_TIMEOUT_MS : 0)) return null;
    if (await someBrokerAnswers(ctx)) {
      trace(`waiting on a broker that has not answered for ${Math.round(silentMs / 1000)}s; others answer`);
      lastAnswer = Date.now();
      return null;
    }
    return new CliError('timeout', `no broker answered this consumer for ${Math.round((Date.now() - lastAnswer) / 1000)}s`, 'is the cluster up? raise --request-timeout-ms to wait longer');
  };

  /** What the member does in its group, for --verbose: joins, commits, batches it leaves to others. */
  const trace = (line: string) => {
    if (ctx.connection.logLevel !== 'quiet') ctx.log(`group ${options.group}: ${line}`);
  };
  const partitionsText = (keys: Iterable<string>) => [...keys].map((k) => k.replace('\u0000', ':')).sort().join(' ') || 'none';

  consumer.on(consumer.events.CRASH, (event: any) => {
    // kafkajs restarts by itself after retriable errors (e.g. a coordinator still loading).
    if (event.payload?.restart) {
      trace(`the client restarts after: ${event.payload?.error?.message ?? 'an error'}`);
      return;
    }
    failure = event.payload?.error ?? new Error('consumer crashed');
    failJoin(failure);
    wake?.();
  });
  let firstJoin: (assignment: TopicPartition[]) => void = () => undefined;
  let failJoin: (error: unknown) => void = () => undefined;
  // A consumer that stops before it first joins ends the wait for the join at once, with its reason.
  const joined = new Promise<TopicPartition[]>((resolve, reject) => ((firstJoin = resolve), (failJoin = reject)));
  joined.catch(() => undefined);
  let endsReady: Promise<void> = Promise.resolve();
  /** What the caller has printed, what of it is committed, and which partitions this member owns now. */
  const printed = new Map<string, PartitionOffsets>();
  const committed = new Map<string, number>();
  let owned = new Set<string>();
  const keyOf = (tp: TopicPartition) => `${tp.topic}\u0000${tp.partition}`;
  let commits: Promise<void> = Promise.resolve();
  const commitPrinted = (): Promise<void> => {
    const run = commits.then(async () => {
      const due = [...printed.entries()].filter(([k, p]) => owned.has(k) && committed.get(k) !== p.offset);
      if (due.length === 0) return;
      const offsets = due.map(([, p]) => ({ topic: p.topic, partition: p.partition, offset: p.offset }));
      await whileBrokersSettle(ctx.connection.requestTimeoutMs, () => ctx.run(commitAsMember(options.group!, offsets)));
      for (const [k, p] of due) committed.set(k, p.offset);
      trace(`committed ${due.map(([, p]) => `${p.topic}:${p.partition}@${p.offset}`).join(' ')}`);
    });
    commits = run.catch(() => undefined);
    return run;
  };
  /**
   * Where reading starts on each partition, observed before every join and so no later than kafkajs
   * resolves a start for this generation. A partition the group has no offset for and where nothing
   * gets printed is committed at it, as Kafka's consumer commits the position of every partition it
   * is assigned: an idle partition's lag reads 0, not unknown.
   */
  let startsBeforeJoin = new Map<string, number>();
  const isolationLevel = options.isolation === 'read_committed' ? 1 : 0;
  const observeStarts = async () => {
    const cluster = await ctx.cluster();
    await ctx.run(cluster.addMultipleTargetTopics(topics));
    const partitions = topics.flatMap((topic) => (cluster.findTopicPartitionMetadata(topic) ?? []).map((m) => ({ topic, partition: m.partitionId })));
    startsBeforeJoin = await listOffsets(ctx, cluster, partitions, options.start.kind === 'earliest' ? 'earliest' : 'latest', isolationLevel, true);
  };
  let adoptingStarts: Promise<void> = Promise.resolve();
  const adoptStarts = async (assignment: TopicPartition[], starts: Map<string, number>) => {
    const groupHas = new Set((await committedOffsets(ctx, options.group!)).map(keyOf));
    for (const tp of assignment) {
      const k = keyOf(tp);
      const start = starts.get(k);
      if (start !== undefined && owned.has(k) && !groupHas.has(k) && !printed.has(k)) printed.set(k, { ...tp, offset: start });
    }
    await commitPrinted();
  };
  const warnOnFailure = (when: string) => (err: unknown) => ctx.log(`warning: could not commit offsets${when ? ` ${when}` : ''}: ${mapKafkaJsError(err, ctx.connection, ctx.connection.requestTimeoutMs).message}`);
  /** Resolves once the caller has printed every batch given to it (or was handed none). */
  let batchWaiters: Array<() => void> = [];
  const handedBack = () => {
    const w = batchWaiters;
    batchWaiters = [];
    for (const wake of w) wake();
  };
  const allHandedBack = async () => {
    while (pending || inHand) await new Promise<void>((resolve) => batchWaiters.push(resolve));
  };
  // Partitions may be taken away in the rebalance that this join starts, and are given up when
  // kafkajs leaves the group to restart its client: once what was handed out is printed, commit it
  // while the partitions are ours. Until the next join ends nothing is ours: a batch fetched before
  // it is not printed (its next owner reads it).
  const unregisterMemberHook = beforeGivingUpPartitions(options.group!, (event) => {
    joining = true;
    trace(`${event === 'join' ? 'rebalancing' : 'leaving the group'}: owned ${partitionsText(owned)}`);
    return Promise.all([
      allHandedBack()
        .then(commitPrinted)
        .catch(warnOnFailure(event === 'join' ? 'before the group rebalanced' : 'before leaving the group'))
        .finally(() => (owned = new Set())),
      // Without a snapshot, idle partitions stay uncommitted: no worse than before.
      event === 'join' ? observeStarts().catch(() => (startsBeforeJoin = new Map())) : undefined,
    ]).then(() => undefined);
  });
  const commitTimer = setInterval(() => void commitPrinted().catch(warnOnFailure('')), options.tuning.autoCommitIntervalMs);
  commitTimer.unref();

  consumer.on(consumer.events.GROUP_JOIN, (event: any) => {
    const assignment = Object.entries((event.payload?.memberAssignment ?? {}) as Record<string, number[]>).flatMap(([topic, ps]) => ps.map((partition) => ({ topic, partition })));
    owned = new Set(assignment.map(keyOf));
    joining = false;
    trace(`joined as ${event.payload?.memberId ?? '?'}: owns ${partitionsText(owned)}`);
    for (const [k, p] of [...printed]) {
      // Kept: what is still ours and committed. A print the last generation could not commit is
      // not committed as this one's: the group's offset says where reading resumes now.
      if (owned.has(k) && committed.get(k) === p.offset) continue;
      printed.delete(k);
      committed.delete(k);
    }
    if (options.stopAtEnd) endsReady = endsReady.then(() => addEnds(assignment)).catch((err) => { failure = err; });
    const starts = startsBeforeJoin;
    adoptingStarts = adoptingStarts.then(() => adoptStarts(assignment, starts)).catch(warnOnFailure('of idle partitions'));
    firstJoin(assignment);
  });

  /** -e: the end offset of each newly assigned partition, and whether reading starts there already. */
  const addEnds = async (assignment: TopicPartition[]) => {
    const fresh = assignment.filter((tp) => !ends.has(keyOf(tp)));
    if (fresh.length === 0) return;
    const cluster = await ctx.cluster();
    const [latest, earliest, committedList] = await Promise.all([
      listOffsets(ctx, cluster, fresh, 'latest', isolationLevel),
      listOffsets(ctx, cluster, fresh, 'earliest', 0),
      committedOffsets(ctx, options.group!),
    ]);
    const committed = new Map(committedList.map((c) => [keyOf(c), c.offset]));
    for (const tp of fresh) {
      const k = keyOf(tp);
      const end = latest.get(k)!;
      const start = committed.get(k) ?? (options.start.kind === 'earliest' ? earliest.get(k)! : end);
      ends.set(k, { end, done: start >= end });
    }
  };

  const eachBatch = async ({ batch, isRunning, isStale }: EachBatchPayload) => {
    if (!isRunning() || isStale() || !owned.has(keyOf(batch))) {
      if (batch.messages.length) trace(`left ${batch.topic}:${batch.partition} offsets ${batch.firstOffset()}-${batch.lastOffset()} unprinted (${!owned.has(keyOf(batch)) ? 'not owned' : 'stale'})`);
      return;
    }
    const records = batch.messages.map((m) => toConsumedRecord(batch.topic, batch.partition, m as unknown as KafkajsMessage));
    if (records.length === 0) return;
    await new Promise<void>((taken) => {
      pending = { records, taken };
      wake?.();
    });
  };
  await ctx.run(consumer.run({ autoCommit: false, eachBatchAutoResolve: true, eachBatch }));
  // Reading starts once the group has assigned partitions (a rebalance may take a while).
  await ctx.connecting(joined, Math.max(ctx.connection.requestTimeoutMs, sessionTimeout + 10_000)).catch(async (err: unknown) => {
    if (brokerErrorType(failure) !== 'INCONSISTENT_GROUP_PROTOCOL') throw err;
    throw (await notAConsumerGroup(options.group!, topics[0]!, groupTypeOf)) ?? err;
  });
  await endsReady;
  // An empty assignment is not "at the end": kafkajs may join before topic metadata is loaded.
  const allDone = () => options.stopAtEnd && ends.size > 0 && [...ends.values()].every((e) => e.done);

  async function* batches(): AsyncGenerator<ConsumedRecord[]> {
    while (!signal.aborted && !allDone()) {
      if (failure) throw mapKafkaJsError(failure, ctx.connection, ctx.connection.requestTimeoutMs);
      const silent = await silence();
      if (silent) throw silent;
      if (options.stopAtEnd) await endsReady;
      inHand?.();
      inHand = null;
      handedBack();
      if (pending) {
        const { records, taken } = pending as { records: ConsumedRecord[]; taken: () => void };
        pending = null;
        inHand = taken;
        const kept = !options.stopAtEnd
          ? records
          : records.filter((r) => {
              const e = ends.get(keyOf(r));
              if (!e) return true;
              if (r.offset + 1 >= e.end) e.done = true;
              return r.offset < e.end;
            });
        if (kept.length) {
          yield kept;
          lastAnswer = Date.now();
        }
        continue;
      }
      await sleep(FETCH_WAIT_MS, signal, (resolve) => (wake = resolve));
      wake = null;
    }
  }

  return {
    [Symbol.asyncIterator]: batches,
    printed(positions: PartitionOffsets[]) {
      for (const p of positions) {
        const k = keyOf(p);
        // Records of a partition taken away while they were being printed belong to its new owner now.
        if (owned.has(k)) printed.set(k, p);
        else trace(`printed ${p.topic}:${p.partition} up to ${p.offset} after it was taken away`);
      }
    },
    async commit() {
      await adoptingStarts;
      await commitPrinted();
    },
    async close() {
      clearInterval(commitTimer);
      unregisterMemberHook();
      // kafkajs's disconnect waits for the batch in progress: release it, then leave the group.
      inHand?.();
      inHand = null;
      (pending as { taken: () => void } | null)?.taken();
      pending = null;
      handedBack();
      await Promise.race([consumer.disconnect().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000).unref())]);
    },
  };
}
