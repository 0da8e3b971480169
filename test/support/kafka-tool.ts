import { spawn, type ChildProcess } from 'node:child_process';
import { inject } from 'vitest';
import { kafkaToolArgs, runKafkaTool } from '../../src/cluster/local/local-cluster.js';

export const TOOLS = {
  topics: 'org.apache.kafka.tools.TopicCommand',
  consoleConsumer: 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  consoleProducer: 'org.apache.kafka.tools.ConsoleProducer',
  consumerGroups: 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  brokerApiVersions: 'org.apache.kafka.tools.BrokerApiVersionsCommand',
  getOffsets: 'org.apache.kafka.tools.GetOffsetShell',
  logDirs: 'org.apache.kafka.tools.LogDirsCommand',
  deleteRecords: 'org.apache.kafka.tools.DeleteRecordsCommand',
  configs: 'org.apache.kafka.tools.ConfigCommand',
  acls: 'org.apache.kafka.tools.AclCommand',
  metadataQuorum: 'org.apache.kafka.tools.MetadataQuorumCommand',
  features: 'org.apache.kafka.tools.FeatureCommand',
  groups: 'org.apache.kafka.tools.GroupsCommand',
  consoleShareConsumer: 'org.apache.kafka.tools.consumer.ConsoleShareConsumer',
  shareGroups: 'org.apache.kafka.tools.consumer.group.ShareGroupCommand',
  transactions: 'org.apache.kafka.tools.TransactionsCommand',
  producerPerformance: 'org.apache.kafka.tools.ProducerPerformance',
  /** AclCommand moved from core (Scala) to the tools module in Kafka 4.0. */
  aclsOf: (version: string) => (Number(version.split('.')[0]) >= 4 ? 'org.apache.kafka.tools.AclCommand' : 'kafka.admin.AclCommand'),
  /** ConfigCommand moved from core (Scala) to the tools module in Kafka 4.2. */
  configsOf: (version: string) => (Number(version.split('.')[0]) >= 4 ? 'org.apache.kafka.tools.ConfigCommand' : 'kafka.admin.ConfigCommand'),
} as const;

/** Runs Kafka's own console tool (same version as the test broker) against the test cluster: through a broker, or `controller`. */
export function kafkaTool(mainClass: string, args: string[], options: { input?: string; bootstrap?: string; controller?: string; version?: string } = {}) {
  const via = options.controller ? ['--bootstrap-controller', options.controller] : ['--bootstrap-server', options.bootstrap ?? inject('bootstrap')];
  return runKafkaTool(options.version ?? inject('kafkaVersion'), mainClass, [...via, ...args], process.env, { input: options.input });
}

/** Starts one of Kafka's tools in the background (e.g. a Java console consumer that stays in its group). */
export async function startKafkaTool(mainClass: string, args: string[]): Promise<ChildProcess> {
  const jvm = await kafkaToolArgs(inject('kafkaVersion'), mainClass, process.env, 256);
  return spawn('java', [...jvm, '--bootstrap-server', inject('bootstrap'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}
