import type { Argv } from 'yargs';
import type { GroupState } from '../core/client.js';
import { usage } from '../core/errors.js';
import type { ShareGroupsOptions } from '../commands/share-groups/run.js';
import type { CliContext } from './context.js';
import { connectionFlags, outputFormat, strings, withConnectionFlags, withOutputFlag, type Args } from './shared-flags.js';

/** The states a share group can be in, in the order Kafka's message lists them. */
const SHARE_GROUP_STATES: GroupState[] = ['Empty', 'Dead', 'Stable'];
const NOT_YET = ['reset-offsets', 'delete-offsets', 'delete'] as const;

export function shareGroupsCommand(ctx: CliContext) {
  return {
    command: 'share-groups',
    describe: 'Share groups (KIP-932): list them, their members, state, and where delivery starts on each partition (kafka-share-groups)',
    builder: (y: Argv) =>
      withOutputFlag(withConnectionFlags(y))
        .option('list', { type: 'boolean', describe: 'List share groups' })
        .option('describe', { type: 'boolean', describe: 'Describe share groups: start offsets and lag (default), --members or --state' })
        .option('group', { type: 'string', describe: 'The share group (repeatable)' })
        .option('all-groups', { type: 'boolean', describe: 'Every share group' })
        .option('members', { type: 'boolean', describe: 'Describe: the members and their partitions (--verbose adds epochs)' })
        .option('state', { type: 'string', describe: 'Describe: the group state; with --list: show states, optionally filter (Stable,Empty)' })
        .option('offsets', { type: 'boolean', describe: 'Describe: start offset and lag per partition (the default)' })
        .option('reset-offsets', { type: 'boolean', describe: 'Not available yet', hidden: true })
        .option('delete-offsets', { type: 'boolean', describe: 'Not available yet', hidden: true })
        .option('delete', { type: 'boolean', describe: 'Not available yet', hidden: true })
        .example('$0 share-groups --list --state', 'Every share group and its state')
        .example('$0 share-groups --describe --group orders-workers', 'Where delivery starts on each partition, and the lag')
        .example('$0 share-groups --describe --group orders-workers --members', 'Who consumes which partitions'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

/** kafka-share-groups' rules for --list and --describe, with its messages. */
export function shareGroupsOptions(args: Args, kafkaToolName: boolean): ShareGroupsOptions {
  const missing = NOT_YET.find((flag) => args[flag] === true);
  if (missing) throw usage(`share-groups --${missing} is not available yet`, 'this tool lists and describes share groups only');
  const actions = (['list', 'describe'] as const).filter((a) => args[a] === true);
  if (actions.length !== 1) throw usage('Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets.');
  const output = outputFormat(args, kafkaToolName);
  const stateValues = strings(args.state);
  if (actions[0] === 'list') {
    if (args.state === undefined) return { action: 'list', states: null, output };
    const names = stateValues.join(',').split(',').map((s) => s.trim()).filter((s) => s !== '');
    const states = names.map((name) => SHARE_GROUP_STATES.find((s) => s.toLowerCase() === name.toLowerCase()));
    if (states.some((s) => s === undefined)) throw usage(`Invalid state list '${stateValues.join(',')}'. Valid states are: ${SHARE_GROUP_STATES.join(', ')}`);
    return { action: 'list', states: states as GroupState[], output };
  }
  const groups = strings(args.group);
  const allGroups = args['all-groups'] === true;
  if (groups.length && allGroups) throw usage('Option [describe] takes one of these options: [all-groups], [group]');
  if (!groups.length && !allGroups) throw usage('Option [describe] takes one of these options: [all-groups], [group]');
  const views = [args.members === true && 'members', args.state !== undefined && 'state', args.offsets === true && 'offsets'].filter(Boolean) as Array<'members' | 'state' | 'offsets'>;
  if (views.length > 1) throw usage('Option [describe] takes at most one of these options: [members], [offsets], [state]');
  if (args.state !== undefined && stateValues.some((s) => s !== '')) throw usage('Option [describe] does not take a value for [state]');
  return { action: 'describe', groups, allGroups, view: views[0] ?? 'offsets', verbose: args.verbose === true, output };
}

async function handle(ctx: CliContext, args: Args): Promise<number> {
  const options = shareGroupsOptions(args, ctx.kafkaToolName);
  const { runShareGroups } = await import('../commands/share-groups/run.js');
  return ctx.withClient(connectionFlags(args), (client) => runShareGroups(options, client, ctx.io));
}
