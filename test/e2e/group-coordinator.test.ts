import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCluster } from '../../src/commands/cluster/run.js';
import { startLocalCluster, stopLocalCluster } from '../../src/cluster/local/local-cluster.js';
import { DEFAULT_KAFKA_VERSION } from '../../src/cluster/local/paths.js';
import { runKafka } from '../support/run-kafka.js';
import { watchCluster } from '../support/watch-cluster.js';

/**
 * A classic mistake: offsets.topic.replication.factor above the brokers there are. No group can get
 * a coordinator (every FindCoordinator answers COORDINATOR_NOT_AVAILABLE); Kafka's console consumer
 * waits forever, kafkajs gave up after a second with "Failed to find group coordinator" (exit 1).
 */
describe('a cluster that cannot make __consumer_offsets (offsets RF 3 on one broker)', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'kafka-cli-offsets-rf-'));
  watchCluster(stateDir);
  let bootstrap = '';

  beforeAll(async () => {
    const state = await startLocalCluster(
      { version: DEFAULT_KAFKA_VERSION, brokers: 1, stateDir, port: 0, heapMb: 384, brokerProperties: { 'offsets.topic.replication.factor': '3' } },
      process.env,
      (b) => probeCluster(b, process.env),
      () => undefined,
    );
    bootstrap = state.bootstrapServers;
    expect((await runKafka(['topics', '--create', '--topic', 'orders'], { bootstrap })).code).toBe(0);
  }, 240_000);

  afterAll(async () => {
    await stopLocalCluster(stateDir, true);
  });

  it('a group consumer keeps looking for the coordinator until the request timeout, then says why in one line (exit 3)', async () => {
    const consumed = await runKafka(['console-consumer', '--topic', 'orders', '--group', 'orphans', '--from-beginning', '-e', '--request-timeout-ms', '5000'], { bootstrap });
    expect(consumed).toMatchObject({
      code: 3,
      stdout: '',
      stderr: "error: no coordinator for group 'orphans' within 5s: the brokers answer COORDINATOR_NOT_AVAILABLE — the cluster cannot make or lead __consumer_offsets: is offsets.topic.replication.factor above the live brokers? see the brokers' logs\n",
    });
    // It looked for the timeout (less at most the backoff pause that would have passed it: up to 1 s),
    // and stopped there, not at the longer deadline of a join.
    expect(consumed.ms).toBeGreaterThan(4_000);
    expect(consumed.ms).toBeLessThan(15_000);
  });
});
