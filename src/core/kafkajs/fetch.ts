import type { ConsumerTuning, TopicPartition } from '../client.js';
import type { InternalCluster } from './load.js';
import { ApiKey, commonVersion, errorFromCode, FETCH, fetchRequest, type FetchedPartition } from './requests.js';

/** How long a fetch may wait at the broker for records (fetch.max.wait.ms). */
export const FETCH_WAIT_MS = 500;

/** One Fetch to a partition leader for `parts`, each from its offset; the answer per partition. */
export async function fetchFrom(
  cluster: InternalCluster,
  leader: number,
  parts: Array<TopicPartition & { offset: number }>,
  isolationLevel: number,
  sizes: Pick<ConsumerTuning, 'maxPartitionFetchBytes' | 'fetchMaxBytes'>,
  maxWaitMs = FETCH_WAIT_MS,
): Promise<FetchedPartition[]> {
  if (leader < 0) throw new Error('LEADER_NOT_AVAILABLE');
  const broker = await cluster.findBroker({ nodeId: String(leader) });
  const version = commonVersion(broker.versions, ApiKey.Fetch, FETCH);
  if (version === null) throw new Error(`broker ${leader} speaks no Fetch version from ${FETCH.min} to ${FETCH.max}`);
  const byTopic = new Map<string, Array<{ partition: number; fetchOffset: number; partitionMaxBytes: number }>>();
  for (const p of parts) {
    const list = byTopic.get(p.topic) ?? [];
    list.push({ partition: p.partition, fetchOffset: p.offset, partitionMaxBytes: sizes.maxPartitionFetchBytes });
    byTopic.set(p.topic, list);
  }
  const answer = await broker.connectionPool.send(
    fetchRequest(version, { maxWaitMs, maxBytes: sizes.fetchMaxBytes, isolationLevel, topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) }),
  );
  if (answer.errorCode) throw errorFromCode(answer.errorCode);
  return answer.partitions;
}

/**
 * Positions by the leader of their partition, as of the cluster's metadata. Partitions without a
 * leader are grouped under -1, where a fetch fails (LEADER_NOT_AVAILABLE) and so asks for new metadata.
 */
export function groupByLeader<P extends TopicPartition>(cluster: InternalCluster, positions: P[]): Array<[number, P[]]> {
  const byLeader = new Map<number, P[]>();
  for (const p of positions) {
    const leader = cluster.findTopicPartitionMetadata(p.topic).find((m) => m.partitionId === p.partition)?.leader ?? -1;
    const group = byLeader.get(leader);
    if (group) group.push(p);
    else byLeader.set(leader, [p]);
  }
  return [...byLeader];
}
