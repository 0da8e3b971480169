import type { BrokerApiVersions, BrokerInfo, KafkaClient } from '../../core/client.js';
import { writeOut, type IO } from '../../render/io.js';
import { renderCsv, renderJson, renderTable, type Column, type OutputFormat } from '../../render/print.js';
import { brokerRelease, metadataVersionName } from './kafka-release.js';

export interface ClusterDescribeOptions {
  output: OutputFormat;
}

interface BrokerRow extends BrokerInfo {
  version: string | null;
  controller: boolean;
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
  const [description, quorum, apiVersions, names] = await Promise.all([
    client.cluster.describe(),
    client.cluster.quorum(),
    client.cluster.apiVersions(),
    client.topics.list(),
  ]);
  const topics = await client.topics.describe(names);
  const partitions = topics.flatMap((t) => t.partitions);
  const versionsById = new Map<number, BrokerApiVersions>(apiVersions.map((v) => [v.broker.id, v]));
  const controllerId = quorum?.leaderId ?? description.controllerId;
  const finalizedLevel = apiVersions.flatMap((v) => v.finalizedFeatures).find((f) => f.name === 'metadata.version')?.level;
  const releases = [...new Set(apiVersions.map(brokerRelease).filter((r): r is string => r !== null))];
  return {
    clusterId: description.clusterId,
    controller: { id: controllerId, source: quorum ? 'kraft-quorum' : 'metadata', quorumVoters: quorum?.voters ?? null },
    kafkaVersion: releases.length ? releases.join(', ') : null,
    metadataVersion: finalizedLevel !== undefined ? metadataVersionName(finalizedLevel) : null,
    brokers: description.brokers.map((b) => ({
      ...b,
      version: versionsById.has(b.id) ? brokerRelease(versionsById.get(b.id)!) : null,
      controller: b.id === controllerId,
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
