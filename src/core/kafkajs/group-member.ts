import type { TopicPartition } from '../client.js';
import { invalid } from '../errors.js';
import { sleep } from '../sleep.js';
import type { AdapterContext } from './context.js';
import { brokerErrorType, brokerRefusal, coordinatorNotReady, mapKafkaJsError, notAuthorized, principalOf } from './errors.js';
import type { InternalBroker, InternalCluster } from './load.js';
import {
  ApiKey,
  commonVersion,
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
  errorFromCode,
  errorType,
  heartbeat,
  HEARTBEAT,
  JOIN_GROUP,
  joinGroup,
  LEAVE_GROUP,
  leaveGroup,
  OFFSET_COMMIT,
  offsetCommit,
  SYNC_GROUP,
  syncGroup,
  type WireRequest,
} from './requests.js';

/** Java's RangeAssignor, the first of its consumer's default assignors: a group can hold Java consumers and ours. */
export const RANGE = 'range';
/** How long a JoinGroup may wait at the coordinator for the other members (kafkajs's default rebalance timeout). */
export const REBALANCE_TIMEOUT_MS = 60_000;
/** JoinGroup waits at the coordinator: its answer may take the rebalance timeout, plus the way there and back. */
const NETWORK_DELAY_MS = 5000;

/** Kafka's error codes that a member of a classic group acts on. */
const Code = {
  COORDINATOR_LOAD_IN_PROGRESS: 14,
  ILLEGAL_GENERATION: 22,
  INCONSISTENT_GROUP_PROTOCOL: 23,
  UNKNOWN_MEMBER_ID: 25,
  REBALANCE_IN_PROGRESS: 27,
  GROUP_AUTHORIZATION_FAILED: 30,
  MEMBER_ID_REQUIRED: 79,
  FENCED_INSTANCE_ID: 82,
} as const;

/** The member's generation is over: what it owned may be someone else's already. */
const GENERATION_OVER: ReadonlySet<number> = new Set([Code.ILLEGAL_GENERATION, Code.UNKNOWN_MEMBER_ID, Code.FENCED_INSTANCE_ID]);

/** A commit the group refused because the member's generation is over: nothing is lost, the partitions' next owner reads from the last commit. */
export class GenerationOverError extends Error {
  constructor(readonly group: string) {
    super(`this consumer's generation of group '${group}' is over: the group rebalanced without it`);
    this.name = 'GenerationOverError';
  }
}

export interface MemberSettings {
  groupId: string;
  topics: string[];
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** For --verbose: what the member does in its group. */
  trace: (line: string) => void;
}

/**
 * Range assignment (Java's RangeAssignor without racks): per topic, its partitions in order split
 * into consecutive runs, one per subscribed member in member-id order, the first ones a partition longer.
 */
export function rangeAssignment(subscriptions: Map<string, string[]>, partitionsOf: (topic: string) => number): Map<string, Map<string, number[]>> {
  const result = new Map<string, Map<string, number[]>>([...subscriptions.keys()].map((m) => [m, new Map<string, number[]>()]));
  const topics = [...new Set([...subscriptions.values()].flat())].sort();
  for (const topic of topics) {
    const members = [...subscriptions].filter(([, ts]) => ts.includes(topic)).map(([m]) => m).sort();
    const count = partitionsOf(topic);
    const each = Math.floor(count / members.length);
    const extra = count % members.length;
    members.forEach((member, i) => {
      const start = i * each + Math.min(i, extra);
      const length = each + (i < extra ? 1 : 0);
      if (length > 0) result.get(member)!.set(topic, Array.from({ length }, (_, j) => start + j));
    });
  }
  return result;
}

/**
 * A member of a classic consumer group (the protocol every Kafka from 0.9 to 4.x speaks): it joins
 * and syncs (as leader it assigns the partitions), heartbeats in the background between joins, and
 * commits as its generation. A rebalance (or a generation lost) is not acted on here: `mustRejoin`
 * tells the owner, which commits what it printed while the generation is valid, then joins again:
 * Java's consumer does the same in onPartitionsRevoked.
 */
export class GroupMember {
  private memberId = '';
  private generationId = -1;
  private protocol: string = RANGE;
  private coordinator: InternalBroker | null = null;
  /** The last request failed because its coordinator was gone, frozen or moved (not because none could be found). */
  private lostInLastRequest = false;
  private beating = false;
  private readonly stopped = new AbortController();
  /** A heartbeat said the group rebalances, or that the generation is over. */
  mustRejoin = false;
  /** A heartbeat's failure the member cannot survive (authorization, say). */
  fatal: Error | null = null;
  /** When the coordinator last answered (anything). */
  answeredAt = Date.now();
  private wake: () => void = () => undefined;
  /** As leader: the partition count of each subscribed topic that the last assignment was made with. */
  private assignedCounts: Map<string, number> | null = null;

  constructor(
    private readonly ctx: AdapterContext,
    private readonly cluster: InternalCluster,
    private readonly settings: MemberSettings,
  ) {
    void this.heartbeats();
  }

  /** The next time the owner looks, the member should rejoin (or stop): `listener` hears of it at once. */
  onChange(listener: () => void): void {
    this.wake = listener;
  }

  private async findCoordinator(): Promise<InternalBroker> {
    this.coordinator ??= await this.ctx.run(this.cluster.findGroupCoordinator({ groupId: this.settings.groupId }));
    return this.coordinator;
  }

  private version(broker: InternalBroker, apiKey: number, ours: { min: number; max: number }, name: string): number {
    const version = commonVersion(broker.versions, apiKey, ours);
    if (version === null) throw invalid(`the group coordinator speaks no ${name} version from ${ours.min} to ${ours.max} (Kafka 2.3 or later is needed)`);
    return version;
  }

  /**
   * A request to the coordinator; a coordinator gone, frozen or moved is looked for again on the
   * next one. `onFetchConnection`: a broker answers the requests of a connection one at a time, so
   * a JoinGroup, which waits there for the other members, goes over the connection the member's
   * fetches use (idle while it joins), and a LeaveGroup on closing is not held up behind it.
   */
  private async send<T>(make: (broker: InternalBroker) => WireRequest<T>, withinMs?: number, onFetchConnection = false): Promise<T> {
    this.lostInLastRequest = false;
    // No coordinator within the request timeout (the cluster cannot make one): that is the answer.
    const broker = await this.findCoordinator();
    try {
      const request = make(broker);
      const sent = onFetchConnection ? broker.connectionPool.getConnection(1).then((c) => c.send(request)) : broker.connectionPool.send(request);
      const answer = await this.ctx.run(sent, withinMs);
      this.answeredAt = Date.now();
      return answer;
    } catch (err) {
      const kind = mapKafkaJsError(err, this.ctx.connection, this.ctx.connection.requestTimeoutMs).kind;
      if (kind === 'unreachable' || kind === 'timeout' || coordinatorNotReady(brokerErrorType(err))) {
        this.coordinator = null;
        this.lostInLastRequest = true;
      }
      throw err;
    }
  }

  private coordinatorMoved(code: number): boolean {
    if (!coordinatorNotReady(errorType(code))) return false;
    if (code !== Code.COORDINATOR_LOAD_IN_PROGRESS) this.coordinator = null;
    return true;
  }

  private refused(code: number): Error {
    if (code === Code.GROUP_AUTHORIZATION_FAILED) {
      return notAuthorized('read', `group '${this.settings.groupId}'`, `\`kafka acls --add --allow-principal ${principalOf(this.ctx.connection)} --consumer --topic ${this.settings.topics[0] ?? 'T'} --group ${this.settings.groupId}\``);
    }
    // INCONSISTENT_GROUP_PROTOCOL keeps kafkajs's error shape, so that the caller can say what the group is.
    return code === Code.INCONSISTENT_GROUP_PROTOCOL ? errorFromCode(code) : brokerRefusal(code, null);
  }

  /** The coordinator was lost (gone, frozen, moved) and it is not yet a request timeout past a rebalance's longest wait since it last answered. */
  private lookingForCoordinator(): boolean {
    return this.lostInLastRequest && Date.now() - this.answeredAt < this.ctx.connection.requestTimeoutMs + REBALANCE_TIMEOUT_MS;
  }

  /**
   * Joins the group (again) and returns this member's partitions in the new generation. Retries
   * what a coordinator moving, loading or rebalancing answers; gives up on what it refuses.
   */
  async join(): Promise<TopicPartition[]> {
    this.beating = false;
    this.assignedCounts = null;
    const { groupId, topics, sessionTimeoutMs, trace } = this.settings;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) await sleep(Math.min(100 * 2 ** Math.min(attempt, 4), 1000), this.stopped.signal);
      if (this.stopped.signal.aborted) throw new Error('the consumer is closing');
      let joined;
      try {
        joined = await this.send(
          (broker) => ({
            ...joinGroup(this.version(broker, ApiKey.JoinGroup, JOIN_GROUP, 'JoinGroup'), {
              groupId,
              memberId: this.memberId,
              sessionTimeoutMs,
              rebalanceTimeoutMs: REBALANCE_TIMEOUT_MS,
              protocols: [{ name: RANGE, metadata: encodeSubscription(topics) }],
            }),
            requestTimeout: REBALANCE_TIMEOUT_MS + NETWORK_DELAY_MS,
          }),
          REBALANCE_TIMEOUT_MS + NETWORK_DELAY_MS,
          true,
        );
      } catch (err) {
        if (this.lookingForCoordinator()) continue;
        throw err;
      }
      if (joined.errorCode === Code.MEMBER_ID_REQUIRED) {
        this.memberId = joined.memberId;
        attempt = -1;
        continue;
      }
      if (joined.errorCode === Code.UNKNOWN_MEMBER_ID) this.memberId = '';
      if (joined.errorCode === Code.UNKNOWN_MEMBER_ID || joined.errorCode === Code.REBALANCE_IN_PROGRESS || this.coordinatorMoved(joined.errorCode)) continue;
      if (joined.errorCode) throw this.refused(joined.errorCode);
      this.memberId = joined.memberId;
      this.generationId = joined.generationId;
      this.protocol = joined.protocolName ?? RANGE;
      const leading = joined.leader === joined.memberId;
      const assignments = leading ? await this.assign(joined.members) : [];
      let synced;
      try {
        synced = await this.send((broker) =>
          syncGroup(this.version(broker, ApiKey.SyncGroup, SYNC_GROUP, 'SyncGroup'), { groupId, generationId: this.generationId, memberId: this.memberId, protocolName: this.protocol, assignments }),
        );
      } catch (err) {
        if (this.lookingForCoordinator()) continue;
        throw err;
      }
      if (synced.errorCode === Code.UNKNOWN_MEMBER_ID) this.memberId = '';
      if (GENERATION_OVER.has(synced.errorCode) || synced.errorCode === Code.REBALANCE_IN_PROGRESS || this.coordinatorMoved(synced.errorCode)) continue;
      if (synced.errorCode) throw this.refused(synced.errorCode);
      this.mustRejoin = false;
      this.beating = true;
      const partitions = decodeAssignment(synced.assignment);
      trace(`joined as ${this.memberId} (generation ${this.generationId}${leading ? ', leader' : ''}): owns ${partitions.map((p) => `${p.topic}:${p.partition}`).sort().join(' ') || 'none'}`);
      return partitions;
    }
  }

  /** The leader's part of a join: every member's partitions, by the range assignor. */
  private async assign(members: Array<{ memberId: string; metadata: Buffer }>): Promise<Array<{ memberId: string; assignment: Buffer }>> {
    if (this.protocol !== RANGE) throw invalid(`group '${this.settings.groupId}' chose the '${this.protocol}' assignor, which this consumer does not have`, `its members must offer '${RANGE}'`);
    const subscriptions = new Map(members.map((m) => [m.memberId, decodeSubscription(m.metadata).topics]));
    const topics = [...new Set([...subscriptions.values()].flat())];
    await this.ctx.run(this.cluster.addMultipleTargetTopics(topics)).catch(() => undefined);
    await this.ctx.run(this.cluster.refreshMetadata()).catch(() => undefined);
    const partitionsOf = (topic: string) => this.cluster.findTopicPartitionMetadata(topic)?.length ?? 0;
    this.assignedCounts = new Map(topics.map((t) => [t, partitionsOf(t)]));
    return [...rangeAssignment(subscriptions, partitionsOf)].map(([memberId, partitions]) => ({ memberId, assignment: encodeAssignment(partitions) }));
  }

  /**
   * As leader, whether a subscribed topic has gained partitions since the assignment (as Java's
   * leader watches the metadata): if so the member must rejoin, so that the group assigns them.
   */
  async partitionsAdded(): Promise<boolean> {
    const counts = this.assignedCounts;
    if (!counts || this.mustRejoin) return false;
    await this.ctx.run(this.cluster.refreshMetadata()).catch(() => undefined);
    const grown = [...counts].filter(([topic, count]) => (this.cluster.findTopicPartitionMetadata(topic)?.length ?? 0) > count);
    if (grown.length === 0 || this.assignedCounts !== counts) return false;
    this.settings.trace(`${grown.map(([topic]) => `${topic} has ${this.cluster.findTopicPartitionMetadata(topic).length} partitions now`).join(', ')}: rejoining so that they are assigned`);
    this.mustRejoin = true;
    return true;
  }

  /** Heartbeats while the member is in a generation; what the answers say is left for the owner. */
  private async heartbeats(): Promise<void> {
    while (!this.stopped.signal.aborted) {
      await sleep(this.settings.heartbeatIntervalMs, this.stopped.signal);
      if (!this.beating || this.mustRejoin || this.stopped.signal.aborted) continue;
      try {
        const { errorCode } = await this.send((broker) =>
          heartbeat(this.version(broker, ApiKey.Heartbeat, HEARTBEAT, 'Heartbeat'), { groupId: this.settings.groupId, generationId: this.generationId, memberId: this.memberId }),
        );
        if (errorCode === 0 || this.coordinatorMoved(errorCode)) continue;
        if (errorCode === Code.UNKNOWN_MEMBER_ID) this.memberId = '';
        if (errorCode === Code.REBALANCE_IN_PROGRESS || GENERATION_OVER.has(errorCode)) {
          this.settings.trace(errorCode === Code.REBALANCE_IN_PROGRESS ? 'the group is rebalancing' : `generation ${this.generationId} is over (${brokerErrorType(errorFromCode(errorCode))})`);
          this.mustRejoin = true;
        } else this.fatal = this.refused(errorCode);
        this.wake();
      } catch (err) {
        // The coordinator gone, frozen or moved: looked for again at the next heartbeat.
        if (this.coordinator !== null) {
          const mapped = mapKafkaJsError(err, this.ctx.connection, this.ctx.connection.requestTimeoutMs);
          if (mapped.kind === 'auth') {
            this.fatal = mapped;
            this.wake();
          }
        }
      }
    }
  }

  /** Commits as the member's generation; throws GenerationOverError if the group has moved on without it. */
  async commit(offsets: Array<{ topic: string; partition: number; offset: number }>): Promise<void> {
    const answers = await this.send((broker) =>
      offsetCommit(this.version(broker, ApiKey.OffsetCommit, OFFSET_COMMIT, 'OffsetCommit'), { groupId: this.settings.groupId, generationId: this.generationId, memberId: this.memberId, offsets }),
    );
    const refused = answers.find((a) => a.errorCode);
    if (!refused) return;
    if (GENERATION_OVER.has(refused.errorCode) || refused.errorCode === Code.REBALANCE_IN_PROGRESS) {
      if (refused.errorCode === Code.UNKNOWN_MEMBER_ID) this.memberId = '';
      this.mustRejoin = true;
      throw new GenerationOverError(this.settings.groupId);
    }
    this.coordinatorMoved(refused.errorCode);
    throw errorFromCode(refused.errorCode);
  }

  /** Stops heartbeating and leaves the group, so that its partitions go to the others at once. */
  async leave(withinMs: number): Promise<void> {
    this.stopped.abort();
    this.beating = false;
    if (!this.memberId) return;
    this.settings.trace('leaving the group');
    await this.send((broker) => leaveGroup(this.version(broker, ApiKey.LeaveGroup, LEAVE_GROUP, 'LeaveGroup'), this.settings.groupId, this.memberId), withinMs).catch(() => undefined);
  }

  /** Stops heartbeating without a word to the group (it cannot be reached). */
  stop(): void {
    this.stopped.abort();
    this.beating = false;
  }
}
