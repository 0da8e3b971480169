import type { Argv } from 'yargs';
import type { GroupState } from '../core/client.js';
import { usage } from '../core/errors.js';
import type { ShareGroupsOptions } from '../commands/share-groups/run.js';
import type { CliContext } from './context.js';
import { parseTopicScope, resetSpec } from './consumer-groups.js';
import { groupToolConnectionFlags, withGroupTimeoutFlag, outputFormat, strings, withConnectionFlags, withOutputFlag, type Args } from './shared-flags.js';

/** The states a share group can be in, in the order Kafka's message lists them. */
const SHARE_GROUP_STATES: GroupState[] = ['Empty', 'Dead', 'Stable'];

export function shareGroupsCommand(ctx: CliContext) {
  return {
    command: 'share-groups',
    describe: 'Share groups (KIP-932): list them, their members, state, and where delivery starts on each partition (kafka-share-groups)',
    builder: (y: Argv) =>
      withOutputFlag(withGroupTimeoutFlag(withConnectionFlags(y)))
        .option('list', { type: 'boolean', describe: 'List share groups' })
        .option('describe', { type: 'boolean', describe: 'Describe share groups: start offsets and lag (default), --members or --state' })
        .option('group', { type: 'string', describe: 'The share group (repeatable)' })
        .option('all-groups', { type: 'boolean', describe: 'Every share group' })
        .option('members', { type: 'boolean', describe: 'Describe: the members and their partitions (--verbose adds epochs)' })
        .option('state', { type: 'string', describe: 'Describe: the group state; with --list: show states, optionally filter (Stable,Empty)' })
        .option('offsets', { type: 'boolean', describe: 'Describe: start offset and lag per partition (the default)' })
        .option('reset-offsets', { type: 'boolean', describe: 'Plan (--dry-run, default) or set (--execute) where delivery starts; the group must be empty' })
        .option('delete-offsets', { type: 'boolean', describe: 'Make the group forget --topic (it must be empty)' })
        .option('delete', { type: 'boolean', describe: 'Delete share groups (they must be empty)' })
        .option('topic', { type: 'string', describe: 'Reset or delete-offsets scope: topic, or topic:0,2 for a reset (repeatable)' })
        .option('all-topics', { type: 'boolean', describe: 'Reset scope: every partition the group has state for' })
        .option('to-earliest', { type: 'boolean', describe: 'Reset to the log start' })
        .option('to-latest', { type: 'boolean', describe: 'Reset to the log end' })
        .option('to-current', { type: 'boolean', describe: 'Reset to where delivery starts now' })
        .option('to-offset', { type: 'string', describe: 'Reset to this offset (clamped to the log)' })
        .option('shift-by', { type: 'string', describe: 'Move the start by N (may be negative)' })
        .option('to-datetime', { type: 'string', describe: 'Reset to the first record at/after YYYY-MM-DDThh:mm:ss.sss[zone]' })
        .option('by-duration', { type: 'string', describe: 'Reset to now minus an ISO-8601 duration (PT1H)' })
        .option('from-file', { type: 'string', describe: 'Reset to the offsets of a CSV file (as --export writes)' })
        .option('dry-run', { type: 'boolean', describe: 'Show the plan only (the default)' })
        .option('execute', { type: 'boolean', describe: 'Set the planned start offsets' })
        .option('export', { type: 'boolean', describe: 'Print the plan as CSV for --from-file' })
        .option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask before --execute or --delete' })
        .example('$0 share-groups --list --state', 'Every share group and its state')
        .example('$0 share-groups --describe --group orders-workers', 'Where delivery starts on each partition, and the lag')
        .example('$0 share-groups --describe --group orders-workers --members', 'Who consumes which partitions')
        .example('$0 share-groups --reset-offsets --group orders-workers --topic orders --to-earliest --execute', 'Deliver a topic again from its start'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

/** kafka-share-groups' rules for --list and --describe, with its messages. */
export function shareGroupsOptions(args: Args, kafkaToolName: boolean): ShareGroupsOptions {
  const actions = (['list', 'describe', 'delete', 'reset-offsets', 'delete-offsets'] as const).filter((a) => args[a] === true);
  if (actions.length !== 1) throw usage('Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets.');
  const output = outputFormat(args, kafkaToolName);
  const stateValues = strings(args.state);
  const groups = strings(args.group);
  const allGroups = args['all-groups'] === true;
  const yes = args.yes === true;
  if (actions[0] === 'reset-offsets' || actions[0] === 'delete-offsets') {
    if (groups.length !== 1 || allGroups) throw usage(`Option [${actions[0]}] takes exactly one [group]`);
    if (actions[0] === 'delete-offsets') {
      const topics = strings(args.topic);
      if (!topics.length) throw usage('Option [delete-offsets] takes the following options: [topic], [group]');
      return { action: 'delete-offsets', group: groups[0]!, topics, output };
    }
    const reset = resetSpec(args);
    if (!reset) throw usage("Option '[reset-offsets]' requires one of the following scenarios: --to-earliest, --to-latest, --to-current, --to-offset, --shift-by, --to-datetime, --by-duration, --from-file");
    // Unlike kafka-consumer-groups, Kafka's share tool wants the choice said.
    if ((args['dry-run'] === true) === (args.execute === true)) throw usage('Option [reset-offsets] takes the option: [execute] or [dry-run]');
    const scopes = [strings(args.topic).length > 0, args['all-topics'] === true, reset.kind === 'file'].filter(Boolean).length;
    if (scopes !== 1) throw usage('Option [reset-offsets] takes one of these options: [all-topics], [from-file], [topic]');
    return {
      action: 'reset-offsets',
      group: groups[0]!,
      reset,
      topics: strings(args.topic).map(parseTopicScope),
      execute: args.execute === true,
      export: args.export === true,
      yes,
      output,
    };
  }
  if (actions[0] === 'delete') {
    if ((groups.length > 0) === allGroups) throw usage('Option [delete] takes one of these options: [all-groups], [group]');
    return { action: 'delete', groups, allGroups, yes, output };
  }
  if (actions[0] === 'list') {
    if (args.state === undefined) return { action: 'list', states: null, output };
    const names = stateValues.join(',').split(',').map((s) => s.trim()).filter((s) => s !== '');
    const states = names.map((name) => SHARE_GROUP_STATES.find((s) => s.toLowerCase() === name.toLowerCase()));
    if (states.some((s) => s === undefined)) throw usage(`Invalid state list '${stateValues.join(',')}'. Valid states are: ${SHARE_GROUP_STATES.join(', ')}`);
    return { action: 'list', states: states as GroupState[], output };
  }
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
  return ctx.withClient(groupToolConnectionFlags(args), (client) => runShareGroups(options, client, ctx.io));
}
