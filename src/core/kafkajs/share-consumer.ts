import { randomBytes } from 'node:crypto';
import type { Acknowledgement, ShareConsumerOptions, SharedRecord, ShareSource } from '../client.js';
import { CliError, invalid, notFound } from '../errors.js';
import { sleep } from '../sleep.js';
import { decompress, registerCodecs } from './codecs.js';
import type { AdapterContext, BrokerFinder } from './context.js';
import { brokerErrorType, brokerRefusal, coordinatorNotReady, mapKafkaJsError, whileBrokersSettle } from './errors.js';
import type { InternalBroker } from './load.js';
import { readFetchedLog } from './record-batch.js';
import {
  type AcknowledgementBatch,
  ApiKey,
  commonVersion,
  errorText,
  errorType,
  METADATA_WITH_TOPIC_IDS,
  metadataWithTopicIds,
  SHARE_FETCH,
  SHARE_GROUP_HEARTBEAT,
  shareAcknowledge,
  shareFetch,
  shareGroupHeartbeat,
  type SharePartitionRequest,
} from './requests.js';

/** The acknowledgement types on the wire (KIP-932). */
const GAP = 0;
const ACKNOWLEDGE_TYPE: Record<Acknowledgement, number> = { accept: 1, release: 2, reject: 3 };
/** How long a share fetch waits at the broker for records (Java's fetch.max.wait.ms). */
const SHARE_FETCH_WAIT_MS = 500;
/** A member's epoch when leaving the group. */
const LEAVE_GROUP = -1;
/** A share session's epoch in the request that closes it. */
const FINAL_EPOCH = -1;
const NO_SHARE_GROUPS = 'the brokers have no share groups (KIP-932: Kafka 4.1 or later, with the share.version feature enabled; `kafka features upgrade --feature share.version=1`)';

/** A member's share session with one broker: epoch 0 opens it; later requests name only what changed. */
interface ShareSession {
  epoch: number;
  partitions: Set<number>;
}

/** Kafka's ShareRequestMetadata.nextEpoch: past Int32 max it wraps to 1 (0 would open a new session). */
const nextEpoch = (epoch: number) => (epoch === 0x7fffffff ? 1 : epoch + 1);

/** Runs of consecutive offsets with one type each: the acknowledgement batches of a partition. */
export function acknowledgementBatches(acks: Map<number, number>): AcknowledgementBatch[] {
  const batches: AcknowledgementBatch[] = [];
  for (const offset of [...acks.keys()].sort((a, b) => a - b)) {
    const type = acks.get(offset)!;
    const last = batches.at(-1);
    if (last && last.lastOffset === offset - 1 && last.acknowledgeTypes[0] === type) last.lastOffset = offset;
    else batches.push({ firstOffset: offset, lastOffset: offset, acknowledgeTypes: [type] });
  }
  return batches;
}

/**
 * A share group member (KIP-932) for one topic: it heartbeats to the group coordinator
 * (ShareGroupHeartbeat) for its partitions, fetches from their leaders in one share session per
 * broker (ShareFetch), where each record it gets is acquired by it alone until acknowledged or its
 * acquisition lock runs out, and acknowledges with the next fetch (or ShareAcknowledge on close).
 */
export async function createShareConsumer(ctx: AdapterContext, brokers: BrokerFinder, options: ShareConsumerOptions, signal: AbortSignal): Promise<ShareSource> {
  registerCodecs();
  const { run } = ctx;
  const { group, topic } = options;
  const cluster = await ctx.cluster();
  const memberId = randomBytes(16).toString('base64url');

  const anyBroker = await ctx.connecting(brokers.anyBroker());
  const metadataVersion = commonVersion(anyBroker.versions, ApiKey.Metadata, METADATA_WITH_TOPIC_IDS);
  if (metadataVersion === null) throw invalid(NO_SHARE_GROUPS);
  const [described] = await ctx.connecting(run(anyBroker.connectionPool.send(metadataWithTopicIds({ names: [topic] }, metadataVersion))));
  if (!described || errorType(described.errorCode) === 'UNKNOWN_TOPIC_OR_PARTITION') throw notFound(`topic '${topic}' does not exist`);
  if (described.errorCode) throw brokerRefusal(described.errorCode, null);
  const topicId = described.topicId;
  await run(cluster.addMultipleTargetTopics([topic]));

  let coordinator: InternalBroker | null = null;
  let memberEpoch = 0;
  let heartbeatIntervalMs = 5000;
  let assigned: number[] = [];
  let fatal: CliError | null = null;
  let closed = false;
  let wakeFetcher: (() => void) | null = null;
  /** The fetcher waits for an assignment; a heartbeat that brings one (or a fatal error) wakes it. */
  const wake = () => wakeFetcher?.();
  const closing = new AbortController();
  const sessions = new Map<number, ShareSession>();
  /** Per partition: offset → acknowledgement type, waiting to be sent. */
  const pending = new Map<number, Map<number, number>>();
  /** Per partition: offsets handed to the caller and not acknowledged by it yet. */
  const handedOut = new Map<number, Set<number>>();

  const ackOf = (partition: number) => {
    let acks = pending.get(partition);
    if (!acks) pending.set(partition, (acks = new Map()));
    return acks;
  };

  const findCoordinator = async (): Promise<InternalBroker> => {
    coordinator ??= await whileBrokersSettle(brokers.deadline, () => run(cluster.findGroupCoordinator({ groupId: group })));
    if (commonVersion(coordinator.versions, ApiKey.ShareGroupHeartbeat, SHARE_GROUP_HEARTBEAT) === null) throw invalid(NO_SHARE_GROUPS);
    return coordinator;
  };

  /** One heartbeat; the answer's errors that the member survives are dealt with here. */
  async function heartbeat(epoch: number): Promise<void> {
    const broker = await findCoordinator();
    const answer = await run(broker.connectionPool.send(shareGroupHeartbeat(group, memberId, epoch, epoch === 0 ? [topic] : null)));
    if (epoch === LEAVE_GROUP) return;
    if (answer.errorCode) {
      const type = errorType(answer.errorCode);
      if (coordinatorNotReady(type)) { coordinator = null; return; }
      // Fenced or forgotten by the coordinator (a long pause): join again as the same member.
      if (type === 'UNKNOWN_MEMBER_ID' || type === 'FENCED_MEMBER_EPOCH') {
        memberEpoch = 0;
        assigned = [];
        return;
      }
      if (type === 'UNSUPPORTED_VERSION' || type === 'INVALID_REQUEST') throw invalid(NO_SHARE_GROUPS);
      if (type === 'GROUP_ID_NOT_FOUND' || type === 'INCONSISTENT_GROUP_PROTOCOL') throw invalid(`group '${group}' is not a share group`, 'a share group needs a group id of its own');
      throw brokerRefusal(answer.errorCode, answer.errorMessage);
    }
    memberEpoch = answer.memberEpoch;
    heartbeatIntervalMs = answer.heartbeatIntervalMs > 0 ? answer.heartbeatIntervalMs : heartbeatIntervalMs;
    if (answer.assignment) {
      assigned = answer.assignment.filter((t) => t.topicId === topicId).flatMap((t) => t.partitions).sort((a, b) => a - b);
      wake();
    }
  }

  // Joins before anything is printed, so that a cluster without share groups is one line at once.
  await ctx.connecting(whileBrokersSettle(brokers.deadline, () => heartbeat(0)));

  /** Heartbeats every heartbeat interval until closed; a failure the member cannot survive ends the consumer. */
  const heartbeats = (async () => {
    while (!closed && !fatal) {
      // Until the member has its partitions it asks again soon.
      await sleep(memberEpoch === 0 || assigned.length === 0 ? Math.min(heartbeatIntervalMs, 500) : heartbeatIntervalMs, closing.signal);
      if (closed) return;
      try {
        await heartbeat(memberEpoch);
      } catch (err) {
        const mapped = mapKafkaJsError(err, ctx.connection, brokers.deadline);
        // The coordinator gone, frozen or moved: found again at the next heartbeat.
        if (mapped.kind === 'unreachable' || mapped.kind === 'timeout' || coordinatorNotReady(brokerErrorType(err))) coordinator = null;
        else {
          fatal = mapped;
          wake();
          return;
        }
      }
    }
  })();

  const leaderOf = (partition: number) => cluster.findTopicPartitionMetadata(topic).find((p) => p.partitionId === partition)?.leader ?? -1;

  /** The partitions' acknowledgements, taken from `pending`. */
  const takeAcks = (partitions: number[]): SharePartitionRequest[] =>
    partitions.map((partition) => {
      const acks = pending.get(partition);
      pending.delete(partition);
      return { topicId, partition, acknowledgements: acks ? acknowledgementBatches(acks) : [] };
    });
  /** Acknowledgements a request could not deliver go back to be sent again. */
  const putBack = (requests: SharePartitionRequest[]) => {
    for (const r of requests) for (const b of r.acknowledgements) for (let o = b.firstOffset; o <= b.lastOffset; o++) if (!ackOf(r.partition).has(o)) ackOf(r.partition).set(o, b.acknowledgeTypes.length === 1 ? b.acknowledgeTypes[0]! : b.acknowledgeTypes[o - b.firstOffset]!);
  };

  async function fetchFrom(leader: number, partitions: number[]): Promise<SharedRecord[]> {
    const broker = await run(cluster.findBroker({ nodeId: String(leader) }));
    const version = commonVersion(broker.versions, ApiKey.ShareFetch, SHARE_FETCH);
    if (version === null) throw invalid(NO_SHARE_GROUPS);
    const session = sessions.get(leader) ?? { epoch: 0, partitions: new Set<number>() };
    const named = session.epoch === 0 ? partitions : partitions.filter((p) => !session.partitions.has(p) || pending.has(p));
    const forgotten = session.epoch === 0 ? [] : [...session.partitions].filter((p) => !partitions.includes(p)).map((partition) => ({ topicId, partition }));
    const requests = takeAcks(named);
    let answer;
    try {
      answer = await run(broker.connectionPool.send(shareFetch(version, { groupId: group, memberId, sessionEpoch: session.epoch, maxWaitMs: SHARE_FETCH_WAIT_MS, maxRecords: options.maxRecords, partitions: requests, forgotten })), brokers.deadline + SHARE_FETCH_WAIT_MS);
    } catch (err) {
      putBack(requests);
      sessions.delete(leader);
      throw err;
    }
    if (answer.errorCode) {
      putBack(requests);
      // The broker lost or moved on from the session (it restarted, or a request went unanswered): open a new one.
      sessions.delete(leader);
      const type = errorType(answer.errorCode);
      if (type === 'SHARE_SESSION_NOT_FOUND' || type === 'INVALID_SHARE_SESSION_EPOCH' || type === 'UNKNOWN_MEMBER_ID') return [];
      throw brokerRefusal(answer.errorCode, answer.errorMessage);
    }
    sessions.set(leader, { epoch: nextEpoch(session.epoch), partitions: new Set(partitions) });
    const out: SharedRecord[] = [];
    for (const p of answer.partitions) {
      if (p.acknowledgeErrorCode) ctx.log(`warning: ${topic}-${p.partition}: acknowledgement not taken: ${errorText(p.acknowledgeErrorCode)}`);
      if (p.errorCode) {
        await run(cluster.refreshMetadata()).catch(() => undefined);
        continue;
      }
      if (p.acquired.length === 0) continue;
      const records = p.records?.length ? (await readFetchedLog(topic, p.partition, p.records, 0, null, decompress)).records : [];
      const byOffset = new Map(records.map((r) => [r.offset, r]));
      const given = handedOut.get(p.partition) ?? new Set<number>();
      handedOut.set(p.partition, given);
      for (const range of p.acquired) {
        for (let offset = range.firstOffset; offset <= range.lastOffset; offset++) {
          const m = byOffset.get(offset);
          // Acquired offsets without a record (transaction markers, compacted away) are gaps.
          if (!m) { ackOf(p.partition).set(offset, GAP); continue; }
          given.add(offset);
          // Java's share consumer gives its records no leader epoch (print.epoch shows NOT_PRESENT): nor do we.
          out.push({ ...m, leaderEpoch: null, deliveryCount: range.deliveryCount });
        }
      }
    }
    return out;
  }

  /** The final request of a share session: sends the partitions' acknowledgements and closes it. */
  async function closeSession(leader: number, partitions: number[]): Promise<void> {
    sessions.delete(leader);
    const requests = takeAcks(partitions);
    try {
      const broker = await run(cluster.findBroker({ nodeId: String(leader) }));
      const version = commonVersion(broker.versions, ApiKey.ShareAcknowledge, SHARE_FETCH);
      if (version === null) return;
      const answer = await run(broker.connectionPool.send(shareAcknowledge(version, { groupId: group, memberId, sessionEpoch: FINAL_EPOCH, partitions: requests })));
      const refused = answer.errorCode || answer.partitions.find((p) => p.errorCode)?.errorCode;
      if (refused) ctx.log(`warning: acknowledgements not taken by broker ${leader}: ${errorText(refused)}`);
    } catch (err) {
      if (requests.some((r) => r.acknowledgements.length)) ctx.log(`warning: acknowledgements not sent to broker ${leader}: ${mapKafkaJsError(err, ctx.connection, brokers.deadline).message}`);
    }
  }

  return {
    async *[Symbol.asyncIterator]() {
      while (!signal.aborted && !closed) {
        if (fatal) throw fatal;
        const byLeader = new Map<number, number[]>();
        for (const partition of assigned) {
          const leader = leaderOf(partition);
          if (leader >= 0) byLeader.set(leader, [...(byLeader.get(leader) ?? []), partition]);
        }
        // Sessions with brokers that lead none of our partitions any more are closed, not left to expire.
        for (const leader of [...sessions.keys()]) if (!byLeader.has(leader)) await closeSession(leader, []);
        if (byLeader.size === 0) {
          await new Promise<void>((resolve) => {
            wakeFetcher = resolve;
            setTimeout(resolve, 200);
          });
          wakeFetcher = null;
          continue;
        }
        const fetched = await Promise.all(
          [...byLeader].map(([leader, partitions]) =>
            fetchFrom(leader, partitions).catch(async (err) => {
              const mapped = mapKafkaJsError(err, ctx.connection, brokers.deadline);
              if (mapped.kind === 'auth' || mapped.kind === 'invalid') throw mapped;
              await run(cluster.refreshMetadata()).catch(() => undefined);
              return [] as SharedRecord[];
            }),
          ),
        );
        const records = fetched.flat();
        if (records.length) yield records;
      }
      if (fatal) throw fatal;
    },

    acknowledge(records, how) {
      const type = ACKNOWLEDGE_TYPE[how];
      for (const r of records) {
        handedOut.get(r.partition)?.delete(r.offset);
        ackOf(r.partition).set(r.offset, type);
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      closing.abort();
      // Handed out, never acknowledged (--max-messages reached): released for other members now, not after the lock times out.
      for (const [partition, offsets] of handedOut) for (const offset of offsets) ackOf(partition).set(offset, ACKNOWLEDGE_TYPE.release);
      handedOut.clear();
      await heartbeats;
      const byLeader = new Map<number, number[]>();
      for (const partition of pending.keys()) {
        const leader = leaderOf(partition);
        if (leader >= 0) byLeader.set(leader, [...(byLeader.get(leader) ?? []), partition]);
      }
      for (const leader of sessions.keys()) if (!byLeader.has(leader)) byLeader.set(leader, []);
      await Promise.all([...byLeader].map(([leader, partitions]) => closeSession(leader, partitions)));
      if (memberEpoch > 0) await heartbeat(LEAVE_GROUP).catch(() => undefined);
    },
  };
}
