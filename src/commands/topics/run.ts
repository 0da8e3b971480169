import type { ConfigOp, KafkaClient } from '../../core/client.js';
import { alreadyExists, CliError, failed, invalid, notFound } from '../../core/errors.js';
import { writeOut, type IO } from '../../render/io.js';
import { confirm } from '../../render/prompt.js';
import { renderJson } from '../../render/print.js';
import { applyFilters, buildReports } from './describe-model.js';
import type { TopicsOptions } from './options.js';
import { describeCsv, describeHuman, describeJson, kafkaDescribeText, listText } from './render.js';
import { isInternal, selectTopics } from './topic-selector.js';

export async function runTopics(o: TopicsOptions, client: KafkaClient, io: IO): Promise<number> {
  switch (o.action) {
    case 'list':
      return list(o, client, io);
    case 'describe':
      return describe(o, client, io);
    case 'create':
      return create(o, client, io);
    case 'alter':
      return alter(o, client, io);
    case 'delete':
      return remove(o, client, io);
  }
}

async function list(o: TopicsOptions, client: KafkaClient, io: IO): Promise<number> {
  const names = selectTopics(await client.topics.list(), o.topic, o.excludeInternal);
  await writeOut(io.stdout, listText(o.output, names));
  return 0;
}

/** Topics the `--topic` pattern selects; none is an error unless --if-exists. */
async function matching(o: TopicsOptions, client: KafkaClient): Promise<string[] | null> {
  const names = selectTopics(await client.topics.list(), o.topic, o.excludeInternal);
  if (names.length === 0 && o.topic !== undefined) {
    if (o.ifExists) return null;
    throw notFound(`topic '${o.topic}' does not exist`, 'list topics with `kafka topics --list`, or pass --if-exists');
  }
  return names;
}

async function describe(o: TopicsOptions, client: KafkaClient, io: IO): Promise<number> {
  const names = o.topicId === undefined ? await matching(o, client) : [];
  if (names === null) return 0;
  const reports = applyFilters(
    await buildReports(client, o.topicId === undefined ? { names } : { ids: [o.topicId] }, { withOffsets: o.output !== 'kafka', allConfigs: o.allConfigs, partitionsPerResponse: o.partitionsPerResponse }),
    o.filters,
    o.topicsWithOverrides,
  );
  const text =
    o.output === 'kafka'
      ? kafkaDescribeText(reports, o.filters, o.topicsWithOverrides)
      : o.output === 'json'
        ? describeJson(reports)
        : o.output === 'csv'
          ? describeCsv(reports)
          : await describeHuman(io, reports, o.topicsWithOverrides);
  await writeOut(io.stdout, text);
  return 0;
}

async function create(o: TopicsOptions, client: KafkaClient, io: IO): Promise<number> {
  const name = o.topic!;
  if (/[._]/.test(name)) {
    const warning = "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.\n";
    await writeOut(o.output === 'kafka' ? io.stdout : io.stderr, warning);
  }
  if (o.replicationFactor !== undefined) {
    const { brokers } = await client.cluster.describe();
    if (o.replicationFactor > brokers.length) {
      throw invalid(`replication factor ${o.replicationFactor} is larger than the ${brokers.length} available broker(s)`, `use --replication-factor ${brokers.length} or less`);
    }
  }
  try {
    await client.topics.create({ name, partitions: o.partitions, replicationFactor: o.replicationFactor, replicaAssignment: o.replicaAssignment, configs: o.configs });
  } catch (err) {
    if (err instanceof CliError && err.kind === 'already-exists') {
      if (o.ifNotExists) return 0;
      throw alreadyExists(`topic '${name}' already exists`, 'pass --if-not-exists to ignore this');
    }
    throw err;
  }
  if (o.output === 'json') await writeOut(io.stdout, renderJson({ created: name }));
  else await writeOut(o.output === 'kafka' ? io.stdout : io.stderr, `Created topic ${name}.\n`);
  return 0;
}

async function alter(o: TopicsOptions, client: KafkaClient, io: IO): Promise<number> {
  const names = await matching(o, client);
  if (names === null) return 0;
  const descriptions = o.partitions !== undefined ? await client.topics.describe(names) : [];
  const ops: ConfigOp[] = [
    ...Object.entries(o.configs).map(([name, value]) => ({ op: 'set' as const, name, value })),
    ...o.deleteConfigs.map((name) => ({ op: 'delete' as const, name })),
  ];
  if (o.partitions !== undefined) {
    // A group's (or transaction's) partition of an internal topic is a hash modulo the partition
    // count: a new count sends every group to another partition, away from its committed offsets.
    const internal = descriptions.find((d) => d.internal || isInternal(d.name));
    if (internal) throw invalid(`topic ${internal.name} is a Kafka internal topic: changing its partition count would lose every group's committed offsets`, 'internal topics keep the partition count they were created with');
  }
  if (o.deleteConfigs.length) {
    // The broker deletes an unknown name without a word: "deleted" would be a lie.
    for (const name of names) {
      const known = new Set((await client.configs.describe({ type: 'topic', name })).map((e) => e.name));
      const unknown = o.deleteConfigs.find((c) => !known.has(c));
      if (unknown) throw invalid(`'${unknown}' is not a topic config, so there is nothing to delete`, 'list them with `kafka topics --describe --topic T --all-configs`');
    }
  }
  for (const name of names) {
    const changes: string[] = [];
    if (o.partitions !== undefined) {
      const current = descriptions.find((d) => d.name === name)!.partitions.length;
      if (o.partitions === current) throw invalid(`topic '${name}' already has ${current} partition(s)`, 'partitions can only be increased');
      if (o.partitions < current) throw invalid(`topic '${name}' has ${current} partition(s); ${o.partitions} would not be an increase`, 'Kafka cannot remove partitions');
      await client.topics.createPartitions(name, o.partitions, o.replicaAssignment?.slice(current));
      changes.push(`partitions ${current} → ${o.partitions}`);
    }
    if (ops.length) {
      await client.configs.alter({ type: 'topic', name }, ops);
      changes.push(...ops.map((op) => (op.op === 'set' ? `set ${op.name}=${op.value}` : `deleted ${op.name}`)));
    }
    if (o.output === 'table') await writeOut(io.stderr, `Altered topic ${name}: ${changes.join(', ')}.\n`);
  }
  if (o.output === 'json') await writeOut(io.stdout, renderJson({ altered: names }));
  return 0;
}

async function remove(o: TopicsOptions, client: KafkaClient, io: IO): Promise<number> {
  const names = await matching(o, client);
  if (names === null) return 0;
  const internal = names.filter(isInternal);
  if (internal.length) throw invalid(`topic ${internal[0]} is a Kafka internal topic and cannot be deleted`);
  if (names.length > 1 && io.canPrompt && !o.yes) {
    const ok = await confirm(io, `Delete ${names.length} topics (${names.join(', ')})?`);
    if (!ok) throw failed('nothing deleted (not confirmed)', 'pass --yes to skip the question');
  }
  await client.topics.delete(names);
  if (o.output === 'json') await writeOut(io.stdout, renderJson({ deleted: names }));
  else if (o.output === 'table') for (const name of names) await writeOut(io.stderr, `Deleted topic ${name}.\n`);
  return 0;
}
