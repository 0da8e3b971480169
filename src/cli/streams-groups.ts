import type { Argv } from 'yargs';
import type { GroupState } from '../core/client.js';
import { usage } from '../core/errors.js';
import type { InputTopics, StreamsGroupsOptions } from '../commands/streams-groups/run.js';
import type { CliContext } from './context.js';
import { parseTopicScope, resetSpec } from './consumer-groups.js';
import { groupToolConnectionFlags, withGroupTimeoutFlag, outputFormat, strings, withConnectionFlags, withOutputFlag, type Args } from './shared-flags.js';

/** The states a streams group can be in, in the order Kafka's message lists them. */
const STREAMS_GROUP_STATES: GroupState[] = ['Reconciling', 'Assigning', 'Stable', 'Dead', 'NotReady', 'Empty'];

export function streamsGroupsCommand(ctx: CliContext) {
  return {
    command: 'streams-groups',
    describe: 'Streams groups (KIP-1071): list them, their members and tasks, state, and lag per input partition (kafka-streams-groups)',
    builder: (y: Argv) =>
      withOutputFlag(withGroupTimeoutFlag(withConnectionFlags(y)))
        .option('list', { type: 'boolean', describe: 'List streams groups' })
        .option('describe', { type: 'boolean', describe: 'Describe streams groups: offsets and lag (default), --members, --state or --topology' })
        .option('delete', { type: 'boolean', describe: 'Delete streams groups (they must be empty)' })
        .option('group', { type: 'string', describe: 'The streams group (application.id) (repeatable)' })
        .option('all-groups', { type: 'boolean', describe: 'Every streams group' })
        .option('members', { type: 'boolean', describe: 'Describe: the members and their tasks (--verbose adds epochs and target tasks)' })
        .option('state', { type: 'string', describe: 'Describe: the group state; with --list: show states, optionally filter (Stable,Empty)' })
        .option('offsets', { type: 'boolean', describe: 'Describe: committed offset, end offset and lag per input partition (the default)' })
        .option('topology', { type: 'boolean', describe: 'Describe: the processors of the topology, as the brokers keep it (Kafka 4.4+ with a topology description plugin)' })
        .option('reset-offsets', { type: 'boolean', describe: 'Plan (--dry-run) or set (--execute) where the application restarts on its input topics; every instance must be stopped' })
        .option('delete-offsets', { type: 'boolean', describe: 'Make the group forget its offsets on --input-topic or --all-input-topics (the application must be stopped)' })
        .option('input-topic', { type: 'string', describe: 'Reset or delete-offsets scope: an input topic, or topic:0,2 (repeatable)' })
        .option('all-input-topics', { type: 'boolean', describe: 'Reset or delete-offsets scope: every source topic of the topology the group has offsets on' })
        .option('to-earliest', { type: 'boolean', describe: 'Reset to the log start' })
        .option('to-latest', { type: 'boolean', describe: 'Reset to the log end' })
        .option('to-current', { type: 'boolean', describe: 'Reset to the committed offsets' })
        .option('to-offset', { type: 'string', describe: 'Reset to this offset (clamped to the log)' })
        .option('shift-by', { type: 'string', describe: 'Move the committed offsets by N (may be negative)' })
        .option('to-datetime', { type: 'string', describe: 'Reset to the first record at/after YYYY-MM-DDThh:mm:ss.sss[zone]' })
        .option('by-duration', { type: 'string', describe: 'Reset to now minus an ISO-8601 duration (PT1H)' })
        .option('from-file', { type: 'string', describe: 'Reset to the offsets of a CSV file (as --export writes)' })
        .option('dry-run', { type: 'boolean', describe: 'Show the plan only' })
        .option('execute', { type: 'boolean', describe: 'Commit the planned offsets' })
        .option('export', { type: 'boolean', describe: 'Print the plan as CSV for --from-file' })
        .option('delete-all-internal-topics', { type: 'boolean', describe: 'With --delete, or --reset-offsets --execute: also delete the group’s repartition and changelog topics (its state)' })
        .option('delete-internal-topic', { type: 'string', describe: 'With --reset-offsets --execute: also delete this internal topic of the group (repeatable)' })
        .option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask before --execute or --delete' })
        .example('$0 streams-groups --list --state', 'Every streams group and its state')
        .example('$0 streams-groups --describe --group word-count --members', 'Which process runs which tasks')
        .example('$0 streams-groups --describe --group word-count --offsets --verbose', 'Lag per input partition')
        .example('$0 streams-groups --describe --group word-count --topology', 'Its sources, processors, stores and sinks')
        .example('$0 streams-groups --reset-offsets --group word-count --all-input-topics --to-earliest --execute --delete-all-internal-topics', 'Reprocess from the start, with fresh state'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

const RESET_SCENARIOS = '--to-datetime, --by-duration, --to-earliest, --to-latest, --shift-by, --from-file, --to-current, --to-offset';

/** --input-topic / --all-input-topics: which of them, or null when neither was given. */
function inputTopics(args: Args): InputTopics | null {
  const named = strings(args['input-topic']);
  if (named.length && args['all-input-topics'] === true) throw usage('Option [input-topic] cannot be used with [all-input-topics]: give one scope');
  if (args['all-input-topics'] === true) return { all: true };
  return named.length ? { all: false, topics: named.map(parseTopicScope) } : null;
}

/** kafka-streams-groups' rules, with its messages. */
export function streamsGroupsOptions(args: Args, kafkaToolName: boolean): StreamsGroupsOptions {
  const actions = (['list', 'describe', 'delete', 'reset-offsets', 'delete-offsets'] as const).filter((a) => args[a] === true);
  if (actions.length !== 1) throw usage('Command must include exactly one action: --list, --describe, --delete, --reset-offsets, or --delete-offsets.');
  const action = actions[0]!;
  const output = outputFormat(args, kafkaToolName);
  const stateValues = strings(args.state);
  const groups = strings(args.group);
  const allGroups = args['all-groups'] === true;
  const yes = args.yes === true;
  const deleteAll = args['delete-all-internal-topics'] === true;
  const deleteNamed = strings(args['delete-internal-topic']);
  if ((args['dry-run'] === true || args.execute === true) && action !== 'reset-offsets') throw usage('Only Option [reset-offsets] accepts [execute] or [dry-run]');
  if (deleteAll && action !== 'delete' && action !== 'reset-offsets') throw usage('Option [delete-all-internal-topics] takes one of these options: [delete], [reset-offsets]');
  if (deleteNamed.length && (action !== 'reset-offsets' || args.execute !== true)) throw usage('Option [delete-internal-topic] is applicable only with [reset-offsets] and [execute]');
  if ((args['input-topic'] !== undefined || args['all-input-topics'] === true) && action !== 'reset-offsets' && action !== 'delete-offsets') {
    throw usage(action === 'delete' ? 'Kafka Streams does not support topic-specific offset deletion from a streams group.' : `Option [${args['input-topic'] !== undefined ? 'input-topic' : 'all-input-topics'}] takes one of these options: [delete-offsets], [reset-offsets]`);
  }
  if (action === 'delete') {
    if ((groups.length > 0) === allGroups) throw usage('Option [delete] takes one of these options: [all-groups], [group]');
    return { action: 'delete', groups, allGroups, deleteInternalTopics: deleteAll, yes, output };
  }
  if (action === 'delete-offsets') {
    const scope = inputTopics(args);
    if (!scope || groups.length === 0) throw usage('Option [delete-offsets] takes the [group] and one of these options: [all-input-topics], [input-topic]');
    if (groups.length > 1) throw usage(`Option [delete-offsets] supports only one [group] at a time, but found: [${groups.join(', ')}]`);
    return { action: 'delete-offsets', group: groups[0]!, inputTopics: scope, output };
  }
  if (action === 'reset-offsets') {
    if (args['dry-run'] === true && args.execute === true) throw usage('Option [reset-offsets] only accepts one of [execute] and [dry-run]');
    if (args['dry-run'] !== true && args.execute !== true) throw usage('Option [reset-offsets] takes the option: [execute] or [dry-run]');
    if ((groups.length > 0) === allGroups) throw usage('Option [reset-offsets] takes one of these options: [all-groups], [group]');
    if (deleteAll && args.execute !== true) throw usage('Option [delete-all-internal-topics] takes [execute] when [reset-offsets] is used.');
    if (deleteAll && deleteNamed.length) throw usage('Option [delete-all-internal-topics] cannot be used with [delete-internal-topic]: give one');
    const reset = resetSpec(args);
    if (!reset) throw usage(`Option '[reset-offsets]' requires one of the following scenarios: ${RESET_SCENARIOS}`);
    const scope = inputTopics(args);
    if (!scope && reset.kind !== 'file') throw usage('One of the reset scopes should be defined: --all-input-topics, --input-topic.');
    return { action: 'reset-offsets', groups, allGroups, reset, inputTopics: reset.kind === 'file' ? null : scope, execute: args.execute === true, export: args.export === true, deleteInternalTopics: deleteAll ? 'all' : deleteNamed, yes, output };
  }
  if (action === 'list') {
    if (args.state === undefined) return { action: 'list', states: null, output };
    const names = stateValues.join(',').split(',').map((s) => s.trim()).filter((s) => s !== '');
    const states = names.map((name) => STREAMS_GROUP_STATES.find((s) => s.toLowerCase() === name.toLowerCase()));
    if (states.some((s) => s === undefined)) throw usage(`Invalid state list '${stateValues.join(',')}'. Valid states are: ${STREAMS_GROUP_STATES.join(', ')}`);
    return { action: 'list', states: states as GroupState[], output };
  }
  if ((groups.length > 0) === allGroups) throw usage('Option [describe] takes one of these options: [all-groups], [group]');
  const views = [args.members === true && 'members', args.state !== undefined && 'state', args.offsets === true && 'offsets', args.topology === true && 'topology'].filter(Boolean) as Array<'members' | 'state' | 'offsets' | 'topology'>;
  if (views.length > 1) throw usage('Option [describe] takes at most one of these options: [members], [offsets], [state], [topology]');
  if (args.state !== undefined && stateValues.some((s) => s !== '')) throw usage('Option [describe] does not take a value for [state]');
  return { action: 'describe', groups, allGroups, view: views[0] ?? 'offsets', verbose: args.verbose === true, output };
}

async function handle(ctx: CliContext, args: Args): Promise<number> {
  const options = streamsGroupsOptions(args, ctx.kafkaToolName);
  const { runStreamsGroups } = await import('../commands/streams-groups/run.js');
  return ctx.withClient(groupToolConnectionFlags(args), (client) => runStreamsGroups(options, client, ctx.io));
}
