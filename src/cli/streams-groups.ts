import type { Argv } from 'yargs';
import type { GroupState } from '../core/client.js';
import { usage } from '../core/errors.js';
import type { StreamsGroupsOptions } from '../commands/streams-groups/run.js';
import type { CliContext } from './context.js';
import { connectionFlags, outputFormat, strings, withConnectionFlags, withOutputFlag, type Args } from './shared-flags.js';

/** The states a streams group can be in, in the order Kafka's message lists them. */
const STREAMS_GROUP_STATES: GroupState[] = ['Reconciling', 'Assigning', 'Stable', 'Dead', 'NotReady', 'Empty'];

export function streamsGroupsCommand(ctx: CliContext) {
  return {
    command: 'streams-groups',
    describe: 'Streams groups (KIP-1071): list them, their members and tasks, state, and lag per input partition (kafka-streams-groups)',
    builder: (y: Argv) =>
      withOutputFlag(withConnectionFlags(y))
        .option('list', { type: 'boolean', describe: 'List streams groups' })
        .option('describe', { type: 'boolean', describe: 'Describe streams groups: offsets and lag (default), --members or --state' })
        .option('delete', { type: 'boolean', describe: 'Delete streams groups (they must be empty)' })
        .option('group', { type: 'string', describe: 'The streams group (application.id) (repeatable)' })
        .option('all-groups', { type: 'boolean', describe: 'Every streams group' })
        .option('members', { type: 'boolean', describe: 'Describe: the members and their tasks (--verbose adds epochs and target tasks)' })
        .option('state', { type: 'string', describe: 'Describe: the group state; with --list: show states, optionally filter (Stable,Empty)' })
        .option('offsets', { type: 'boolean', describe: 'Describe: committed offset, end offset and lag per input partition (the default)' })
        .option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask before --delete' })
        .example('$0 streams-groups --list --state', 'Every streams group and its state')
        .example('$0 streams-groups --describe --group word-count --members', 'Which process runs which tasks')
        .example('$0 streams-groups --describe --group word-count --offsets --verbose', 'Lag per input partition'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

/** kafka-streams-groups' rules, with its messages. */
export function streamsGroupsOptions(args: Args, kafkaToolName: boolean): StreamsGroupsOptions {
  const actions = (['list', 'describe', 'delete'] as const).filter((a) => args[a] === true);
  if (actions.length !== 1) throw usage('Command must include exactly one action: --list, --describe or --delete.');
  const output = outputFormat(args, kafkaToolName);
  const stateValues = strings(args.state);
  const groups = strings(args.group);
  const allGroups = args['all-groups'] === true;
  if (actions[0] === 'delete') {
    if ((groups.length > 0) === allGroups) throw usage('Option [delete] takes one of these options: [all-groups], [group]');
    return { action: 'delete', groups, allGroups, yes: args.yes === true, output };
  }
  if (actions[0] === 'list') {
    if (args.state === undefined) return { action: 'list', states: null, output };
    const names = stateValues.join(',').split(',').map((s) => s.trim()).filter((s) => s !== '');
    const states = names.map((name) => STREAMS_GROUP_STATES.find((s) => s.toLowerCase() === name.toLowerCase()));
    if (states.some((s) => s === undefined)) throw usage(`Invalid state list '${stateValues.join(',')}'. Valid states are: ${STREAMS_GROUP_STATES.join(', ')}`);
    return { action: 'list', states: states as GroupState[], output };
  }
  if ((groups.length > 0) === allGroups) throw usage('Option [describe] takes one of these options: [all-groups], [group]');
  const views = [args.members === true && 'members', args.state !== undefined && 'state', args.offsets === true && 'offsets'].filter(Boolean) as Array<'members' | 'state' | 'offsets'>;
  if (views.length > 1) throw usage('Option [describe] takes at most one of these options: [members], [offsets], [state]');
  if (args.state !== undefined && stateValues.some((s) => s !== '')) throw usage('Option [describe] does not take a value for [state]');
  return { action: 'describe', groups, allGroups, view: views[0] ?? 'offsets', verbose: args.verbose === true, output };
}

async function handle(ctx: CliContext, args: Args): Promise<number> {
  const options = streamsGroupsOptions(args, ctx.kafkaToolName);
  const { runStreamsGroups } = await import('../commands/streams-groups/run.js');
  return ctx.withClient(connectionFlags(args), (client) => runStreamsGroups(options, client, ctx.io));
}
