import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { ensureArtifacts, loggingFlags } from '../../src/cluster/local/artifacts.js';
import { runKafkaTool } from '../../src/cluster/local/local-cluster.js';

export const TOOLS = {
  topics: 'org.apache.kafka.tools.TopicCommand',
  consoleConsumer: 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  consoleProducer: 'org.apache.kafka.tools.ConsoleProducer',
  consumerGroups: 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  brokerApiVersions: 'org.apache.kafka.tools.BrokerApiVersionsCommand',
} as const;

/** Runs Kafka's own console tool (same version as the test broker) against the test cluster. */
export function kafkaTool(mainClass: string, args: string[], options: { input?: string; bootstrap?: string; version?: string } = {}) {
  return runKafkaTool(options.version ?? inject('kafkaVersion'), mainClass, ['--bootstrap-server', options.bootstrap ?? inject('bootstrap'), ...args], process.env, { input: options.input });
}

/** Starts one of Kafka's tools in the background (e.g. a Java console consumer that stays in its group). */
export async function startKafkaTool(mainClass: string, args: string[]): Promise<ChildProcess> {
  const artifacts = await ensureArtifacts(inject('kafkaVersion'), process.env, () => undefined);
  return spawn(
    'java',
    ['-Xmx256m', ...loggingFlags(artifacts, join(artifacts.home, 'tool-config'), 'stderr', 'WARN'), '-cp', join(artifacts.libs, '*'), mainClass, '--bootstrap-server', inject('bootstrap'), ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** A cluster a test file starts is stopped by a watchdog if this process dies before its afterAll. */
export function watchCluster(stateDir: string): void {
  spawn(process.execPath, [fileURLToPath(new URL('./watchdog.mjs', import.meta.url)), String(process.pid), stateDir], { detached: true, stdio: 'ignore' }).unref();
}
