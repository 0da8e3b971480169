import type { BrokerApiVersions, BrokerInfo, KafkaClient } from '../../core/client.js';
import { writeOut, type IO } from '../../render/io.js';
import { humanBytes, renderCsv, renderJson, renderTable, type Column, type OutputFormat } from '../../render/print.js';
import { brokerRelease, metadataVersionName } from './kafka-release.js';

export interface ClusterDescribeOptions {
  output: OutputFormat;
}

interface BrokerRow extends BrokerInfo {
  version: string | null;
  controller: boolean;
  /** The size of Kafka's data in the broker's log dirs; null when the broker did not say. */
  dataBytes: number | null;
  /** The fullest of its log dirs' volumes (Kafka 3.3+ reports them), in percent. */
  diskUsedPercent: number | null;
}

export interface ClusterReport {
  clusterId: string;
  /** The active controller: the KRaft quorum leader, else what Metadata names. */
  controller: { id: number | null; source: 'kraft-quorum' | 'metadata'; quorumVoters: number[] | null };
  /** The release the brokers run (as their supported metadata.version, else their API versions, reveal), null when unknown. */
  kafkaVersion: string | null;
  metadataVersion: string | null;
  brokers: BrokerRow[];
  topics: { total: number; internal: number; partitions: number; underReplicatedPartitions: number; offlinePartitions: number };
}

export async function clusterReport(client: KafkaClient): Promise<ClusterReport> {
  const [description, quorum, apiVersions, names, logDirs] = await Promise.all([
    client.cluster.describe(),
    // Without the quorum (refused, or a controller between leaders) Metadata still names the controller.
    client.cluster.quorum().catch(() => null),
    client.cluster.apiVersions(),
    client.topics.list(),
    client.cluster.logDirs(),
  ]);
  const dirsById = new Map(logDirs.filter((b) => b.error === null).map((b) => [b.broker.id, b.logDirs]));
  const usedPercents = (id: number) =>
    (dirsById.get(id) ?? []).filter((d) => d.totalBytes && d.usableBytes !== null).map((d) => ((d.totalBytes! - d.usableBytes!) / d.totalBytes!) * 100);
  const topics = await client.topics.describe(names);
  const partitions = topics.flatMap((t) => t.partitions);
  const versionsById = new Map<number, BrokerApiVersions>(apiVersions.map((v) => [v.broker.id, v]));
  const controllerId = quorum?.leaderId ?? description.controllerId;
  const finalizedLevel = apiVersions.flatMap((v) => v.finalizedFeatures).find((f) => f.name === 'metadata.version')?.level;
  const releases = [...new Set(apiVersions.map(brokerRelease).filter((r): r is string => r !== null))];
  return {
    clusterId: description.clusterId,
    controller: { id: controllerId, source: quorum ? 'kraft-quorum' : 'metadata', quorumVoters: quorum ? quorum.voters.map((v) => v.id) : null },
    kafkaVersion: releases.length ? releases.join(', ') : null,
    metadataVersion: finalizedLevel !== undefined ? metadataVersionName(finalizedLevel) : null,
    brokers: description.brokers.map((b) => ({
      ...b,
      version: versionsById.has(b.id) ? brokerRelease(versionsById.get(b.id)!) : null,
      controller: b.id === controllerId,
      dataBytes: dirsById.has(b.id) ? dirsById.get(b.id)!.reduce((n, d) => n + d.partitions.reduce((m, p) => m + p.sizeBytes, 0), 0) : null,
      diskUsedPercent: usedPercents(b.id).length ? Math.round(Math.max(...usedPercents(b.id)) * 10) / 10 : null,
    })),
    topics: {
      total: topics.length,
      internal: topics.filter((t) => t.internal).length,
      partitions: partitions.length,
      underReplicatedPartitions: partitions.filter((p) => p.isr.length < p.replicas.length).length,
      offlinePartitions: partitions.filter((p) => p.leader === null).length,
    },
  };
}

const BROKER_COLUMNS: Column<BrokerRow>[] = [
  { header: 'ID', value: (b) => b.id, align: 'right' },
  { header: 'ADDRESS', value: (b) => `${b.host}:${b.port}` },
  { header: 'RACK', value: (b) => b.rack },
  { header: 'VERSION', value: (b) => b.version },
  { header: 'CONTROLLER', value: (b) => (b.controller ? 'yes' : ''), style: (b) => (b.controller ? 'green' : undefined) },
  { header: 'DATA', value: (b) => (b.dataBytes === null ? null : humanBytes(b.dataBytes)), align: 'right' },
  { header: 'DISK-USED', value: (b) => (b.diskUsedPercent === null ? null : `${b.diskUsedPercent.toFixed(1)}%`), align: 'right', style: (b) => (b.diskUsedPercent === null ? undefined : b.diskUsedPercent >= 90 ? 'red' : b.diskUsedPercent >= 80 ? 'yellow' : undefined) },
];

export async function runClusterDescribe(o: ClusterDescribeOptions, client: KafkaClient, io: IO): Promise<number> {
  const report = await clusterReport(client);
  if (o.output === 'json') {
    await writeOut(io.stdout, renderJson(report));
    return 0;
  }
  if (o.output === 'csv') {
    await writeOut(io.stdout, renderCsv(BROKER_COLUMNS, report.brokers));
    return 0;
  }
  const t = report.topics;
  const controller =
    report.controller.id === null
      ? 'none'
      : report.controller.source === 'kraft-quorum'
        ? `${report.controller.id} (active KRaft controller; voters ${report.controller.quorumVoters!.join(', ')})`
        : `${report.controller.id} (as reported by Metadata; on KRaft this is any live broker)`;
  const summary = [
    ['Cluster id', report.clusterId],
    ['Kafka version', report.kafkaVersion ?? 'unknown (no broker answered ApiVersions)'],
    ...(report.metadataVersion ? [['metadata.version', report.metadataVersion]] : []),
    ['Controller', controller],
    ['Brokers', String(report.brokers.length)],
    ['Topics', `${t.total} (${t.internal} internal), ${t.partitions} partitions`],
    ['Under-replicated', `${t.underReplicatedPartitions} partitions`],
    ['Offline', `${t.offlinePartitions} partitions`],
  ];
  const width = Math.max(...summary.map(([k]) => k!.length)) + 1;
  await writeOut(io.stdout, summary.map(([k, v]) => `${`${k}:`.padEnd(width)} ${v}`).join('\n') + '\n\n');
  await writeOut(io.stdout, await renderTable(io, BROKER_COLUMNS, report.brokers));
  return 0;
}
