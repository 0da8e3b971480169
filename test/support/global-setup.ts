import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { probeCluster } from '../../src/commands/cluster/run.js';
import { startLocalCluster, stopLocalCluster } from '../../src/cluster/local/local-cluster.js';
import { DEFAULT_KAFKA_VERSION } from '../../src/cluster/local/paths.js';
import { watchCluster } from './watch-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    bootstrap: string;
    kafkaVersion: string;
  }
}

/**
 * One real Kafka for the whole run (or the cluster named by KAFKA_CLI_TEST_BOOTSTRAP: the user's
 * own KAFKA_BOOTSTRAP_SERVERS is never taken for a test cluster), shaped like production: three
 * brokers, and a topic created without options has RF 3 and min.insync.replicas=2, so every
 * data-path test runs on replicated partitions. Auto-creation is off so that "topic missing"
 * paths are real.
 */
export default async function setup(project: TestProject) {
  const external = process.env.KAFKA_CLI_TEST_BOOTSTRAP;
  if (external) {
    project.provide('bootstrap', external);
    project.provide('kafkaVersion', process.env.KAFKA_CLI_TEST_KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION);
    return;
  }
  const started = Date.now();
  const start = (stateDir: string) =>
    startLocalCluster(
      {
        version: DEFAULT_KAFKA_VERSION,
        brokers: 3,
        stateDir,
        port: 0,
        heapMb: 512,
        brokerProperties: { 'auto.create.topics.enable': 'false', 'default.replication.factor': '3', 'min.insync.replicas': '2' },
      },
      process.env,
      (bootstrap) => probeCluster(bootstrap, process.env),
      (line) => console.error(line),
    );
  let stateDir = mkdtempSync(join(tmpdir(), 'kafka-cli-test-'));
  let state;
  try {
    state = await start(stateDir);
  } catch (err) {
    // One failed start (seen once in CI, cause unknown) should not cost the whole run; it is
    // printed in full so that it can be found, and a second failure fails the run.
    console.error(`test cluster: the first start failed, trying once more in a new directory: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    await stopLocalCluster(stateDir, false).catch(() => undefined);
    stateDir = mkdtempSync(join(tmpdir(), 'kafka-cli-test-'));
    state = await start(stateDir);
  }
  console.error(`test cluster: Kafka ${state.version} at ${state.bootstrapServers}, up in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  // If this run is killed before its teardown, the watchdog stops the brokers.
  const watchdog = watchCluster(stateDir);
  project.provide('bootstrap', state.bootstrapServers);
  project.provide('kafkaVersion', state.version);
  return async () => {
    await stopLocalCluster(stateDir, true);
    watchdog.stop();
  };
}
