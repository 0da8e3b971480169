import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { watchCluster } from '../support/watch-cluster.js';
import { runKafka } from '../support/run-kafka.js';

const stateDir = mkdtempSync(join(tmpdir(), 'kafka-cli-cluster-test-'));
watchCluster(stateDir);
const cluster = (...args: string[]) => runKafka(['cluster', ...args, '--state-dir', stateDir, '--runtime', 'local'], { noBootstrap: true, timeoutMs: 240_000 });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('kafka cluster up/status/down with Kafka 3.9 (local JVM runtime)', () => {
  afterAll(async () => {
    await cluster('down', '--wipe');
  });

  it('starts Kafka 3.9.2, serves topics, records and groups, then stops leaving nothing running', async () => {
    const up = await cluster('up', '--kafka-version', '3.9.2', '--port', '0', '--heap-mb', '512', '-o', 'json');
    expect(up.code, up.stderr).toBe(0);
    const state = JSON.parse(up.stdout);
    expect(state).toMatchObject({ runtime: 'local', version: '3.9.2', running: true });
    expect(state.brokers).toHaveLength(1);
    const bootstrap: string = state.bootstrapServers;

    const again = await cluster('up', '--kafka-version', '3.9.2', '--port', '0');
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already running');

    const status = JSON.parse((await cluster('status', '-o', 'json')).stdout);
    expect(status.bootstrapServers).toBe(bootstrap);
    expect(status.brokers[0]).toMatchObject({ id: 1, running: true });

    const on = (...args: string[]) => runKafka([...args, '--bootstrap-server', bootstrap], { noBootstrap: true, input: 'first\nsecond\nthird\n' });
    expect((await on('topics', 'create', 'user-events', '--partitions', '3')).code).toBe(0);
    const described = JSON.parse((await on('topics', 'describe', 'user-events', '-o', 'json')).stdout);
    expect(described.topics[0].partitionCount).toBe(3);
    expect((await on('console-producer', '--topic', 'user-events')).code).toBe(0);
    const consumed = await on('console-consumer', '--topic', 'user-events', '--from-beginning', '-e', '--group', 'tutorial');
    expect(consumed.stdout.trim().split('\n').sort(), consumed.stderr).toEqual(['first', 'second', 'third']);
    const groups = JSON.parse((await on('consumer-groups', 'describe', 'tutorial', '-o', 'json')).stdout);
    expect(groups.groups[0].totalLag).toBe(0);
    const report = JSON.parse((await on('cluster', 'describe', '-o', 'json')).stdout);
    expect(report).toMatchObject({ kafkaVersion: '3.9', metadataVersion: '3.9-IV0', clusterId: state.clusterId, controller: { id: 1, source: 'kraft-quorum' } });

    const down = await cluster('down');
    expect(down.code).toBe(0);
    for (const b of status.brokers) expect(alive(b.pid)).toBe(false);
    const after = JSON.parse((await cluster('status', '-o', 'json')).stdout);
    expect(after.running).toBe(false);
    expect((await cluster('status')).code).toBe(1);

    // `up` after `down` (no --wipe) is the same cluster with its data: topics, records, group offsets.
    const restarted = await cluster('up', '-o', 'json');
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(restarted.stderr).toContain('with its data');
    expect(JSON.parse(restarted.stdout)).toMatchObject({ clusterId: state.clusterId, bootstrapServers: bootstrap, running: true });
    const kept = await on('console-consumer', '--topic', 'user-events', '--from-beginning', '-e');
    expect(kept.stdout.trim().split('\n').sort(), kept.stderr).toEqual(['first', 'second', 'third']);
    const keptGroup = JSON.parse((await on('consumer-groups', 'describe', 'tutorial', '-o', 'json')).stdout);
    expect(keptGroup.groups[0].partitions.reduce((n: number, p: { currentOffset: number }) => n + p.currentOffset, 0)).toBe(3);
    expect((await cluster('down')).code).toBe(0);
  }, 300_000);

  it('a --state-dir that holds anything but a kafka-cli cluster is refused and left untouched (exit 2)', async () => {
    const userDir = mkdtempSync(join(tmpdir(), 'users-files-'));
    writeFileSync(join(userDir, 'thesis.txt'), 'years of work');
    const inDir = await runKafka(['cluster', 'up', '--state-dir', userDir, '--runtime', 'local', '--port', '0'], { noBootstrap: true });
    expect(inDir.code).toBe(2);
    expect(inDir.stderr).toBe(`error: --state-dir '${userDir}' is not empty and holds no kafka-cli cluster — name a new or empty directory; nothing in it was touched\n`);
    expect(readdirSync(userDir)).toEqual(['thesis.txt']);
    const aFile = join(userDir, 'thesis.txt');
    const onFile = await runKafka(['cluster', 'up', '--state-dir', aFile, '--runtime', 'local', '--port', '0'], { noBootstrap: true });
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toBe(`error: --state-dir '${aFile}' is not a directory — name a new or empty directory\n`);
    expect(readFileSync(aFile, 'utf8')).toBe('years of work');
    // Node's own recursive mkdir never returns under /proc.
    const inProc = await runKafka(['cluster', 'up', '--state-dir', '/proc/kafka-cli-test/state', '--runtime', 'local', '--port', '0'], { noBootstrap: true, timeoutMs: 10_000 });
    expect(inProc.stderr).toBe("error: --state-dir '/proc/kafka-cli-test/state' cannot be created: ENOENT on /proc/kafka-cli-test — pick a directory you can write to\n");
    expect(inProc.code).toBe(2);
  });

  it('status without a cluster is a clear not-found error', async () => {
    const r = await runKafka(['cluster', 'status', '--state-dir', join(stateDir, 'none'), '--runtime', 'local'], { noBootstrap: true });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^error: no local cluster in .* — start one with `kafka cluster up`\n$/);
  });

  it('without Java on PATH: a clear one-line message naming the alternatives, exit 9', async () => {
    const nodeOnly = mkdtempSync(join(tmpdir(), 'no-java-'));
    symlinkSync(process.execPath, join(nodeOnly, 'node'));
    const r = await runKafka(['cluster', 'up', '--state-dir', join(stateDir, 'nojava'), '--runtime', 'local', '--port', '0'], { noBootstrap: true, env: { PATH: nodeOnly } });
    expect(r.code).toBe(9);
    expect(r.stderr.trim().split('\n').pop()).toBe(
      'error: java was not found on PATH — Java 17+ and Maven are needed for the local runtime; or use --runtime docker, or point --bootstrap-server at your cluster',
    );
  });

  it('an unknown Kafka version fails with a one-line error naming it', async () => {
    const r = await runKafka(['cluster', 'up', '--kafka-version', '9.9', '--state-dir', join(stateDir, 'bad'), '--runtime', 'local'], { noBootstrap: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: invalid Kafka version '9.9' — use a release such as 4.4.0 or 3.9.1\n");
  });

  it('--zookeeper with a release that has no ZooKeeper mode, or with --sasl-ssl, is a usage error naming what works (exit 2)', async () => {
    const up = (...args: string[]) => runKafka(['cluster', 'up', '--zookeeper', ...args, '--state-dir', join(stateDir, 'zk'), '--runtime', 'local'], { noBootstrap: true });
    expect(await up('--kafka-version', '4.4.0')).toMatchObject({
      code: 2,
      stderr: 'error: Kafka 4.4.0 has no ZooKeeper mode (Kafka 4 runs on KRaft only) — use a 3.x or 2.x release with --zookeeper, e.g. --kafka-version 3.9.2\n',
    });
    expect(await up('--sasl-ssl')).toMatchObject({
      code: 2,
      stderr: 'error: --sasl-ssl keeps its SCRAM users in KRaft metadata: it cannot be combined with --zookeeper — drop one of them (--ssl works with --zookeeper)\n',
    });
  });
});
