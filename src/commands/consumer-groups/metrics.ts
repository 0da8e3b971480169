import type { PartitionOffsets } from '../../core/client.js';
import type { MetricFamily, Sample } from '../../render/prometheus.js';
import type { GroupLag, LagRow } from './lag.js';

/**
 * Lag as metrics, with the names and labels of kafka_exporter (what Grafana's Kafka dashboards
 * query), plus time lag. A partition without a committed offset has no offset or lag series
 * (kafka_exporter's -1 made bogus lag); lag is never negative.
 */
export function lagMetrics(lags: GroupLag[], logStart: PartitionOffsets[]): MetricFamily[] {
  const rows = lags.flatMap((l) => l.rows);
  const partitionLabels = (r: LagRow) => ({ consumergroup: r.group, topic: r.topic, partition: r.partition });
  const perPartition = (value: (r: LagRow) => number | null): Sample[] =>
    rows.flatMap((r) => {
      const v = value(r);
      return v === null ? [] : [{ labels: partitionLabels(r), value: v }];
    });
  const perTopic = (value: (r: LagRow) => number | null): Sample[] => {
    const sums = new Map<string, { group: string; topic: string; sum: number }>();
    for (const r of rows) {
      const v = value(r);
      if (v === null) continue;
      const k = `${r.group}\u0000${r.topic}`;
      const entry = sums.get(k) ?? { group: r.group, topic: r.topic, sum: 0 };
      entry.sum += v;
      sums.set(k, entry);
    }
    return [...sums.values()].map((e) => ({ labels: { consumergroup: e.group, topic: e.topic }, value: e.sum }));
  };
  const logEnds = new Map<string, Sample>();
  for (const r of rows) if (r.logEndOffset !== null) logEnds.set(`${r.topic}\u0000${r.partition}`, { labels: { topic: r.topic, partition: r.partition }, value: r.logEndOffset });
  const gauge = (name: string, help: string, samples: Sample[]): MetricFamily => ({ name, help, type: 'gauge', samples });
  // kafka_exporter's per-topic sums end in _sum, which promtool reserves for histograms and
  // summaries unless the family is untyped: same name and value, and the output lints clean.
  const sum = (name: string, help: string, samples: Sample[]): MetricFamily => ({ name, help, type: 'untyped', samples });
  return [
    gauge('kafka_consumergroup_current_offset', 'Current Offset of a ConsumerGroup at Topic/Partition', perPartition((r) => r.currentOffset)),
    sum('kafka_consumergroup_current_offset_sum', 'Current Offset of a ConsumerGroup at Topic for all partitions', perTopic((r) => r.currentOffset)),
    gauge('kafka_consumergroup_lag', 'Current Approximate Lag of a ConsumerGroup at Topic/Partition', perPartition((r) => r.lag)),
    sum('kafka_consumergroup_lag_sum', 'Current Approximate Lag of a ConsumerGroup at Topic for all partitions', perTopic((r) => r.lag)),
    gauge('kafka_consumergroup_lag_seconds', 'Seconds since the timestamp of the next record the ConsumerGroup reads at Topic/Partition (0 when caught up)', perPartition((r) => r.lagSeconds)),
    gauge(
      'kafka_consumergroup_max_lag_seconds',
      'Largest time lag of a ConsumerGroup over its partitions',
      lags.filter((l) => l.maxLagSeconds !== null).map((l) => ({ labels: { consumergroup: l.group.groupId }, value: l.maxLagSeconds! })),
    ),
    gauge('kafka_consumergroup_members', 'Amount of members in a consumer group', lags.map((l) => ({ labels: { consumergroup: l.group.groupId }, value: l.group.members.length }))),
    gauge('kafka_topic_partition_current_offset', 'Current Offset of a Broker at Topic/Partition', [...logEnds.values()]),
    gauge('kafka_topic_partition_oldest_offset', 'Oldest Offset of a Broker at Topic/Partition', logStart.map((o) => ({ labels: { topic: o.topic, partition: o.partition }, value: o.offset }))),
  ];
}
