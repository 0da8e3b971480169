import type { IO } from '../../render/io.js';
import { renderCsv, renderJson, renderTable, type Column, type OutputFormat } from '../../render/print.js';
import { paint } from '../../render/colors.js';
import { anyFilter, type DescribeFilters } from './options.js';
import type { PartitionReport, TopicReport } from './describe-model.js';

const ids = (list: number[] | null) => (list === null ? 'N/A' : list.join(','));

/** Kafka's TopicCommand layout, byte for byte (TAB separated, `Elr: ` with its trailing space). */
export function kafkaDescribeText(reports: TopicReport[], filters: DescribeFilters, withOverrides: boolean): string {
  const filtered = anyFilter(filters);
  let out = '';
  for (const t of reports) {
    if (!filtered) {
      out += [
        `Topic: ${t.name}`,
        ...(t.topicId ? [`TopicId: ${t.topicId}`] : []),
        `PartitionCount: ${t.partitionCount}`,
        `ReplicationFactor: ${t.replicationFactor}`,
        `Configs: ${t.overrides.map((c) => `${c.name}=${c.value ?? ''}`).join(',')}`,
      ].join('\t') + '\n';
    }
    if (withOverrides) continue;
    for (const p of t.partitions) {
      out += `\tTopic: ${t.name}\tPartition: ${p.partition}\tLeader: ${p.leader ?? 'none'}\tReplicas: ${p.replicas.join(',')}\tIsr: ${p.isr.join(',')}\tElr: ${ids(p.elr)}\tLastKnownElr: ${ids(p.lastKnownElr)}\n`;
    }
  }
  return out;
}

const partitionStyle = (p: PartitionReport) => (p.unavailable ? 'red' : p.underReplicated ? 'yellow' : undefined);

const partitionColumns: Column<PartitionReport>[] = [
  { header: 'PARTITION', value: (p) => p.partition, align: 'right' },
  { header: 'LEADER', value: (p) => p.leader ?? 'none', style: (p) => (p.unavailable ? 'red' : undefined) },
  { header: 'REPLICAS', value: (p) => p.replicas.join(',') },
  { header: 'ISR', value: (p) => p.isr.join(','), style: partitionStyle },
  { header: 'OFFLINE', value: (p) => (p.offlineReplicas.length ? p.offlineReplicas.join(',') : null), style: (p) => (p.offlineReplicas.length ? 'red' : undefined) },
  { header: 'EARLIEST', value: (p) => p.earliestOffset, align: 'right' },
  { header: 'LATEST', value: (p) => p.latestOffset, align: 'right' },
  { header: 'MESSAGES', value: (p) => p.messages, align: 'right' },
];

type CsvRow = PartitionReport & { topic: string };
const csvColumns: Column<CsvRow>[] = [
  { header: 'topic', value: (r) => r.topic },
  { header: 'partition', value: (r) => r.partition },
  { header: 'leader', value: (r) => r.leader ?? '' },
  { header: 'replicas', value: (r) => r.replicas.join(' ') },
  { header: 'isr', value: (r) => r.isr.join(' ') },
  { header: 'offline_replicas', value: (r) => r.offlineReplicas.join(' ') },
  { header: 'earliest_offset', value: (r) => r.earliestOffset },
  { header: 'latest_offset', value: (r) => r.latestOffset },
  { header: 'messages', value: (r) => r.messages },
];

export function describeJson(reports: TopicReport[]): string {
  return renderJson({
    topics: reports.map((t) => ({
      name: t.name,
      topicId: t.topicId,
      internal: t.internal,
      partitionCount: t.partitionCount,
      replicationFactor: t.replicationFactor,
      configs: Object.fromEntries(t.overrides.map((c) => [c.name, c.value])),
      ...(t.allConfigs ? { allConfigs: t.allConfigs.map((c) => ({ name: c.name, value: c.sensitive ? null : c.value, source: c.source, sensitive: c.sensitive, readOnly: c.readOnly })) } : {}),
      partitions: t.partitions.map((p) => ({
        partition: p.partition,
        leader: p.leader,
        replicas: p.replicas,
        isr: p.isr,
        offlineReplicas: p.offlineReplicas,
        elr: p.elr,
        lastKnownElr: p.lastKnownElr,
        earliestOffset: p.earliestOffset,
        latestOffset: p.latestOffset,
        messages: p.messages,
        underReplicated: p.underReplicated,
        unavailable: p.unavailable,
      })),
    })),
  });
}

export async function describeHuman(io: IO, reports: TopicReport[], withOverrides: boolean): Promise<string> {
  const blocks: string[] = [];
  for (const t of reports) {
    const overrides = t.overrides.map((c) => `${c.name}=${c.value ?? ''}`).join(',') || '-';
    let block = `${paint(io, 'bold', t.name)}  id ${t.topicId ?? '-'}  partitions ${t.partitionCount}  replication ${t.replicationFactor}  configs ${overrides}\n`;
    if (!withOverrides) block += await renderTable(io, partitionColumns, t.partitions);
    if (t.allConfigs) {
      block += await renderTable(
        io,
        [
          { header: 'CONFIG', value: (c) => c.name },
          { header: 'VALUE', value: (c) => (c.sensitive ? '(sensitive)' : c.value) },
          { header: 'SOURCE', value: (c) => c.source, style: (c) => (c.source === 'DEFAULT_CONFIG' ? 'dim' : undefined) },
        ],
        t.allConfigs,
      );
    }
    blocks.push(block);
  }
  return blocks.join('\n');
}

export function describeCsv(reports: TopicReport[]): string {
  return renderCsv(csvColumns, reports.flatMap((t) => t.partitions.map((p) => ({ ...p, topic: t.name }))));
}

export function listText(format: OutputFormat, names: string[]): string {
  switch (format) {
    case 'json':
      return renderJson({ topics: names });
    case 'csv':
      return renderCsv([{ header: 'topic', value: (n: string) => n }], names);
    case 'kafka':
      return names.length ? names.join('\n') + '\n' : '\n';
    case 'table':
      return names.map((n) => n + '\n').join('');
  }
}
