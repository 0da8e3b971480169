import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { clusterCheckOptions } from '../../src/cli/cluster.js';
import type { BrokerLogDirs, ConfigEntry, PartitionDescription, TopicDescription } from '../../src/core/client.js';
import { checkMetrics, GROWTH_WINDOW_MS, groupFindings, logDirFindings, partitionsPerBrokerFindings, topicFindings } from '../../src/commands/cluster/check.js';
import type { GroupLag } from '../../src/commands/consumer-groups/lag.js';
import { renderPrometheus } from '../../src/render/prometheus.js';

const partition = (n: number, replicas: number[], isr: number[], leader: number | null = isr[0] ?? null): PartitionDescription => ({ partition: n, leader, replicas, isr, offlineReplicas: [], elr: null, lastKnownElr: null });
const topic = (name: string, partitions: PartitionDescription[]): TopicDescription => ({ name, topicId: null, internal: false, partitions });
const configs = (entries: Record<string, string>): ConfigEntry[] => Object.entries(entries).map(([name, value]) => ({ name, value, source: 'DYNAMIC_TOPIC_CONFIG', readOnly: false, sensitive: false, synonyms: [] }));

describe('topic findings', () => {
  it('offline, under min ISR and under-replicated partitions', () => {
    const found = topicFindings([topic('t', [partition(0, [1], [], null), partition(1, [1, 2, 3], [2]), partition(2, [1, 2, 3], [1, 2])])], new Map([['t', configs({ 'min.insync.replicas': '2' })]]), 3);
    expect(found.map((f) => [f.severity, f.check, f.resource])).toEqual([
      ['critical', 'offline-partition', 't-0'],
      ['critical', 'under-min-isr', 't-1'],
      ['warning', 'under-replicated', 't-1'],
      ['warning', 'under-replicated', 't-2'],
    ]);
    expect(found[1]!.message).toBe('1 of 3 replicas in sync, below min.insync.replicas=2: acks=all writes fail');
  });
  it('min.insync.replicas above or equal to the replication factor; RF 1 on a multi-broker cluster only', () => {
    const topics = [topic('above', [partition(0, [1, 2], [1, 2])]), topic('equal', [partition(0, [1, 2, 3], [1, 2, 3])]), topic('single', [partition(0, [2], [2])])];
    const entries = new Map([['above', configs({ 'min.insync.replicas': '3' })], ['equal', configs({ 'min.insync.replicas': '3' })], ['single', configs({ 'min.insync.replicas': '1' })]]);
    expect(topicFindings(topics, entries, 3).map((f) => [f.severity, f.check, f.resource])).toEqual([
      ['critical', 'min-isr-above-rf', 'topic above'],
      ['warning', 'min-isr-equals-rf', 'topic equal'],
      ['warning', 'single-replica', 'topic single'],
    ]);
    // One broker: RF 1 is all there can be, and min.insync.replicas=1 = RF 1 is the norm.
    expect(topicFindings([topics[2]!], entries, 1)).toEqual([]);
  });
  it('no retention limit: both -1 and not compacted', () => {
    const t = (name: string) => topic(name, [partition(0, [1], [1])]);
    const entries = new Map([
      ['forever', configs({ 'retention.ms': '-1', 'retention.bytes': '-1', 'cleanup.policy': 'delete' })],
      ['compacted', configs({ 'retention.ms': '-1', 'retention.bytes': '-1', 'cleanup.policy': 'compact,delete' })],
      ['sized', configs({ 'retention.ms': '-1', 'retention.bytes': '1073741824', 'cleanup.policy': 'delete' })],
    ]);
    expect(topicFindings([t('forever'), t('compacted'), t('sized')], entries, 1).map((f) => f.resource)).toEqual(['topic forever']);
  });
});

describe('broker findings', () => {
  it('partition replicas per broker above the threshold', () => {
    const topics = [topic('a', [partition(0, [1, 2], [1, 2]), partition(1, [1, 3], [1, 3])])];
    expect(partitionsPerBrokerFindings(topics, [1, 2, 3], 1).map((f) => [f.resource, f.message])).toEqual([['broker 1', 'hosts 2 partition replicas, above 1: slower recovery and elections']]);
  });

  const dirs = (usable: number | null, error: { name: string; message: string } | null = null): BrokerLogDirs[] => [
    { broker: { id: 1, host: 'h', port: 1, rack: null }, error: null, logDirs: [{ path: '/d', error, totalBytes: usable === null ? null : 1000 * 1024 ** 2, usableBytes: usable === null ? null : usable * 1024 ** 2, partitions: [{ topic: 't', partition: 0, sizeBytes: 5 * 1024 ** 2, offsetLag: 0, future: false }] }] },
    { broker: { id: 2, host: 'h', port: 2, rack: null }, error: 'Connection timeout', logDirs: [] },
  ];
  const limits = { logDirWarningPercent: 80, logDirCriticalPercent: 90, fullWithinHours: 24 };

  it('disk use by percentage; an unusable log dir and a broker that does not answer are critical', () => {
    const at = (usableMiB: number) => logDirFindings(dirs(usableMiB), null, 0, limits).findings.map((f) => [f.severity, f.check, f.resource]);
    expect(at(500)).toEqual([['info', 'log-dir-usage', 'broker 1 /d'], ['critical', 'broker-unreachable', 'broker 2']]);
    expect(at(150)[0]).toEqual(['warning', 'log-dir-usage', 'broker 1 /d']);
    expect(at(50)[0]).toEqual(['critical', 'log-dir-usage', 'broker 1 /d']);
    expect(logDirFindings(dirs(150), null, 0, limits).findings[0]!.message).toBe("85.0% of 1000.0 MiB used, at or above 80% (Kafka's data 5.0 MiB, 150.0 MiB free)");
    expect(logDirFindings(dirs(500, { name: 'KAFKA_STORAGE_ERROR', message: 'Disk error when trying to access log file on the disk.' }), null, 0, limits).findings[0]).toMatchObject({ severity: 'critical', check: 'log-dir-offline' });
    expect(logDirFindings(dirs(null), null, 0, limits).findings[0]!.message).toBe("Kafka's data 5.0 MiB (the broker does not report its disk's size: Kafka 3.3+ does)");
  });
  it('growth since the last reading, and when the disk fills at that pace', () => {
    const hour = 3_600_000;
    const previous = { clusterId: 'c', dirs: { '1:/d': { at: 0, usedBytes: 490 * 1024 ** 2 } } };
    // 10 MiB more in an hour with 500 MiB free: 50 h, beyond 24 h.
    const slow = logDirFindings(dirs(500), previous, hour, limits);
    expect(slow.findings.find((f) => f.check === 'log-dir-growth')).toEqual({ severity: 'info', check: 'log-dir-growth', resource: 'broker 1 /d', message: '+10.0 MiB/h since the last check 60 min ago: full in 2.1 days' });
    expect(slow.readings['1:/d']).toEqual({ at: hour, usedBytes: 500 * 1024 ** 2 });
    // 100 MiB more in an hour with 400 MiB free: 4 h.
    const fast = logDirFindings(dirs(400), { clusterId: 'c', dirs: { '1:/d': { at: 0, usedBytes: 500 * 1024 ** 2 } } }, hour, limits);
    expect(fast.findings.find((f) => f.check === 'log-dir-growth')).toMatchObject({ severity: 'warning', message: '+100.0 MiB/h since the last check 60 min ago: full in 4.0 h' });
  });
  it('no growth from a reading under 10 minutes old (the volume’s change over seconds is noise); that reading is kept until then', () => {
    const reading = { at: 0, usedBytes: 100 * 1024 ** 2 };
    const previous = { clusterId: 'c', dirs: { '1:/d': reading } };
    // 400 MiB more in 5 s would be a disk full in seconds: it is not measured.
    const soon = logDirFindings(dirs(500), previous, 5_000, limits);
    expect(soon.findings.filter((f) => f.check === 'log-dir-growth')).toEqual([]);
    expect(soon.readings['1:/d']).toBe(reading);
    const later = logDirFindings(dirs(500), previous, GROWTH_WINDOW_MS, limits);
    expect(later.findings.find((f) => f.check === 'log-dir-growth')).toMatchObject({ severity: 'warning', message: '+2.3 GiB/h since the last check 10 min ago: full in 0.2 h' });
    expect(later.readings['1:/d']).toEqual({ at: GROWTH_WINDOW_MS, usedBytes: 500 * 1024 ** 2 });
  });
});

describe('group findings and metrics', () => {
  const lag = (groupId: string, state: 'Empty' | 'Stable', totalLag: number, maxLagSeconds: number | null): GroupLag => ({
    group: { groupId, state, protocolType: 'consumer', assignmentStrategy: '', coordinator: null, members: [], targetAssignmentEpoch: null },
    rows: [{ group: groupId, topic: 't', partition: 0, currentOffset: 5, logEndOffset: 5 + totalLag, lag: totalLag, lagSeconds: maxLagSeconds, consumerId: null, host: null, clientId: null }],
    totalLag,
    maxLagSeconds,
  });
  it('lag above the thresholds; no active members while behind (a caught-up idle group is fine)', () => {
    const found = groupFindings([lag('late', 'Stable', 10, 400), lag('idle', 'Empty', 3, 1), lag('done', 'Empty', 0, 0)], { lagThresholdSeconds: 300, lagThreshold: undefined });
    expect(found.map((f) => [f.check, f.resource, f.message])).toEqual([
      ['group-lag', 'group late', 'lag 10 records, 400.0 s behind: above 300 s'],
      ['group-inactive', 'group idle', 'no active members and 3 records behind on 1 partition(s): nobody consumes'],
    ]);
    expect(groupFindings([lag('many', 'Stable', 10, 1)], { lagThresholdSeconds: 300, lagThreshold: 5 })[0]!.message).toBe('lag 10 records, 1.0 s behind: above 5 records');
  });
  it('metrics: every check present (0 when clean), the worst severity, one series per finding; promtool lints them clean', () => {
    const report = { clusterId: 'c', worst: 'warning' as const, findings: [{ severity: 'warning' as const, check: 'single-replica' as const, resource: 'topic "x"', message: 'm' }] };
    const text = renderPrometheus(checkMetrics(report));
    expect(text).toContain('kafka_cluster_check_findings{check="single-replica",severity="warning"} 1\n');
    expect(text).toContain('kafka_cluster_check_findings{check="offline-partition",severity="critical"} 0\n');
    expect(text).toContain('kafka_cluster_check_worst_severity 1\n');
    expect(text).toContain('kafka_cluster_check_finding{check="single-replica",severity="warning",resource="topic \\"x\\""} 1\n');
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect([check.status, check.stdout + check.stderr]).toEqual([0, '']);
  });
});

describe('cluster check options', () => {
  it('defaults, thresholds, and checks left out by name', () => {
    expect(clusterCheckOptions({ action: 'check' }, { HOME: '/home/u' })).toEqual({
      output: 'table',
      outputFile: undefined,
      maxPartitionsPerBroker: 4000,
      logDirWarningPercent: 80,
      logDirCriticalPercent: 90,
      fullWithinHours: 24,
      lagThreshold: undefined,
      lagThresholdSeconds: 300,
      ignore: [],
      historyDir: '/home/u/.local/state/kafka-cli/check',
    });
    expect(clusterCheckOptions({ action: 'check', ignore: ['group-lag,single-replica'], 'log-dir-warning-percent': '95' }, { XDG_STATE_HOME: '/s' })).toMatchObject({ ignore: ['group-lag', 'single-replica'], logDirWarningPercent: 95, logDirCriticalPercent: 95, historyDir: '/s/kafka-cli/check' });
    expect(() => clusterCheckOptions({ action: 'check', ignore: 'disk' }, {})).toThrow("unknown check 'disk'");
    expect(() => clusterCheckOptions({ action: 'check', 'log-dir-warning-percent': '90', 'log-dir-critical-percent': '80' }, {})).toThrow('--log-dir-critical-percent 80 is below --log-dir-warning-percent 90');
    expect(() => clusterCheckOptions({ action: 'check', output: 'kafka' }, {})).toThrow("unknown output format 'kafka'");
  });
});
