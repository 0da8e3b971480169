import { readFile } from 'node:fs/promises';
import type { BrokerLogDirs, ConfigEntry, KafkaClient, TopicDescription } from '../../core/client.js';
import { makeDirectory } from '../../core/directories.js';
import { CliError } from '../../core/errors.js';
import { writeOut, type IO } from '../../render/io.js';
import { writeFileAtomically } from '../../render/output-file.js';
import { humanBytes, renderCsv, renderJson, renderTable, type Column, type MetricsOutputFormat } from '../../render/print.js';
import { renderPrometheus, type MetricFamily } from '../../render/prometheus.js';
import { groupLag, type GroupLag } from '../consumer-groups/lag.js';
import { consumerGroupIds } from '../consumer-groups/listing.js';
import { CHECKS, type CheckName, type Severity } from './check-names.js';

export interface Finding {
  severity: Severity;
  check: CheckName;
  /** What it is about: `topic t`, `t-0`, `broker 1 /var/kafka`, `group g`. */
  resource: string;
  message: string;
}

export interface ClusterCheckOptions {
  output: MetricsOutputFormat;
  /** Write the output here atomically instead of to stdout. */
  outputFile?: string;
  maxPartitionsPerBroker: number;
  logDirWarningPercent: number;
  logDirCriticalPercent: number;
  /** A log dir projected to fill within this many hours (at the growth since the last check) is a warning. */
  fullWithinHours: number;
  lagThreshold?: number;
  lagThresholdSeconds: number;
  ignore: CheckName[];
  /** Where the last log-dir reading is kept between runs (growth), per cluster id; null: not kept. */
  historyDir: string | null;
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };


function configValue(entries: ConfigEntry[], name: string): string | null {
  return entries.find((e) => e.name === name)?.value ?? null;
}

/** Topic and partition findings: availability, replication, durability settings, retention. */
export function topicFindings(topics: TopicDescription[], configs: Map<string, ConfigEntry[]>, brokerCount: number): Finding[] {
  const findings: Finding[] = [];
  for (const t of topics) {
    const entries = configs.get(t.name) ?? [];
    const minIsr = Number(configValue(entries, 'min.insync.replicas') ?? 1);
    const rf = Math.max(0, ...t.partitions.map((p) => p.replicas.length));
    for (const p of t.partitions) {
      const where = `${t.name}-${p.partition}`;
      if (p.leader === null) {
        findings.push({ severity: 'critical', check: 'offline-partition', resource: where, message: `no leader: neither readable nor writable (replicas ${p.replicas.join(',')}, in sync ${p.isr.join(',') || 'none'})` });
        continue;
      }
      if (p.isr.length < minIsr && minIsr <= p.replicas.length) {
        findings.push({ severity: 'critical', check: 'under-min-isr', resource: where, message: `${p.isr.length} of ${p.replicas.length} replicas in sync, below min.insync.replicas=${minIsr}: acks=all writes fail` });
      }
      if (p.isr.length < p.replicas.length) {
        const out = p.replicas.filter((r) => !p.isr.includes(r));
        findings.push({ severity: 'warning', check: 'under-replicated', resource: where, message: `${p.isr.length} of ${p.replicas.length} replicas in sync (out of sync: ${out.join(',')})` });
      }
    }
    if (rf > 0 && minIsr > rf) {
      findings.push({ severity: 'critical', check: 'min-isr-above-rf', resource: `topic ${t.name}`, message: `min.insync.replicas=${minIsr} is above the replication factor ${rf}: every acks=all write fails` });
    } else if (rf > 1 && minIsr === rf) {
      findings.push({ severity: 'warning', check: 'min-isr-equals-rf', resource: `topic ${t.name}`, message: `min.insync.replicas=${minIsr} equals the replication factor: one broker down stops acks=all writes` });
    }
    if (rf === 1 && brokerCount > 1) {
      findings.push({ severity: 'warning', check: 'single-replica', resource: `topic ${t.name}`, message: `replication factor 1 on a ${brokerCount}-broker cluster: one broker down takes its partitions offline, a lost disk loses them` });
    }
    const compacted = (configValue(entries, 'cleanup.policy') ?? 'delete').split(',').map((s) => s.trim()).includes('compact');
    if (configValue(entries, 'retention.ms') === '-1' && configValue(entries, 'retention.bytes') === '-1' && !compacted) {
      findings.push({ severity: 'warning', check: 'no-retention-limit', resource: `topic ${t.name}`, message: 'retention.ms=-1 and retention.bytes=-1 without compaction: it grows until the disk is full' });
    }
  }
  return findings;
}

export function partitionsPerBrokerFindings(topics: TopicDescription[], brokerIds: number[], max: number): Finding[] {
  const counts = new Map<number, number>(brokerIds.map((id) => [id, 0]));
  for (const p of topics.flatMap((t) => t.partitions)) for (const r of p.replicas) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts]
    .filter(([, n]) => n > max)
    .sort(([a], [b]) => a - b)
    .map(([id, n]) => ({ severity: 'warning' as const, check: 'partitions-per-broker' as const, resource: `broker ${id}`, message: `hosts ${n} partition replicas, above ${max}: slower recovery and elections` }));
}

/** One log dir's reading, kept between runs to measure growth. */
export interface LogDirReading {
  at: number;
  /** Bytes used on the volume (Kafka 3.3+), else the size of Kafka's data in it. */
  usedBytes: number;
}

export interface LogDirHistory {
  clusterId: string;
  dirs: Record<string, LogDirReading>;
}

/** Growth is measured against a reading at least this old. */
export const GROWTH_WINDOW_MS = 10 * 60_000;

export function logDirFindings(brokers: BrokerLogDirs[], previous: LogDirHistory | null, now: number, o: Pick<ClusterCheckOptions, 'logDirWarningPercent' | 'logDirCriticalPercent' | 'fullWithinHours'>): { findings: Finding[]; readings: Record<string, LogDirReading> } {
  const findings: Finding[] = [];
  const readings: Record<string, LogDirReading> = {};
  for (const b of brokers) {
    if (b.error !== null) {
      findings.push({ severity: 'critical', check: 'broker-unreachable', resource: `broker ${b.broker.id}`, message: `did not answer (${b.error})` });
      continue;
    }
    for (const d of b.logDirs) {
      const where = `broker ${b.broker.id} ${d.path}`;
      if (d.error !== null) {
        findings.push({ severity: 'critical', check: 'log-dir-offline', resource: where, message: `unusable: ${d.error.message}` });
        continue;
      }
      const kafkaBytes = d.partitions.reduce((n, p) => n + p.sizeBytes, 0);
      const key = `${b.broker.id}:${d.path}`;
      let usedBytes = kafkaBytes;
      if (d.totalBytes !== null && d.usableBytes !== null && d.totalBytes > 0) {
        usedBytes = d.totalBytes - d.usableBytes;
        const percent = (usedBytes / d.totalBytes) * 100;
        const severity: Severity = percent >= o.logDirCriticalPercent ? 'critical' : percent >= o.logDirWarningPercent ? 'warning' : 'info';
        const limit = severity === 'critical' ? `, at or above ${o.logDirCriticalPercent}%` : severity === 'warning' ? `, at or above ${o.logDirWarningPercent}%` : '';
        findings.push({ severity, check: 'log-dir-usage', resource: where, message: `${percent.toFixed(1)}% of ${humanBytes(d.totalBytes)} used${limit} (Kafka's data ${humanBytes(kafkaBytes)}, ${humanBytes(d.usableBytes)} free)` });
      } else {
        findings.push({ severity: 'info', check: 'log-dir-usage', resource: where, message: `Kafka's data ${humanBytes(kafkaBytes)} (the broker does not report its disk's size: Kafka 3.3+ does)` });
      }
      const before = previous?.dirs[key];
      // The volume is shared with whatever else writes to it: over seconds its change is noise, and a
      // projection from it would warn of a full disk that is not coming. The older reading is kept
      // until a window has passed, so checks run every minute still measure growth.
      if (before && now >= before.at && now - before.at < GROWTH_WINDOW_MS) {
        readings[key] = before;
        continue;
      }
      readings[key] = { at: now, usedBytes };
      if (before && now > before.at) {
        const hours = (now - before.at) / 3_600_000;
        const perHour = (usedBytes - before.usedBytes) / hours;
        const free = d.usableBytes;
        const hoursLeft = perHour > 0 && free !== null ? free / perHour : null;
        const severity: Severity = hoursLeft !== null && hoursLeft < o.fullWithinHours ? 'warning' : 'info';
        const sign = perHour >= 0 ? '+' : '-';
        const projection = hoursLeft === null ? '' : `: full in ${hoursLeft < 48 ? `${hoursLeft.toFixed(1)} h` : `${(hoursLeft / 24).toFixed(1)} days`}`;
        findings.push({ severity, check: 'log-dir-growth', resource: where, message: `${sign}${humanBytes(Math.abs(perHour))}/h since the last check ${formatAge(now - before.at)} ago${projection}` });
      }
    }
  }
  return { findings, readings };
}

function formatAge(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
}

export function groupFindings(lags: GroupLag[], o: Pick<ClusterCheckOptions, 'lagThreshold' | 'lagThresholdSeconds'>): Finding[] {
  const findings: Finding[] = [];
  for (const l of lags) {
    const resource = `group ${l.group.groupId}`;
    const late = l.maxLagSeconds !== null && l.maxLagSeconds > o.lagThresholdSeconds;
    const behind = o.lagThreshold !== undefined && l.totalLag > o.lagThreshold;
    if (late || behind) {
      const seconds = l.maxLagSeconds === null ? '' : `, ${l.maxLagSeconds.toFixed(1)} s behind`;
      const limits = [late ? `${o.lagThresholdSeconds} s` : null, behind ? `${o.lagThreshold} records` : null].filter(Boolean).join(' and ');
      findings.push({ severity: 'warning', check: 'group-lag', resource, message: `lag ${l.totalLag} records${seconds}: above ${limits}` });
    }
    // An idle group that is caught up is no mistake (a nightly job); one that is behind has nobody consuming.
    const committed = l.rows.filter((r) => r.currentOffset !== null).length;
    if (l.group.state === 'Empty' && committed > 0 && l.totalLag > 0) {
      findings.push({ severity: 'warning', check: 'group-inactive', resource, message: `no active members and ${l.totalLag} records behind on ${committed} partition(s): nobody consumes` });
    }
  }
  return findings;
}

function historyPath(dir: string, clusterId: string): string {
  return `${dir}/log-dirs-${clusterId.replace(/[^A-Za-z0-9_-]/g, '_')}.json`;
}

async function readHistory(dir: string | null, clusterId: string): Promise<LogDirHistory | null> {
  if (dir === null) return null;
  try {
    const parsed = JSON.parse(await readFile(historyPath(dir, clusterId), 'utf8')) as LogDirHistory;
    return parsed.clusterId === clusterId && parsed.dirs ? parsed : null;
  } catch {
    return null;
  }
}

/** Bounded parallelism: one request per topic, not hundreds at once. */
async function mapLimited<T, R>(items: T[], limit: number, each: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await each(items[i]!);
      }
    }),
  );
  return results;
}

export interface CheckReport {
  clusterId: string;
  worst: Severity | 'ok';
  findings: Finding[];
}

export async function checkCluster(client: KafkaClient, o: ClusterCheckOptions, io: IO, now = Date.now()): Promise<CheckReport> {
  const [description, names, logDirs, groupIds] = await Promise.all([client.cluster.describe(), client.topics.list(), client.cluster.logDirs(), consumerGroupIds(client)]);
  const topics = (await client.topics.describe(names)).sort((a, b) => (a.name < b.name ? -1 : 1));
  const configs = new Map(await mapLimited(topics, 16, async (t) => [t.name, await client.configs.describe({ type: 'topic', name: t.name })] as const));
  const groups = groupIds.length ? await client.groups.describe(groupIds) : [];
  const lags: GroupLag[] = [];
  for (const g of groups.filter((g) => g.state !== 'Dead').sort((a, b) => (a.groupId < b.groupId ? -1 : 1))) lags.push(await groupLag(client, g));

  const previous = await readHistory(o.historyDir, description.clusterId);
  const logDirResult = logDirFindings(logDirs, previous, now, o);
  if (o.historyDir !== null && Object.keys(logDirResult.readings).length) {
    const history: LogDirHistory = { clusterId: description.clusterId, dirs: { ...(previous?.dirs ?? {}), ...logDirResult.readings } };
    try {
      makeDirectory(o.historyDir, 'the check history directory', 0o700);
      await writeFileAtomically(historyPath(o.historyDir, description.clusterId), JSON.stringify(history) + '\n', 'the check history');
    } catch (err) {
      // Growth needs the reading next time; this check's findings stand without it.
      await writeOut(io.stderr, `warning: log-dir growth will not be measured next time: ${(err as Error).message}\n`);
    }
  }
  const ignored = new Set<CheckName>(o.ignore);
  const findings = [
    ...topicFindings(topics, configs, description.brokers.length),
    ...partitionsPerBrokerFindings(topics, description.brokers.map((b) => b.id), o.maxPartitionsPerBroker),
    ...logDirResult.findings,
    ...groupFindings(lags, o),
  ]
    .filter((f) => !ignored.has(f.check))
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  const worst = findings.length === 0 ? 'ok' : findings[0]!.severity;
  return { clusterId: description.clusterId, worst, findings };
}

const COLUMNS: Column<Finding>[] = [
  { header: 'SEVERITY', value: (f) => f.severity.toUpperCase(), style: (f) => (f.severity === 'critical' ? 'red' : f.severity === 'warning' ? 'yellow' : 'dim') },
  { header: 'CHECK', value: (f) => f.check },
  { header: 'RESOURCE', value: (f) => f.resource },
  { header: 'FINDING', value: (f) => f.message },
];

export function checkMetrics(report: CheckReport): MetricFamily[] {
  const counts = new Map<string, number>();
  for (const f of report.findings) counts.set(`${f.check}\u0000${f.severity}`, (counts.get(`${f.check}\u0000${f.severity}`) ?? 0) + 1);
  // Every check at its own worst severity is always present (0 when clean), so an alert needs no absent().
  const samples = (Object.keys(CHECKS) as CheckName[]).flatMap((check) =>
    (['critical', 'warning', 'info'] as Severity[])
      .filter((severity) => severity === CHECKS[check] || counts.has(`${check}\u0000${severity}`))
      .map((severity) => ({ labels: { check, severity }, value: counts.get(`${check}\u0000${severity}`) ?? 0 })),
  );
  return [
    { name: 'kafka_cluster_check_findings', help: 'Findings of kafka cluster check, by check and severity', type: 'gauge', samples },
    { name: 'kafka_cluster_check_worst_severity', help: 'Worst finding: 0 none or info, 1 warning, 2 critical', type: 'gauge', samples: [{ labels: {}, value: report.worst === 'ok' ? 0 : SEVERITY_RANK[report.worst] }] },
    {
      name: 'kafka_cluster_check_finding',
      help: 'One series per warning or critical finding (1), labelled with what it is about',
      type: 'gauge',
      samples: report.findings.filter((f) => f.severity !== 'info').map((f) => ({ labels: { check: f.check, severity: f.severity, resource: f.resource }, value: 1 })),
    },
  ];
}

/** `kafka cluster check`: prints the findings, then exits by the worst (0 none or info, 8 warning, 10 critical). */
export async function runClusterCheck(o: ClusterCheckOptions, client: KafkaClient, io: IO): Promise<number> {
  const report = await checkCluster(client, o, io);
  const text =
    o.output === 'json'
      ? renderJson(report)
      : o.output === 'csv'
        ? renderCsv(COLUMNS.map((c) => ({ ...c, header: c.header.toLowerCase(), style: undefined, value: (f: Finding) => (c.header === 'SEVERITY' ? f.severity : c.value(f)) })), report.findings)
        : o.output === 'prometheus'
          ? renderPrometheus(checkMetrics(report))
          : report.findings.length
            ? await renderTable({ ...io, stdoutIsTTY: io.stdoutIsTTY && o.outputFile === undefined }, COLUMNS, report.findings)
            : '';
  if (o.outputFile !== undefined) await writeFileAtomically(o.outputFile, text);
  else await writeOut(io.stdout, text);
  const count = (s: Severity) => report.findings.filter((f) => f.severity === s).length;
  const summary = `${count('critical')} critical, ${count('warning')} warning(s), ${count('info')} note(s)`;
  if (report.worst === 'critical') throw new CliError('check-critical', `cluster check: ${summary}`);
  if (report.worst === 'warning') throw new CliError('check-warning', `cluster check: ${summary}`);
  if (o.output === 'table') await writeOut(io.stderr, `cluster check: no problems found (${summary})\n`);
  return 0;
}
