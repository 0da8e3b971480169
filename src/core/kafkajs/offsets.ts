import type { CommittedOffset, TopicPartition } from '../client.js';
import { byTopicPartition, type AdapterContext, type InternalCluster } from './adapter.js';
import { whileBrokersSettle } from './errors.js';

export type OffsetSpec = 'earliest' | 'latest' | { timestamp: number };

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * ListOffsets against each partition leader. With `skipUnavailable`, partitions without a
 * reachable or answering leader are left out instead of failing the whole query (describe on a
 * degraded cluster must still answer).
 */
export async function listOffsets(
  ctx: AdapterContext,
  cluster: InternalCluster,
  tps: TopicPartition[],
  spec: OffsetSpec,
  isolationLevel: number,
  skipUnavailable = false,
): Promise<Map<string, number>> {
  const byTopic = new Map<string, number[]>();
  for (const tp of tps) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
  const result = new Map<string, number>();
  if (byTopic.size === 0) return result;
  await ctx.run(cluster.addMultipleTargetTopics([...byTopic.keys()]));
  const timestamp = spec === 'earliest' ? -2 : spec === 'latest' ? -1 : spec.timestamp;
  const requests: Promise<void>[] = [];
  for (const [topic, partitions] of byTopic) {
    const leaders = cluster.findLeaderForPartitions(topic, partitions);
    for (const [nodeId, ps] of Object.entries(leaders)) {
      if (Number(nodeId) < 0) {
        if (skipUnavailable) continue;
        throw new Error(`LEADER_NOT_AVAILABLE for ${topic} partitions ${ps.join(',')}`);
      }
      // Skipping a leader that does not answer (frozen, overloaded) leaves time to answer the rest.
      const within = skipUnavailable ? Math.floor(ctx.connection.requestTimeoutMs / 2) : ctx.connection.requestTimeoutMs;
      requests.push(
        (async () => {
          const broker = await ctx.run(cluster.findBroker({ nodeId }), within);
          const res = (await ctx.run(
            (broker as any).listOffsets({ replicaId: -1, isolationLevel, topics: [{ topic, partitions: ps.map((partition) => ({ partition, timestamp })) }] }),
            within,
          )) as { responses: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }> };
          for (const t of res.responses) for (const p of t.partitions) result.set(key(t.topic, p.partition), Number(p.offset));
        })().catch((err) => {
          if (!skipUnavailable) throw err;
        }),
      );
    }
  }
  await Promise.all(requests);
  if (typeof spec === 'object') {
    // No record at or after the timestamp: the end of the log, as Kafka's consumer does.
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
