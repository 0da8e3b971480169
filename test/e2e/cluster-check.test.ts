import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCluster } from '../../src/commands/cluster/run.js';
import { startLocalCluster, stopLocalCluster, stopLocalNode } from '../../src/cluster/local/local-cluster.js';
import { DEFAULT_KAFKA_VERSION } from '../../src/cluster/local/paths.js';
import { runKafka } from '../support/run-kafka.js';
import { until } from '../support/until.js';
import { watchCluster } from '../support/watch-cluster.js';

interface Finding {
  severity: string;
  check: string;
  resource: string;
  message: string;
}

/**
 * `kafka cluster check` on a cluster of its own (3 brokers: a broker is stopped at the end): each
 * classic mistake is made for real, then found, with its severity and the exit code of the worst.
 */
describe('kafka cluster check on 3 brokers: every mistake made, then found', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'kafka-cli-check-'));
  const stateHome = mkdtempSync(join(tmpdir(), 'kafka-cli-check-history-'));
  watchCluster(stateDir);
  let bootstrap = '';
  const kafka = (...args: string[]) => runKafka([...args, '--bootstrap-server', bootstrap], { noBootstrap: true, env: { XDG_STATE_HOME: stateHome }, timeoutMs: 90_000 });
  // This machine's disk is no finding unless a test asks (a CI disk may well be 80% full).
  const diskAside = (args: string[]) => (args.some((a) => a.startsWith('--log-dir')) ? args : [...args, '--log-dir-warning-percent', '100', '--log-dir-critical-percent', '100']);
  const check = async (...args: string[]) => {
    const r = await kafka('cluster', 'check', '-o', 'json', ...diskAside(args));
    expect(r.stdout, r.stderr).not.toBe('');
    return { code: r.code, stderr: r.stderr, findings: JSON.parse(r.stdout).findings as Finding[] };
  };
  const summary = (findings: Finding[]) => findings.filter((f) => f.severity !== 'info').map((f) => `${f.severity} ${f.check} ${f.resource}`).sort();
  const create = async (topic: string, ...args: string[]) => {
    const r = await kafka('topics', 'create', topic, ...args);
    expect(r.code, r.stderr).toBe(0);
  };

  beforeAll(async () => {
    bootstrap = (await startLocalCluster({ version: DEFAULT_KAFKA_VERSION, brokers: 3, stateDir, port: 0, heapMb: 384 }, process.env, (b) => probeCluster(b, process.env), () => undefined)).bootstrapServers;
    await create('healthy', '--partitions', '3', '--replication-factor', '3', '--config', 'min.insync.replicas=2');
  }, 240_000);
  afterAll(async () => {
    await stopLocalCluster(stateDir, true);
  });

  it('a healthy cluster: exit 0, nothing above a note; every broker’s log dir usage is noted', async () => {
    const r = await check();
    expect(r.code, r.stderr).toBe(0);
    expect(summary(r.findings)).toEqual([]);
    const usage = r.findings.filter((f) => f.check === 'log-dir-usage');
    expect(usage.map((f) => f.resource.split(' ').slice(0, 2).join(' '))).toEqual(['broker 1', 'broker 2', 'broker 3']);
    for (const f of usage) expect(f.message).toMatch(/^\d+\.\d% of [\d.]+ [KMGT]iB used \(Kafka's data [\d.]+ (B|[KMGT]iB), [\d.]+ [KMGT]iB free\)$/);
    const table = await kafka('cluster', 'check', ...diskAside([]));
    expect(table.code).toBe(0);
    expect(table.stderr).toMatch(/^cluster check: no problems found \(0 critical, 0 warning\(s\), \d+ note\(s\)\)\n$/);
  });

  it('topic settings: RF 1, min.insync.replicas above and equal to RF, no retention limit (a compacted topic is fine); exit 10 for the critical one', async () => {
    await create('single', '--partitions', '1', '--replication-factor', '1');
    await create('strict', '--partitions', '2', '--replication-factor', '3', '--config', 'min.insync.replicas=3');
    await create('impossible', '--partitions', '1', '--replication-factor', '2', '--config', 'min.insync.replicas=3');
    await create('forever', '--partitions', '1', '--replication-factor', '3', '--config', 'retention.ms=-1', '--config', 'retention.bytes=-1');
    await create('kept-compacted', '--partitions', '1', '--replication-factor', '3', '--config', 'retention.ms=-1', '--config', 'cleanup.policy=compact');
    const r = await check();
    expect(r.code).toBe(10);
    expect(summary(r.findings)).toEqual([
      'critical min-isr-above-rf topic impossible',
      'warning min-isr-equals-rf topic strict',
      'warning no-retention-limit topic forever',
      'warning single-replica topic single',
    ]);
    expect(r.stderr).toMatch(/^error: cluster check: 1 critical, 3 warning\(s\), \d+ note\(s\)\n$/);
    expect(r.findings[0]).toEqual({ severity: 'critical', check: 'min-isr-above-rf', resource: 'topic impossible', message: 'min.insync.replicas=3 is above the replication factor 2: every acks=all write fails' });

    const ignoring = await kafka('cluster', 'check', ...diskAside(['--ignore', 'min-isr-above-rf']));
    expect(ignoring.code).toBe(8);
    expect(ignoring.stdout).toMatch(/^WARNING\s+single-replica\s+topic single\s+replication factor 1 on a 3-broker cluster/m);

    const metrics = await kafka('cluster', 'check', '-o', 'prometheus', ...diskAside([]));
    expect(metrics.code).toBe(10);
    expect(metrics.stdout).toContain('kafka_cluster_check_findings{check="single-replica",severity="warning"} 1\n');
    expect(metrics.stdout).toContain('kafka_cluster_check_worst_severity 2\n');
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: metrics.stdout, encoding: 'utf8' });
    expect([lint.status, lint.stdout + lint.stderr]).toEqual([0, '']);
    const file = join(stateHome, 'kafka_check.prom');
    const written = await kafka('cluster', 'check', '-o', 'prometheus', '--output-file', file, ...diskAside([]));
    expect([written.code, written.stdout]).toEqual([10, '']);
    expect(readFileSync(file, 'utf8')).toContain('kafka_cluster_check_finding{check="min-isr-above-rf",severity="critical",resource="topic impossible"} 1\n');
  });

  it('partitions per broker above a threshold; disk use above a percentage; growth since the last check', async () => {
    // Growth is measured against a reading at least 10 min old: the earlier checks' readings are made an hour old.
    const historyDir = join(stateHome, 'kafka-cli', 'check');
    const [historyFile, ...others] = readdirSync(historyDir);
    expect(others).toEqual([]);
    const history = JSON.parse(readFileSync(join(historyDir, historyFile!), 'utf8')) as { dirs: Record<string, { at: number }> };
    expect(Object.keys(history.dirs)).toHaveLength(3);
    for (const reading of Object.values(history.dirs)) reading.at -= 3_600_000;
    writeFileSync(join(historyDir, historyFile!), JSON.stringify(history));
    const r = await check('--ignore', 'min-isr-above-rf,min-isr-equals-rf,no-retention-limit,single-replica', '--max-partitions-per-broker', '5', '--log-dir-warning-percent', '1', '--log-dir-critical-percent', '100');
    expect(r.code).toBe(8);
    const perBroker = r.findings.filter((f) => f.check === 'partitions-per-broker');
    expect(perBroker.map((f) => f.resource)).toEqual(['broker 1', 'broker 2', 'broker 3']);
    for (const f of perBroker) expect(f.message).toMatch(/^hosts \d+ partition replicas, above 5: slower recovery and elections$/);
    const usage = r.findings.filter((f) => f.check === 'log-dir-usage');
    expect(usage.map((f) => f.severity)).toEqual(['warning', 'warning', 'warning']);
    for (const f of usage) expect(f.message).toMatch(/ used, at or above 1% /);
    const growth = r.findings.filter((f) => f.check === 'log-dir-growth');
    expect(growth.map((f) => f.resource.split(' ').slice(0, 2).join(' '))).toEqual(['broker 1', 'broker 2', 'broker 3']);
    for (const f of growth) expect(f.message).toMatch(/^[+-][\d.]+ (B|[KMGT]iB)\/h since the last check 6\d min ago/);
    // Right after, the reading just kept is seconds old: no growth from it.
    const again = await check('--ignore', 'min-isr-above-rf,min-isr-equals-rf,no-retention-limit,single-replica');
    expect(again.findings.filter((f) => f.check === 'log-dir-growth')).toEqual([]);
  });

  it('groups: lag above a threshold, and a group with no members that is behind', async () => {
    const produced = await runKafka(['console-producer', '--topic', 'healthy', '--bootstrap-server', bootstrap], { noBootstrap: true, input: Array.from({ length: 30 }, (_, i) => `r${i}`).join('\n') });
    expect(produced.code, produced.stderr).toBe(0);
    const reset = await kafka('consumer-groups', '--reset-offsets', '--group', 'abandoned', '--topic', 'healthy', '--to-earliest', '--execute', '--yes');
    expect(reset.code, reset.stderr).toBe(0);
    const r = await check('--lag-threshold', '20', '--ignore', 'min-isr-above-rf,min-isr-equals-rf,no-retention-limit,single-replica');
    expect(r.code).toBe(8);
    expect(r.findings.filter((f) => f.resource === 'group abandoned').map((f) => [f.severity, f.check, f.message.replace(/, [\d.]+ s behind/, '')])).toEqual([
      ['warning', 'group-lag', 'lag 30 records: above 20 records'],
      ['warning', 'group-inactive', 'no active members and 30 records behind on 3 partition(s): nobody consumes'],
    ]);
    expect(summary((await check('--ignore', 'min-isr-above-rf,min-isr-equals-rf,no-retention-limit,single-replica,group-inactive')).findings)).toEqual([]);
  });

  it('a broker stopped: its RF-1 partition offline, min.insync=RF partitions under min ISR, the rest under-replicated (exit 10)', async () => {
    const single = JSON.parse((await kafka('topics', 'describe', 'single', '-o', 'json')).stdout).topics[0].partitions[0];
    await stopLocalNode(stateDir, single.leader);
    let found: Finding[] = [];
    await until('the stopped broker’s partitions reported', async () => {
      found = (await check()).findings;
      return found.some((f) => f.check === 'offline-partition') && found.some((f) => f.check === 'under-min-isr');
    }, 90_000, 1000);
    const r = await check();
    expect(r.code).toBe(10);
    expect(r.findings.filter((f) => f.check === 'offline-partition').map((f) => f.resource)).toEqual(['single-0']);
    expect(r.findings.filter((f) => f.check === 'under-min-isr').map((f) => f.resource).sort()).toEqual(['strict-0', 'strict-1']);
    expect(r.findings.find((f) => f.check === 'under-min-isr')!.message).toBe('2 of 3 replicas in sync, below min.insync.replicas=3: acks=all writes fail');
    const underReplicated = r.findings.filter((f) => f.check === 'under-replicated').map((f) => f.resource);
    expect(underReplicated).toEqual(expect.arrayContaining(['healthy-0', 'healthy-1', 'healthy-2', 'strict-0', 'strict-1']));
    for (const f of r.findings.filter((f) => f.check === 'under-replicated')) expect(f.message).toContain(`out of sync: ${single.leader}`);
  }, 120_000);
});
