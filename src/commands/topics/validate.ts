import { usage } from '../../core/errors.js';
import { anyFilter, type TopicsOptions } from './options.js';
import { validateTopicName } from './topic-selector.js';

/** Kafka's TopicCommand checks, before contacting the cluster, as one-line usage errors. */
export function validateTopicsOptions(o: TopicsOptions): void {
  const { action } = o;
  const only = (flag: string, allowed: string[]) => {
    if (!allowed.includes(action)) throw usage(`${flag} can only be used with ${allowed.map((a) => `--${a}`).join(' or ')}`);
  };
  if (o.partitions !== undefined) only('--partitions', ['create', 'alter']);
  if (o.replicaAssignment) only('--replica-assignment', ['create', 'alter']);
  if (o.replicationFactor !== undefined) only('--replication-factor', ['create']);
  if (Object.keys(o.configs).length) only('--config', ['create', 'alter']);
  if (o.deleteConfigs.length) only('--delete-config', ['alter']);
  if (o.ifExists) only('--if-exists', ['alter', 'delete', 'describe']);
  if (o.ifNotExists) only('--if-not-exists', ['create']);
  if (o.excludeInternal) only('--exclude-internal', ['list', 'describe']);
  if (anyFilter(o.filters) || o.topicsWithOverrides) only('describe filters', ['describe']);
  if (o.allConfigs) only('--all-configs', ['describe']);
  if (o.partitionsPerResponse !== undefined) only('--partition-size-limit-per-response', ['describe']);
  if (o.topicId !== undefined) {
    only('--topic-id', ['describe']);
    if (o.topic !== undefined) throw usage('--topic-id and --topic cannot be used together');
    const bytes = Buffer.from(o.topicId, 'base64url').length;
    // Kafka's words for an id that is not one.
    if (bytes !== 16 || !/^[A-Za-z0-9_-]{22}$/.test(o.topicId)) throw usage(`Input string \`${o.topicId}\` decoded as ${bytes} bytes, which is not equal to the expected 16 bytes of a base64-encoded UUID`);
  }
  if (o.topicsWithOverrides && anyFilter(o.filters)) throw usage('--topics-with-overrides cannot be combined with the partition filters');

  if ((action === 'create' || action === 'alter' || action === 'delete') && !o.topic) {
    throw usage(`--${action} needs --topic`, `e.g. kafka topics --${action} --topic orders`);
  }
  if (action === 'describe' && o.ifExists && !o.topic) throw usage('--if-exists with --describe needs --topic');
  if (action === 'create') {
    validateTopicName(o.topic!);
    if (o.replicaAssignment && (o.partitions !== undefined || o.replicationFactor !== undefined)) {
      throw usage('--replica-assignment cannot be combined with --partitions or --replication-factor');
    }
    if (o.partitions !== undefined && o.partitions < 1) throw usage('--partitions must be greater than 0');
    if (o.replicationFactor !== undefined && (o.replicationFactor < 1 || o.replicationFactor > 32767)) {
      throw usage('--replication-factor must be between 1 and 32767');
    }
  }
  if (action === 'alter') {
    if (o.partitions === undefined && !o.replicaAssignment && !Object.keys(o.configs).length && !o.deleteConfigs.length) {
      throw usage('--alter needs --partitions, --config or --delete-config', 'e.g. kafka topics --alter --topic orders --partitions 6');
    }
    if (o.partitions !== undefined && o.partitions < 1) throw usage('--partitions must be greater than 0');
    if (o.replicaAssignment && o.partitions === undefined) {
      throw usage('--replica-assignment on --alter places the new partitions: it needs --partitions', 'e.g. --partitions 3 --replica-assignment 1:2,2:3,3:1 (existing partitions first)');
    }
  }
}

/** `1:2,3:4` → partition 0 on brokers [1,2], partition 1 on [3,4] (Kafka's syntax and checks). */
export function parseReplicaAssignment(text: string): number[][] {
  const partitions = text.split(',').map((group, i) => {
    const replicas = group.split(':').map((b) => {
      const id = Number(b.trim());
      if (b.trim() === '' || !Number.isInteger(id) || id < 0) throw usage(`invalid broker id '${b}' in --replica-assignment`, 'use broker ids like 1:2,2:3');
      return id;
    });
    const dup = replicas.find((b, j) => replicas.indexOf(b) !== j);
    if (dup !== undefined) throw usage(`partition ${i} lists broker ${dup} twice in --replica-assignment`);
    return replicas;
  });
  const rf = partitions[0]!.length;
  const odd = partitions.findIndex((p) => p.length !== rf);
  if (odd !== -1) throw usage(`partition ${odd} has a different replication factor (${partitions[odd]!.length}) than partition 0 (${rf}) in --replica-assignment`);
  return partitions;
}

export function parseConfigPairs(pairs: readonly string[]): Record<string, string> {
  const configs: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw usage(`invalid --config '${pair}'`, 'use --config name=value, e.g. --config retention.ms=86400000');
    configs[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return configs;
}
