import type { Argv } from 'yargs';
import { usage } from '../core/errors.js';
import type { TopicsAction, TopicsOptions } from '../commands/topics/options.js';
import type { CliContext } from './context.js';
import { connectionFlags, last, optionalInt, outputFormat, strings, withConnectionFlags, withOutputFlag, type Args } from './shared-flags.js';

const ACTIONS: TopicsAction[] = ['create', 'list', 'describe', 'delete', 'alter'];

export function topicsCommand(ctx: CliContext) {
  return {
    command: 'topics [action] [name]',
    describe: 'Create, list, describe, alter and delete topics (kafka-topics)',
    builder: (y: Argv) =>
      withOutputFlag(withConnectionFlags(y))
        .positional('action', { type: 'string', choices: ACTIONS, describe: 'Verb style: the same as --create, --list ...' })
        .positional('name', { type: 'string', describe: 'Topic name (verb style)' })
        .option('create', { type: 'boolean', describe: 'Create a topic' })
        .option('list', { type: 'boolean', describe: 'List topics' })
        .option('describe', { type: 'boolean', describe: 'Describe topics' })
        .option('alter', { type: 'boolean', describe: 'Add partitions or change configs' })
        .option('delete', { type: 'boolean', describe: 'Delete topics' })
        .option('topic', { type: 'string', describe: 'Topic name; a regex for all actions but --create (a,b = a|b)' })
        .option('topic-id', { type: 'string', describe: 'Describe: the topic with this id (as --describe prints it)' })
        .option('partition-size-limit-per-response', { type: 'string', describe: 'Describe: partitions per DescribeTopicPartitions answer [default 2000]' })
        .option('partitions', { type: 'string', describe: 'Number of partitions (create), new total (alter)' })
        .option('replication-factor', { type: 'string', describe: 'Replicas per partition (create)' })
        .option('replica-assignment', { type: 'string', describe: 'Manual placement: b1:b2,b3:b4 (partition 0 on b1,b2 ...)' })
        .option('config', { type: 'string', describe: 'Topic config name=value (repeatable; create and alter)' })
        .option('delete-config', { type: 'string', describe: 'Remove a topic config override (repeatable; alter)' })
        .option('if-exists', { type: 'boolean', describe: 'Do nothing when the topic does not exist' })
        .option('if-not-exists', { type: 'boolean', describe: 'Do nothing when the topic already exists' })
        .option('exclude-internal', { type: 'boolean', describe: 'Hide internal topics such as __consumer_offsets' })
        .option('under-replicated-partitions', { type: 'boolean', describe: 'Only partitions with fewer in-sync replicas than replicas' })
        .option('under-min-isr-partitions', { type: 'boolean', describe: 'Only partitions with ISR below min.insync.replicas' })
        .option('at-min-isr-partitions', { type: 'boolean', describe: 'Only partitions with ISR equal to min.insync.replicas' })
        .option('unavailable-partitions', { type: 'boolean', describe: 'Only partitions whose leader is unavailable' })
        .option('topics-with-overrides', { type: 'boolean', describe: 'Only topics with configs other than the defaults' })
        .option('all-configs', { type: 'boolean', describe: 'Describe: show every topic config and its source' })
        .option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask before deleting several topics' })
        .example('$0 topics create orders --partitions 3', 'Create a topic')
        .example('$0 topics --create --topic orders --partitions 3 --replication-factor 1', 'The same, kafka-topics style')
        .example('$0 topics --describe --topic "orders.*" -o json', 'Describe matching topics as JSON')
        .example('$0 topics --alter --topic orders --config retention.ms=86400000', 'Change a topic config'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

export function topicsOptions(args: Args, kafkaToolName: boolean): TopicsOptions {
  const flagged = ACTIONS.filter((a) => args[a]);
  const verb = args.action as TopicsAction | undefined;
  if (verb && flagged.length) throw usage(`use either '${verb}' or --${flagged[0]}, not both`);
  const actions = verb ? [verb] : flagged;
  if (actions.length !== 1) throw usage('Command must include exactly one action: --list, --describe, --create, --alter or --delete');
  const action = actions[0]!;
  const name = args.name as string | undefined;
  const topicFlag = last(args.topic);
  if (name && topicFlag) throw usage(`use either the topic argument '${name}' or --topic, not both`);
  if (name && !verb) throw usage(`unexpected argument '${name}'`, 'pass the topic with --topic');
  return {
    action,
    topic: name ?? topicFlag,
    topicId: last(args['topic-id']),
    partitionsPerResponse: optionalInt(args, 'partition-size-limit-per-response', 1),
    partitions: optionalInt(args, 'partitions', 0),
    replicationFactor: optionalInt(args, 'replication-factor', 0, 32767),
    replicaAssignment: undefined,
    configs: {},
    deleteConfigs: strings(args['delete-config']),
    ifExists: Boolean(args['if-exists']),
    ifNotExists: Boolean(args['if-not-exists']),
    excludeInternal: Boolean(args['exclude-internal']),
    filters: {
      underReplicated: Boolean(args['under-replicated-partitions']),
      underMinIsr: Boolean(args['under-min-isr-partitions']),
      atMinIsr: Boolean(args['at-min-isr-partitions']),
      unavailable: Boolean(args['unavailable-partitions']),
    },
    topicsWithOverrides: Boolean(args['topics-with-overrides']),
    allConfigs: Boolean(args['all-configs']),
    output: outputFormat(args, kafkaToolName),
    yes: Boolean(args.yes),
  };
}

async function handle(ctx: CliContext, args: Args): Promise<number> {
  const { parseConfigPairs, parseReplicaAssignment, validateTopicsOptions } = await import('../commands/topics/validate.js');
  const options = topicsOptions(args, ctx.kafkaToolName);
  options.configs = parseConfigPairs(strings(args.config));
  const assignment = last(args['replica-assignment']);
  if (assignment !== undefined) options.replicaAssignment = parseReplicaAssignment(assignment);
  validateTopicsOptions(options);
  const { runTopics } = await import('../commands/topics/run.js');
  return ctx.withClient(connectionFlags(args), (client) => runTopics(options, client, ctx.io));
}
