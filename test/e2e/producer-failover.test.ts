import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredBrokers } from '../../src/commands/cluster/run.js';
import { readState, startLocalCluster, stopLocalCluster } from '../../src/cluster/local/local-cluster.js';
import { DEFAULT_KAFKA_VERSION } from '../../src/cluster/local/paths.js';
import { kafkaTool } from '../support/kafka-tool.js';
import { watchCluster } from '../support/watch-cluster.js';
import { BIN, runKafka } from '../support/run-kafka.js';

/** Three brokers of its own; the partition leader is killed while the producer is busy. */
describe('kafka console-producer while the partition leader dies (3 brokers, acks=all, idempotent, 5 in flight)', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'kafka-cli-failover-'));
  watchCluster(stateDir);
  let bootstrap = '';

  beforeAll(async () => {
    bootstrap = (
      await startLocalCluster({ version: DEFAULT_KAFKA_VERSION, brokers: 3, stateDir, port: 0, heapMb: 512 }, process.env, (b) => registeredBrokers(b, process.env), () => undefined)
    ).bootstrapServers;
  }, 240_000);

  afterAll(async () => {
    await stopLocalCluster(stateDir, true);
  });

  it('every record arrives exactly once and in order: the producer waits for the new leader instead of failing', async () => {
    const kafka = (...args: string[]) => runKafka([...args, '--bootstrap-server', bootstrap], { noBootstrap: true });
    expect((await kafka('topics', 'create', 'failover', '--replication-factor', '3', '--config', 'min.insync.replicas=2')).code).toBe(0);
    const leader: number = JSON.parse((await kafka('topics', 'describe', 'failover', '-o', 'json')).stdout).topics[0].partitions[0].leader;

    const total = 300_000;
    const producer = spawn(BIN, ['console-producer', '--topic', 'failover', '--bootstrap-server', bootstrap], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    producer.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => producer.on('close', resolve));
    producer.stdin.on('error', () => undefined); // a producer that gave up closes its stdin
    // Fed over about three seconds, so that the leader dies in the middle of it.
    for (let i = 0; i < total && producer.exitCode === null; i += 10_000) {
      const chunk = Array.from({ length: 10_000 }, (_, j) => String(i + j).padStart(9, '0')).join('\n') + '\n';
      if (!producer.stdin.write(chunk)) await Promise.race([new Promise((resolve) => producer.stdin.once('drain', resolve)), exited]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (i === 100_000) process.kill(readState(stateDir)!.nodes.find((n) => n.id === leader)!.pid!, 'SIGKILL');
    }
    producer.stdin.end();
    expect(await exited, stderr).toBe(0);

    const read = spawnSync('kcat', ['-b', bootstrap, '-C', '-t', 'failover', '-e', '-q', '-f', '%s\n'], { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 120_000 });
    const values = read.stdout.split('\n').filter(Boolean);
    expect(values.length).toBe(total);
    const outOfPlace = values.findIndex((v, i) => Number(v) !== i);
    expect(outOfPlace, `first record out of place at offset ${outOfPlace}: ${values[outOfPlace]}`).toBe(-1);
    const after: number = JSON.parse((await kafka('topics', 'describe', 'failover', '-o', 'json')).stdout).topics[0].partitions[0].leader;
    expect(after).not.toBe(leader);
    // Exactly once because idempotent: the new leader knows one producer, whose last sequence is the last record.
    const producers = await kafkaTool('org.apache.kafka.tools.TransactionsCommand', ['describe-producers', '--topic', 'failover', '--partition', '0'], { bootstrap });
    const rows = producers.stdout.trim().split('\n').slice(1).map((line) => line.trim().split(/\s+/));
    expect(rows.map((r) => r[3]), producers.stderr).toEqual([String(total - 1)]);
  }, 180_000);
});
