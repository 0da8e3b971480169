import type { ConfigEntry, KafkaClient, PartitionDescription, TopicDescription } from '../../core/client.js';
import { anyFilter, type DescribeFilters } from './options.js';

/** One described topic: what every output format renders (the JSON contract, see README). */
export interface TopicReport {
  name: string;
  topicId: string | null;
  internal: boolean;
  partitionCount: number;
  replicationFactor: number;
  /** Every config not at its built-in default, in broker order (Kafka's `Configs:`). */
  overrides: Array<{ name: string; value: string | null }>;
  /** Every config with its source, when --all-configs was asked for. */
  allConfigs: ConfigEntry[] | null;
  minInsyncReplicas: number;
  partitions: PartitionReport[];
}

export interface PartitionReport extends PartitionDescription {
  earliestOffset: number | null;
  latestOffset: number | null;
  /** latest − earliest: exact for non-compacted topics without transactions. */
  messages: number | null;
  underReplicated: boolean;
  underMinIsr: boolean;
  atMinIsr: boolean;
  unavailable: boolean;
}

export async function buildReports(
  client: KafkaClient,
  topics: { names: string[] } | { ids: string[] },
  options: { withOffsets: boolean; allConfigs: boolean; partitionsPerResponse?: number },
): Promise<TopicReport[]> {
  const described = 'ids' in topics ? client.topics.describeById(topics.ids) : client.topics.describe(topics.names, options.partitionsPerResponse);
  // By id, the names (for their configs) come with the description.
  const names = 'ids' in topics ? (await described).map((t) => t.name) : topics.names;
  const [descriptions, cluster, configs] = await Promise.all([
    described,
    client.cluster.describe(),
    Promise.all(names.map((name) => client.configs.describe({ type: 'topic', name }))),
  ]);
  const configsByTopic = new Map(names.map((name, i) => [name, configs[i]!]));
  const liveBrokers = new Set(cluster.brokers.map((b) => b.id));
  const partitions = descriptions.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition })));
  const [earliest, latest] = options.withOffsets
    ? await Promise.all([client.offsets.query(partitions, 'earliest'), client.offsets.query(partitions, 'latest')])
    : [[], []];
  const offsetKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;
  const earliestBy = new Map(earliest.map((o) => [offsetKey(o.topic, o.partition), o.offset]));
  const latestBy = new Map(latest.map((o) => [offsetKey(o.topic, o.partition), o.offset]));

  return descriptions
    .map((t: TopicDescription): TopicReport => {
      const entries = configsByTopic.get(t.name) ?? [];
      const minIsr = Number(entries.find((e) => e.name === 'min.insync.replicas')?.value ?? 1);
      const rf = t.partitions[0]?.replicas.length ?? 0;
      return {
        name: t.name,
        topicId: t.topicId,
        internal: t.internal,
        partitionCount: t.partitions.length,
        replicationFactor: rf,
        overrides: entries.filter((e) => e.source !== 'DEFAULT_CONFIG').map((e) => ({ name: e.name, value: e.value })),
        allConfigs: options.allConfigs ? entries : null,
        minInsyncReplicas: minIsr,
        partitions: t.partitions.map((p) => {
          const low = earliestBy.get(offsetKey(t.name, p.partition)) ?? null;
          const high = latestBy.get(offsetKey(t.name, p.partition)) ?? null;
          return {
            ...p,
            earliestOffset: low,
            latestOffset: high,
            messages: low !== null && high !== null ? high - low : null,
            underReplicated: p.replicas.length - p.isr.length > 0,
            underMinIsr: p.leader === null || p.isr.length < minIsr,
            atMinIsr: p.isr.length === minIsr,
            unavailable: p.leader === null || !liveBrokers.has(p.leader),
          };
        }),
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Kafka's describe filters: a partition is shown if it matches any filter given. */
export function applyFilters(reports: TopicReport[], filters: DescribeFilters, withOverrides: boolean): TopicReport[] {
  if (withOverrides) return reports.filter((r) => r.overrides.length > 0);
  if (!anyFilter(filters)) return reports;
  return reports
    .map((r) => ({
      ...r,
      partitions: r.partitions.filter(
        (p) => (filters.underReplicated && p.underReplicated) || (filters.underMinIsr && p.underMinIsr) || (filters.atMinIsr && p.atMinIsr) || (filters.unavailable && p.unavailable),
      ),
    }))
    .filter((r) => r.partitions.length > 0);
}
