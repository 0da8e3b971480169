import type { CommittedOffset, OffsetLookup, OffsetLookupQuery, OffsetOps, OffsetQuery, PartitionOffsets, RecordsDeletion, RecordTimestamp, TopicPartition } from '../client.js';
import { decompress } from './codecs.js';
import { byTopicPartition, READ_UNCOMMITTED, type AdapterContext } from './context.js';
import { fetchFrom, groupByLeader } from './fetch.js';
import type { InternalCluster } from './load.js';
import { readFetchedLog } from './record-batch.js';
import { whileBrokersSettle } from './errors.js';
import { ApiKey, commonVersion, deleteRecords as deleteRecordsRequest, errorFromCode, errorText, errorType, LIST_OFFSETS, listOffsets as listOffsetsRequest, OFFSET_FETCH, offsetFetch, type ListedOffset } from './requests.js';
import { invalid } from '../errors.js';

export type OffsetSpec = 'earliest' | 'latest' | 'max-timestamp' | { timestamp: number };

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;
const SPEC_TIMESTAMP = { earliest: -2, latest: -1, 'max-timestamp': -3 } as const;

/**
 * ListOffsets against each partition leader: every partition's answer, errors included. With
 * `skipUnavailable`, partitions without a reachable or answering leader are left out instead of
 * failing the whole query (describe on a degraded cluster must still answer).
 */
export async function lookupOffsets(
  ctx: AdapterContext,
  cluster: InternalCluster,
  tps: TopicPartition[],
  spec: OffsetSpec,
  isolationLevel: number,
  skipUnavailable = false,
): Promise<Map<string, ListedOffset>> {
  const byTopic = new Map<string, number[]>();
  for (const tp of tps) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
  const result = new Map<string, ListedOffset>();
  if (byTopic.size === 0) return result;
  await ctx.run(cluster.addMultipleTargetTopics([...byTopic.keys()]));
  const timestamp = typeof spec === 'object' ? spec.timestamp : SPEC_TIMESTAMP[spec];
  const byLeader = new Map<number, Map<string, number[]>>();
  for (const [topic, partitions] of byTopic) {
    for (const [nodeId, ps] of Object.entries(cluster.findLeaderForPartitions(topic, partitions))) {
      if (Number(nodeId) < 0) {
        if (skipUnavailable) continue;
        throw errorFromCode(5); // LEADER_NOT_AVAILABLE
      }
      const topics = byLeader.get(Number(nodeId)) ?? new Map<string, number[]>();
      topics.set(topic, ps);
      byLeader.set(Number(nodeId), topics);
    }
  }
  // Skipping a leader that does not answer (frozen, overloaded) leaves time to answer the rest.
  const within = skipUnavailable ? Math.floor(ctx.connection.requestTimeoutMs / 2) : ctx.connection.requestTimeoutMs;
  await Promise.all(
    [...byLeader].map(async ([nodeId, topics]) => {
      try {
        const broker = await ctx.run(cluster.findBroker({ nodeId }), within);
        const version = Math.min(LIST_OFFSETS.max, broker.versions[ApiKey.ListOffsets]?.maxVersion ?? 0);
        if (version < LIST_OFFSETS.min || (spec === 'max-timestamp' && version < LIST_OFFSETS.maxTimestamp)) {
          for (const [topic, ps] of topics) for (const partition of ps) result.set(key(topic, partition), { topic, partition, errorCode: 35, offset: -1, timestamp: -1 });
          return;
        }
        for (const answer of await ctx.run(broker.connectionPool.send(listOffsetsRequest(version, isolationLevel, topics, timestamp)), within)) {
          result.set(key(answer.topic, answer.partition), answer);
        }
      } catch (err) {
        if (!skipUnavailable) throw err;
      }
    }),
  );
  return result;
}

/**
 * Offsets only, as the readers and group commands want them: a partition's error fails the query
 * (or leaves the partition out, with `skipUnavailable`); no record at or after a timestamp reads as
 * the end of the log, as Kafka's consumer does.
 */
export async function listOffsets(
  ctx: AdapterContext,
  cluster: InternalCluster,
  tps: TopicPartition[],
  spec: 'earliest' | 'latest' | { timestamp: number },
  isolationLevel: number,
  skipUnavailable = false,
): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  for (const [k, answer] of await lookupOffsets(ctx, cluster, tps, spec, isolationLevel, skipUnavailable)) {
    if (answer.errorCode) {
      if (skipUnavailable) continue;
      throw errorFromCode(answer.errorCode);
    }
    result.set(k, answer.offset);
  }
  if (typeof spec === 'object') {
    const missing = tps.filter((tp) => (result.get(key(tp.topic, tp.partition)) ?? -1) < 0);
    if (missing.length) for (const [k, v] of await listOffsets(ctx, cluster, missing, 'latest', isolationLevel, skipUnavailable)) result.set(k, v);
  }
  return result;
}

/** A group's committed offsets (none = not listed), riding out a coordinator that is still loading. */
export async function committedOffsets(ctx: AdapterContext, groupId: string): Promise<CommittedOffset[]> {
  const cluster = await ctx.cluster();
  const answer = await whileBrokersSettle(ctx.connection.requestTimeoutMs, async () => {
    const coordinator = await ctx.run(cluster.findGroupCoordinator({ groupId }));
    const version = commonVersion(coordinator.versions, ApiKey.OffsetFetch, OFFSET_FETCH);
    if (version === null) throw invalid('the group coordinator cannot fetch committed offsets with their leader epochs (Kafka 2.1 or later is needed)');
    const fetched = await ctx.run(coordinator.connectionPool.send(offsetFetch(version, groupId)));
    // A coordinator still loading (or moved) is asked again, as kafkajs's own errors for the code are.
    if (fetched.errorCode) throw errorFromCode(fetched.errorCode);
    const refused = fetched.partitions.find((p) => p.errorCode);
    if (refused) throw errorFromCode(refused.errorCode);
    return fetched;
  });
  return answer.partitions
    .filter((p) => p.offset >= 0)
    .map((p) => ({ topic: p.topic, partition: p.partition, offset: p.offset, leaderEpoch: p.leaderEpoch >= 0 ? p.leaderEpoch : null }))
    .sort(byTopicPartition);
}

/** Leadership moved between metadata and the request: asked again once, of the new leader. */
const LEADER_MOVED = new Set(['LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION', 'NOT_LEADER_OR_FOLLOWER']);

/** DeleteRecords at each partition's leader. */
export async function deleteRecords(ctx: AdapterContext, cluster: InternalCluster, before: PartitionOffsets[], retried = false): Promise<RecordsDeletion[]> {
  await ctx.run(cluster.addMultipleTargetTopics([...new Set(before.map((p) => p.topic))]));
  const byLeader = new Map<number, Map<string, Array<{ partition: number; offset: number }>>>();
  const results: RecordsDeletion[] = [];
  const failure = (p: TopicPartition, code: number): RecordsDeletion => ({ topic: p.topic, partition: p.partition, lowWatermark: null, error: { name: errorType(code), message: errorText(code)! } });
  for (const p of before) {
    const leader = cluster.findTopicPartitionMetadata(p.topic).find((m) => m.partitionId === p.partition)?.leader ?? -1;
    if (leader < 0) {
      results.push(failure(p, 5));
      continue;
    }
    const topics = byLeader.get(leader) ?? new Map<string, Array<{ partition: number; offset: number }>>();
    topics.set(p.topic, [...(topics.get(p.topic) ?? []), { partition: p.partition, offset: p.offset }]);
    byLeader.set(leader, topics);
  }
  await Promise.all(
    [...byLeader].map(async ([nodeId, topics]) => {
      const broker = await ctx.run(cluster.findBroker({ nodeId }));
      const version = Math.min(2, broker.versions[ApiKey.DeleteRecords]?.maxVersion ?? 0);
      for (const answer of await ctx.run(broker.connectionPool.send(deleteRecordsRequest(version, topics, ctx.connection.requestTimeoutMs)))) {
        results.push(answer.errorCode ? failure(answer, answer.errorCode) : { topic: answer.topic, partition: answer.partition, lowWatermark: answer.lowWatermark, error: null });
      }
    }),
  );
  const moved = results.filter((r) => r.error !== null && LEADER_MOVED.has(r.error.name));
  if (moved.length && !retried) {
    await ctx.run(cluster.refreshMetadata());
    const again = await deleteRecords(ctx, cluster, before.filter((b) => moved.some((m) => m.topic === b.topic && m.partition === b.partition)), true);
    return [...results.filter((r) => !moved.includes(r)), ...again];
  }
  return results;
}

/** The offsets family: offsets by time, records' timestamps, deleting records. */
export function offsetOps(ctx: AdapterContext): OffsetOps {
  const { cluster } = ctx;
  return {
    async query(partitions: TopicPartition[], query: OffsetQuery): Promise<PartitionOffsets[]> {
      const found = await listOffsets(ctx, await cluster(), partitions, query, READ_UNCOMMITTED, true);
      return partitions
        .filter((tp) => found.has(`${tp.topic}\u0000${tp.partition}`))
        .map((tp) => ({ ...tp, offset: found.get(`${tp.topic}\u0000${tp.partition}`)! }))
        .sort(byTopicPartition);
    },
    async lookup(partitions: TopicPartition[], query: OffsetLookupQuery): Promise<OffsetLookup[]> {
      const found = await lookupOffsets(ctx, await cluster(), partitions, query, READ_UNCOMMITTED, true);
      return partitions.map((tp) => {
        const answer = found.get(`${tp.topic}\u0000${tp.partition}`);
        if (!answer) return { ...tp, offset: null, timestamp: null, error: 'no leader answered' };
        if (answer.errorCode) return { ...tp, offset: null, timestamp: null, error: errorText(answer.errorCode) };
        return { ...tp, offset: answer.offset >= 0 ? answer.offset : null, timestamp: answer.timestamp >= 0 ? answer.timestamp : null, error: null };
      });
    },
    async deleteRecords(before: PartitionOffsets[]): Promise<RecordsDeletion[]> {
      return (await deleteRecords(ctx, await cluster(), before)).sort(byTopicPartition);
    },
    async recordTimestamps(positions: PartitionOffsets[]): Promise<RecordTimestamp[]> {
      const found = await recordTimestamps(ctx, await cluster(), positions);
      return positions
        .filter((p) => found.has(`${p.topic}\u0000${p.partition}`))
        .map((p) => ({ ...p, timestamp: found.get(`${p.topic}\u0000${p.partition}`)! }));
    },
  };
}

/** A partition's share of a timestamp fetch: enough for the first batch of most logs. */
const TIMESTAMP_PARTITION_BYTES = 64 * 1024;
/** Control batches (transaction markers) and compacted gaps can hide the next record: read on this many times. */
const TIMESTAMP_ROUNDS = 4;

/**
 * The timestamp of the first record at or after each offset (the record a group would read next),
 * by `topic\0partition`. Partitions with no record there (at the end of the log), without an
 * answering leader, or without timestamps (message format v0) are left out.
 */
export async function recordTimestamps(ctx: AdapterContext, cluster: InternalCluster, positions: PartitionOffsets[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  if (positions.length === 0) return found;
  await ctx.run(cluster.addMultipleTargetTopics([...new Set(positions.map((p) => p.topic))]));
  const key = (t: string, p: number) => `${t}\u0000${p}`;
  // Many partitions per request first; what is left (a first batch cut off at the partition's
  // share, a control batch) one partition per request, where the broker sends the first batch whole.
  let requests = groupByLeader(cluster, positions);
  for (let round = 0; round < TIMESTAMP_ROUNDS && requests.length; round++) {
    const next: PartitionOffsets[] = [];
    await Promise.all(
      requests.map(async ([leader, parts]) => {
        const sizes = { maxPartitionFetchBytes: TIMESTAMP_PARTITION_BYTES, fetchMaxBytes: TIMESTAMP_PARTITION_BYTES * parts.length };
        const fetched = await ctx.run(fetchFrom(cluster, leader, parts, READ_UNCOMMITTED, sizes, 0)).catch(() => null);
        for (const part of fetched ?? []) {
          const pos = parts.find((p) => p.topic === part.topic && p.partition === part.partition);
          if (!pos || part.errorCode) continue;
          const log = await readFetchedLog(part.topic, part.partition, part.records ?? Buffer.alloc(0), pos.offset, null, decompress);
          const first = log.records[0];
          if (first) {
            if (first.timestamp >= 0) found.set(key(part.topic, part.partition), first.timestamp);
          } else if (log.next !== null) {
            next.push({ ...pos, offset: log.next });
          } else if (pos.offset < part.highWatermark) {
            next.push(pos);
          }
        }
      }),
    );
    requests = groupByLeader(cluster, next).flatMap(([leader, parts]) => parts.map((p) => [leader, [p]] as [number, PartitionOffsets[]]));
  }
  return found;
}
