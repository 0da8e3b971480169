import type { ConsumedRecord, ConsumerOptions, ConsumerTuning, GroupType, PartitionOffsets, RecordSource, TopicPartition } from '../client.js';
import { CliError, invalid, notFound } from '../errors.js';
import type { AdapterContext } from './context.js';
import { FETCH_WAIT_MS, fetchFrom, groupByLeader } from './fetch.js';
import { decompress, registerCodecs } from './codecs.js';
import { brokerErrorType, mapKafkaJsError, notAuthorized, principalOf, whileBrokersSettle } from './errors.js';
import { GenerationOverError, GroupMember, REBALANCE_TIMEOUT_MS } from './group-member.js';
import type { InternalCluster } from './load.js';
import { readFetchedLog } from './record-batch.js';
import { committedOffsets, listOffsets } from './offsets.js';
import { sleep } from '../sleep.js';
import { apiVersionsWithFeatures, errorType } from './requests.js';

const EMPTY = Buffer.alloc(0);

/** How long a silent consumer's check that some broker of the cluster answers may take. */
const CLUSTER_PROBE_MS = 5000;
/** How often a consumer looks for new topics (a pattern) or new partitions (a group's leader). */
const METADATA_LOOK_MS = 5000;

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

async function resolveTopics(ctx: AdapterContext, options: ConsumerOptions): Promise<string[]> {
  if (Array.isArray(options.topics)) return options.topics;
  const pattern = options.topics.pattern;
  return (await listTopicNames(ctx)).filter((t) => pattern.test(t));
}

async function listTopicNames(ctx: AdapterContext): Promise<string[]> {
  return ctx.run((await ctx.admin()).listTopics());
}

/**
 * Asked for by name (never created: the cluster's metadata requests do not create topics), the
 * broker says whether each topic exists and whether this principal may describe it: no list of
 * every topic, which on a large cluster is megabytes, and another connection, before the first record.
 */
async function assertTopicsExist(ctx: AdapterContext, names: string[], group: string | undefined): Promise<void> {
  const cluster = await ctx.cluster();
  const refusal = await ctx.run(cluster.addMultipleTargetTopics(names)).then(
    () => undefined,
    (err: unknown) => err,
  );
  if (refusal === undefined) return;
  const type = brokerErrorType(refusal);
  // A name no topic can have (a comma, a space) is one no topic has.
  const missing = type === 'UNKNOWN_TOPIC_OR_PARTITION' || type === 'INVALID_TOPIC_EXCEPTION';
  if (type !== 'TOPIC_AUTHORIZATION_FAILED' && !missing) throw refusal;
  // The broker's error names no topic: of several, the first it refuses on its own.
  let topic = names[0]!;
  for (const name of names.length > 1 ? names : []) {
    if (await ctx.run(cluster.addMultipleTargetTopics([name])).then(() => false, () => true)) {
      topic = name;
      break;
    }
  }
  if (missing) throw notFound(`topic '${topic}' does not exist`, 'list topics with `kafka topics --list`');
  const principal = principalOf(ctx.connection);
  const grant =
    group === undefined
      ? `\`kafka acls --add --allow-principal ${principal} --operation Read --operation Describe --topic ${topic}\``
      : `\`kafka acls --add --allow-principal ${principal} --consumer --topic ${topic} --group ${group}\``;
  throw notAuthorized('read', `topic '${topic}'`, grant);
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

/** A partition being read: the next offset to fetch and, with -e, the offset to stop at. */
interface Position extends TopicPartition {
  offset: number;
  end?: number;
}

const keyOf = (tp: TopicPartition) => `${tp.topic}\u0000${tp.partition}`;

interface FetchRound {
  records: ConsumedRecord[];
  /** Whether any leader answered. */
  answered: boolean;
  /** Why the last leader that did not answer did not. */
  failure: CliError | null;
}

/**
 * One fetch from the leader of each partition of `active`, each from its position, decoded by our
 * record-batch reader; positions move past what came back. A partition whose position is outside
 * its log restarts at `reset` (auto.offset.reset).
 */
async function fetchRound(
  ctx: AdapterContext,
  cluster: InternalCluster,
  active: Position[],
  read: { isolationLevel: number; reset: 'earliest' | 'latest'; tuning: ConsumerTuning; signal: AbortSignal },
): Promise<FetchRound> {
  const { isolationLevel } = read;
  /** A fetch refused by the authorizer: the reader lacks Read on the topic. */
  const readRefused = (topic: string) =>
    notAuthorized('read', `topic '${topic}'`, `\`kafka acls --add --allow-principal ${principalOf(ctx.connection)} --operation Read --topic ${topic}\``);
  const fetched = await Promise.all(
    groupByLeader(cluster, active).map(([leader, parts]) => fetchFrom(cluster, leader, parts, isolationLevel, read.tuning).catch((err: unknown) => ({ err, parts }))),
  );
  const round: FetchRound = { records: [], answered: false, failure: null };
  const positions = new Map(active.map((p) => [keyOf(p), p]));
  let refresh = false;
  for (const result of fetched) {
    if ('err' in result) {
      if (brokerErrorType(result.err) === 'TOPIC_AUTHORIZATION_FAILED') throw readRefused(result.parts[0]!.topic);
      const mapped = mapKafkaJsError(result.err, ctx.connection, ctx.connection.requestTimeoutMs);
      if (mapped.kind === 'auth') throw mapped;
      // A broker gone or frozen (its partitions get new leaders) is no reason to stop while others answer.
      round.failure = mapped;
      refresh = true;
      continue;
    }
    round.answered = true;
    for (const part of result) {
      const pos = positions.get(keyOf(part))!;
      if (part.errorCode === 1) {
        // OFFSET_OUT_OF_RANGE. Around a leader change the answer can be a stale one, and the
        // leader to ask may be the broker that just died: only an offset outside the log as it
        // is now (deleted, or past its end) restarts where auto.offset.reset says, as Kafka's
        // consumer does; otherwise, or when the log's range is unknown, fetch again.
        const [low, high] = (
          await Promise.all([listOffsets(ctx, cluster, [pos], 'earliest', 0, true), listOffsets(ctx, cluster, [pos], 'latest', isolationLevel, true)])
        ).map((found) => found.get(keyOf(pos)));
        if (low !== undefined && high !== undefined && (pos.offset < low || pos.offset > high)) pos.offset = read.reset === 'earliest' ? low : high;
        else refresh = true;
        continue;
      }
      if (errorType(part.errorCode) === 'TOPIC_AUTHORIZATION_FAILED') throw readRefused(part.topic);
      if (part.errorCode) { refresh = true; continue; }
      const log = await readFetchedLog(part.topic, part.partition, part.records ?? EMPTY, pos.offset, isolationLevel === 1 ? part.abortedTransactions ?? [] : null, decompress);
      for (const r of log.records) {
        if (pos.end !== undefined && r.offset >= pos.end) break;
        round.records.push(r);
      }
      if (log.next !== null) pos.offset = Math.max(pos.offset, log.next);
      else if (!part.records?.length && isolationLevel === 1 && part.lastStableOffset >= 0 && pos.offset < part.lastStableOffset) pos.offset = part.lastStableOffset;
    }
  }
  if (refresh) {
    await ctx.run(cluster.refreshMetadata()).catch(() => undefined);
    await sleep(200, read.signal);
  }
  return round;
}

/**
 * No group: fetch directly from each partition leader, as Kafka's tool does with assign().
 * Nothing is committed and no group is left behind.
 */
async function assignedConsumer(ctx: AdapterContext, options: ConsumerOptions, signal: AbortSignal): Promise<RecordSource> {
  const cluster = await ctx.cluster();
  const isolationLevel = options.isolation === 'read_committed' ? 1 : 0;
  const read = { isolationLevel, reset: options.start.kind === 'earliest' ? 'earliest' : 'latest', tuning: options.tuning, signal } as const;
  let topics = await resolveTopics(ctx, options);
  const positions = new Map<string, Position>();

  /**
   * Reads these partitions too. Those that appeared after reading started (a topic created that the
   * pattern matches, partitions added to a topic) are read from their beginning: every record in
   * them was written since, and none is skipped (Java's consumer starts them at auto.offset.reset).
   */
  const readAlso = async (wanted: TopicPartition[], appeared: boolean) => {
    const start = appeared ? await listOffsets(ctx, cluster, wanted, 'earliest', 0) : await startOffsets(ctx, cluster, wanted, options);
    const ends = options.stopAtEnd ? await listOffsets(ctx, cluster, wanted, 'latest', isolationLevel) : null;
    for (const tp of wanted) positions.set(keyOf(tp), { ...tp, offset: start.get(keyOf(tp))!, end: ends?.get(keyOf(tp)) });
  };
  const addTopics = async (names: string[], appeared: boolean) => {
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
    await readAlso(wanted, appeared);
  };
  /** Partitions added to the topics being read (all of each topic's, not --partition's). */
  const addPartitions = async () => {
    if (options.partitions) return;
    await ctx.run(cluster.refreshMetadata()).catch(() => undefined);
    const added = topics.flatMap((topic) => (cluster.findTopicPartitionMetadata(topic) ?? []).map((m) => ({ topic, partition: m.partitionId }))).filter((tp) => !positions.has(keyOf(tp)));
    if (added.length) await readAlso(added, true);
  };
  await addTopics(topics, false);

  async function* batches(): AsyncGenerator<ConsumedRecord[]> {
    let lastTopicRefresh = Date.now();
    /** When a broker last answered a fetch: the reader gives up only when none has for a request timeout. */
    let lastAnswer = Date.now();
    while (!signal.aborted) {
      const active = [...positions.values()].filter((p) => p.end === undefined || p.offset < p.end);
      if (options.stopAtEnd && active.length === 0) return;
      if (Date.now() - lastTopicRefresh > METADATA_LOOK_MS) {
        lastTopicRefresh = Date.now();
        if (!Array.isArray(options.topics)) {
          const now = await resolveTopics(ctx, options);
          const added = now.filter((t) => !topics.includes(t));
          topics = now;
          await addTopics(added, true);
        }
        await addPartitions();
      }
      if (active.length === 0) {
        await sleep(FETCH_WAIT_MS, signal);
        continue;
      }
      const round = await fetchRound(ctx, cluster, active, read);
      if (round.answered) lastAnswer = Date.now();
      else if (round.failure && Date.now() - lastAnswer > ctx.connection.requestTimeoutMs) {
        const { failure } = round;
        throw new CliError(failure.kind === 'timeout' ? 'timeout' : 'unreachable', `no broker answered a fetch for ${Math.round((Date.now() - lastAnswer) / 1000)}s: ${failure.message}`, 'is the cluster up? raise --request-timeout-ms to wait longer', failure);
      }
      if (round.records.length) yield round.records;
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


/**
 * With a group: a member of it (GroupMember) gets partitions, and this reads them as the consumer
 * without a group does; what the caller printed is committed every auto.commit.interval.ms, before
 * the member gives its partitions up in a rebalance, and when it closes; with enable.auto.commit=false,
 * never.
 */
async function groupConsumer(ctx: AdapterContext, options: ConsumerOptions, signal: AbortSignal, groupTypeOf: GroupTypeOf): Promise<RecordSource> {
  const group = options.group!;
  if (Array.isArray(options.topics)) await assertTopicsExist(ctx, options.topics, group);
  // A pattern is matched against the topics of the moment, once.
  const topics = await resolveTopics(ctx, options);
  if (topics.length === 0) throw notFound('no topic matches the pattern', 'list them with `kafka topics --list`');
  await assertGroupAllowed(ctx, group, topics);
  const cluster = await ctx.cluster();
  await ctx.run(cluster.addMultipleTargetTopics(topics));
  /** Partitions past these were added after reading started. */
  const partitionsAtStart = new Map(topics.map((t) => [t, cluster.findTopicPartitionMetadata(t)?.length ?? 0]));
  const isolationLevel = options.isolation === 'read_committed' ? 1 : 0;
  const reset = options.start.kind === 'earliest' ? 'earliest' : 'latest';
  const read = { isolationLevel, reset, tuning: options.tuning, signal } as const;
  /** What the member does in its group, for --verbose: joins, commits, batches it leaves to others. */
  const trace = (line: string) => {
    if (ctx.connection.logLevel !== 'quiet') ctx.log(`group ${group}: ${line}`);
  };
  const partitionsText = (keys: Iterable<string>) => [...keys].map((k) => k.replace('\u0000', ':')).sort().join(' ') || 'none';
  const member = new GroupMember(ctx, cluster, { groupId: group, topics, sessionTimeoutMs: options.tuning.sessionTimeoutMs, heartbeatIntervalMs: options.tuning.heartbeatIntervalMs, trace });
  let wake: (() => void) | null = null;
  member.onChange(() => wake?.());

  /** This generation's partitions, where reading them has got to. */
  const positions = new Map<string, Position>();
  /** What the caller has printed, and what of it is committed. */
  const printed = new Map<string, PartitionOffsets>();
  const committed = new Map<string, number>();
  /** -e: per partition, the end offset when it was first assigned, and whether reading got there. */
  const ends = new Map<string, { end: number; done: boolean }>();
  /** When a broker last answered a fetch. */
  let lastAnswer = Date.now();
  /** Nothing answers: close() leaves without a word to the group. */
  let unreachable = false;

  let commits: Promise<void> = Promise.resolve();
  const commitPrinted = (): Promise<void> => {
    // enable.auto.commit=false: the group's offsets stay as they were, as Java's consumer leaves them.
    if (!options.tuning.enableAutoCommit) return commits;
    const run = commits.then(async () => {
      const due = [...printed.entries()].filter(([k, p]) => positions.has(k) && committed.get(k) !== p.offset);
      if (due.length === 0) return;
      const offsets = due.map(([, p]) => ({ topic: p.topic, partition: p.partition, offset: p.offset }));
      await whileBrokersSettle(ctx.connection.requestTimeoutMs, () => member.commit(offsets));
      for (const [k, p] of due) committed.set(k, p.offset);
      trace(`committed ${due.map(([, p]) => `${p.topic}:${p.partition}@${p.offset}`).join(' ')}`);
    });
    commits = run.catch(() => undefined);
    return run;
  };
  /** A generation that is over cannot commit: its partitions' next owners read from the last commit. */
  const warnOnFailure = (when: string) => (err: unknown) => {
    if (err instanceof GenerationOverError) trace(`${err.message}; the next owners read from the last commit`);
    else ctx.log(`warning: could not commit offsets${when ? ` ${when}` : ''}: ${mapKafkaJsError(err, ctx.connection, ctx.connection.requestTimeoutMs).message}`);
  };
  const commitTimer = options.tuning.enableAutoCommit ? setInterval(() => void commitPrinted().catch(warnOnFailure('')), options.tuning.autoCommitIntervalMs) : undefined;
  commitTimer?.unref();

  /**
   * The partitions of a new generation: each read from the group's offset or, where the group has
   * none, from where auto.offset.reset says, which is committed at once, as Kafka's consumer commits
   * the position of every partition it is assigned: an idle partition's lag reads 0, not unknown.
   */
  const take = async (assignment: TopicPartition[]) => {
    const owned = new Set(assignment.map(keyOf));
    for (const [k, p] of [...printed]) {
      // Kept: what is still ours and committed. A print the last generation could not commit is
      // not committed as this one's: the group's offset says where reading resumes now.
      if (owned.has(k) && committed.get(k) === p.offset) continue;
      printed.delete(k);
      committed.delete(k);
    }
    const groupHas = new Map((await committedOffsets(ctx, group)).map((c) => [keyOf(c), c.offset]));
    const fresh = assignment.filter((tp) => !groupHas.has(keyOf(tp)));
    // A partition added after reading started is read from its beginning, as without a group.
    const added = fresh.filter((tp) => tp.partition >= (partitionsAtStart.get(tp.topic) ?? 0));
    const existing = fresh.filter((tp) => !added.includes(tp));
    const starts = new Map([
      ...(existing.length ? await listOffsets(ctx, cluster, existing, reset, isolationLevel) : []),
      ...(added.length ? await listOffsets(ctx, cluster, added, 'earliest', 0) : []),
    ]);
    const unended = options.stopAtEnd ? assignment.filter((tp) => !ends.has(keyOf(tp))) : [];
    const latest = unended.length ? await listOffsets(ctx, cluster, unended, 'latest', isolationLevel) : new Map<string, number>();
    for (const tp of assignment) {
      const k = keyOf(tp);
      const offset = groupHas.get(k) ?? starts.get(k)!;
      if (!groupHas.has(k)) printed.set(k, { ...tp, offset });
      if (latest.has(k)) ends.set(k, { end: latest.get(k)!, done: offset >= latest.get(k)! });
      positions.set(k, { ...tp, offset, end: ends.get(k)?.end });
    }
    await commitPrinted().catch(warnOnFailure('of idle partitions'));
  };
  const join = async () => take(await member.join());

  // Reading starts once the group has assigned partitions (a rebalance may take a while).
  await ctx.connecting(join(), ctx.connection.requestTimeoutMs + REBALANCE_TIMEOUT_MS).catch(async (err: unknown) => {
    clearInterval(commitTimer);
    member.stop();
    if (brokerErrorType(err) !== 'INCONSISTENT_GROUP_PROTOCOL') throw err;
    throw (await notAConsumerGroup(group, topics[0]!, groupTypeOf)) ?? err;
  });
  // An empty assignment is not "at the end": the group may give this member partitions later.
  const allDone = () => options.stopAtEnd && ends.size > 0 && [...ends.values()].every((e) => e.done);

  /**
   * The member waits on one broker at a time for its fetches, and on its coordinator: only when
   * no broker of the cluster answers either for a request timeout is the cluster down.
   */
  const silence = async (): Promise<CliError | null> => {
    const silentMs = Date.now() - Math.max(lastAnswer, member.answeredAt);
    if (silentMs <= ctx.connection.requestTimeoutMs) return null;
    if (await someBrokerAnswers(ctx)) {
      trace(`waiting on a broker that has not answered for ${Math.round(silentMs / 1000)}s; others answer`);
      lastAnswer = Date.now();
      return null;
    }
    unreachable = true;
    return new CliError('timeout', `no broker answered this consumer for ${Math.round((Date.now() - Math.max(lastAnswer, member.answeredAt)) / 1000)}s`, 'is the cluster up? raise --request-timeout-ms to wait longer');
  };

  async function* batches(): AsyncGenerator<ConsumedRecord[]> {
    let lastMetadataLook = Date.now();
    while (!signal.aborted) {
      if (member.fatal) throw member.fatal;
      if (Date.now() - lastMetadataLook > METADATA_LOOK_MS) {
        lastMetadataLook = Date.now();
        await member.partitionsAdded();
      }
      if (member.mustRejoin) {
        // Everything handed out has been printed (the caller asked for more): commit it while the partitions are ours.
        trace(`rebalancing: owned ${partitionsText(positions.keys())}`);
        await commitPrinted().catch(warnOnFailure('before the group rebalanced'));
        positions.clear();
        // A join may wait a rebalance timeout for the other members: Ctrl-C (or stdout closing) stops it at once.
        const joining = join();
        joining.catch(() => undefined);
        let onStop = () => undefined as void;
        const stopped = new Promise<void>((resolve) => signal.addEventListener('abort', (onStop = () => resolve()), { once: true }));
        try {
          await Promise.race([joining, stopped]);
        } finally {
          signal.removeEventListener('abort', onStop);
        }
        continue;
      }
      if (allDone()) return;
      const active = [...positions.values()].filter((p) => p.end === undefined || p.offset < p.end);
      if (active.length === 0) {
        const silent = await silence();
        if (silent) throw silent;
        await sleep(FETCH_WAIT_MS, signal, (resolve) => (wake = resolve));
        wake = null;
        continue;
      }
      const round = await fetchRound(ctx, cluster, active, read);
      if (round.answered) lastAnswer = Date.now();
      else {
        const silent = await silence();
        if (silent) throw silent;
      }
      for (const p of active) {
        const e = ends.get(keyOf(p));
        if (e && p.offset >= e.end) e.done = true;
      }
      if (member.mustRejoin) {
        // Fetched as the group rebalances: left for the partitions' next owners (this member, perhaps), who read from the commit.
        if (round.records.length) trace(`left ${round.records.length} fetched records unprinted (the group is rebalancing)`);
        continue;
      }
      if (round.records.length) yield round.records;
    }
  }

  let closed = false;
  return {
    [Symbol.asyncIterator]: batches,
    printed(done: PartitionOffsets[]) {
      for (const p of done) {
        const k = keyOf(p);
        if (positions.has(k)) printed.set(k, p);
        else trace(`printed ${p.topic}:${p.partition} up to ${p.offset} after it was taken away`);
      }
    },
    async commit() {
      await commitPrinted();
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(commitTimer);
      if (unreachable) {
        member.stop();
        return;
      }
      await commitPrinted().catch(warnOnFailure('before leaving the group'));
      await member.leave(Math.min(ctx.connection.requestTimeoutMs, 10_000));
    },
  };
}
