import type { CommittedOffset, PartitionOffsets, RecordsDeletion, TopicPartition } from '../client.js';
import { byTopicPartition, type AdapterContext, type InternalCluster } from './adapter.js';
import { whileBrokersSettle } from './errors.js';
import { ApiKey, deleteRecords as deleteRecordsRequest, errorFromCode, errorText, errorType, LIST_OFFSETS, listOffsets as listOffsetsRequest, type ListedOffset } from './requests.js';

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
  const admin = await ctx.admin();
  const offsets = await whileBrokersSettle(ctx.connection.requestTimeoutMs, () => ctx.run(admin.fetchOffsets({ groupId })));
  return offsets
    .flatMap(({ topic, partitions }) =>
      partitions.filter((p) => Number(p.offset) >= 0).map((p) => ({ topic, partition: p.partition, offset: Number(p.offset), leaderEpoch: null })),
    )
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
