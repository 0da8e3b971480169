import type { Argv } from 'yargs';
import { usage } from '../core/errors.js';
import type { ConsumerGroupsOptions } from '../commands/consumer-groups/options.js';
import type { CliContext } from './context.js';
import { connectionFlags, optionalInt, outputFormat, strings, withConnectionFlags, withOutputFlag, type Args } from './shared-flags.js';

export function consumerGroupsCommand(ctx: CliContext) {
  return {
    command: 'consumer-groups [action] [groups..]',
    describe: 'List and describe consumer groups and their lag (kafka-consumer-groups)',
    builder: (y: Argv) =>
      withOutputFlag(withConnectionFlags(y))
        .positional('action', { type: 'string', choices: ['list', 'describe'], describe: 'Verb style: list or describe' })
        .positional('groups', { type: 'string', array: true, describe: 'Group ids (verb style)' })
        .option('list', { type: 'boolean', describe: 'List consumer groups' })
        .option('describe', { type: 'boolean', describe: 'Describe groups: offsets and lag (default), --members or --state' })
        .option('group', { type: 'string', describe: 'Group id (repeatable)' })
        .option('all-groups', { type: 'boolean', describe: 'Every consumer group' })
        .option('offsets', { type: 'boolean', describe: 'Describe: offsets and lag (default)' })
        .option('members', { type: 'boolean', describe: 'Describe: members' })
        .option('state', { type: 'string', describe: 'Describe: group state; with --list: show/filter states' })
        .option('lag-threshold', { type: 'string', describe: 'Exit 8 when a group’s total lag is above this' })
        .option('timeout', { type: 'string', describe: 'Admin request timeout in ms [default 30000]' })
        .example('$0 consumer-groups --list', 'Group ids')
        .example('$0 consumer-groups --describe --group billing', 'Lag per partition')
        .example('$0 consumer-groups describe billing -o json --lag-threshold 1000', 'For scripts and alerts'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

export function consumerGroupsOptions(args: Args, kafkaToolName: boolean): ConsumerGroupsOptions {
  const verb = args.action as 'list' | 'describe' | undefined;
  const flagged = (['list', 'describe'] as const).filter((a) => args[a]);
  const actions = verb ? [verb, ...flagged.filter((f) => f !== verb)] : flagged;
  if (actions.length !== 1) throw usage('Command must include exactly one action: --list, --describe');
  const action = actions[0]!;
  const groups = [...strings(args.groups), ...strings(args.group)];
  const allGroups = Boolean(args['all-groups']);
  if (action === 'describe' && !groups.length && !allGroups) throw usage('--describe needs --group or --all-groups');
  if (groups.length && allGroups) throw usage('--group and --all-groups cannot be used together');
  if (action === 'list' && groups.length) throw usage('--list does not take --group');
  const stateGiven = args.state !== undefined;
  const mode = args.members ? 'members' : stateGiven && action === 'describe' ? 'state' : 'offsets';
  if (mode !== 'offsets') throw usage(`--${mode} is not available yet`, 'use the default offsets view');
  return {
    action,
    groups,
    allGroups,
    describeMode: mode,
    stateFilter: action === 'list' && stateGiven ? strings(args.state).flatMap((s) => s.split(',')).filter(Boolean) : null,
    verbose: Boolean(args.verbose),
    output: outputFormat(args, kafkaToolName),
    lagThreshold: optionalInt(args, 'lag-threshold', 0),
  };
}

async function handle(ctx: CliContext, args: Args): Promise<number> {
  const options = consumerGroupsOptions(args, ctx.kafkaToolName);
  const { runConsumerGroups } = await import('../commands/consumer-groups/run.js');
  const flags = connectionFlags(args);
  flags.timeoutMs ??= optionalInt(args, 'timeout', 1);
  return ctx.withClient(flags, (client) => runConsumerGroups(options, client, ctx.io));
}
