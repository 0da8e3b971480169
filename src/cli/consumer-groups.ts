import type { Argv } from 'yargs';
import { usage } from '../core/errors.js';
import type { ConsumerGroupsOptions, GroupsAction, ResetSpec, TopicScope } from '../commands/consumer-groups/options.js';
import { parseIsoDuration, parseKafkaDatetime } from '../commands/consumer-groups/reset-plan.js';
import type { CliContext } from './context.js';
import { groupToolConnectionFlags, withGroupTimeoutFlag, last, MAX_DURATION_MS, optionalInt, wholeNumber, outputFormat, strings, withConnectionFlags, withOutputFlag, type Args } from './shared-flags.js';
import { WITH_PROMETHEUS } from '../render/print.js';

const ACTIONS: GroupsAction[] = ['list', 'describe', 'delete', 'reset-offsets', 'delete-offsets', 'serve'];
const DEFAULT_SERVE = { host: '127.0.0.1', port: 9308 };
const DEFAULT_MIN_INTERVAL_S = 5;
export const RESET_SPECS = ['to-earliest', 'to-latest', 'to-current', 'to-offset', 'shift-by', 'to-datetime', 'by-duration', 'from-file'] as const;

export function consumerGroupsCommand(ctx: CliContext) {
  return {
    command: 'consumer-groups [action] [groups..]',
    describe: 'List, describe, reset and delete consumer groups; read their lag (kafka-consumer-groups)',
    builder: (y: Argv) =>
      withOutputFlag(withGroupTimeoutFlag(withConnectionFlags(y)), WITH_PROMETHEUS)
        .positional('action', { type: 'string', choices: ACTIONS, describe: 'Verb style: list, describe, delete, reset-offsets, delete-offsets, serve' })
        .positional('groups', { type: 'string', array: true, describe: 'Group ids (verb style)' })
        .option('list', { type: 'boolean', describe: 'List consumer groups' })
        .option('describe', { type: 'boolean', describe: 'Describe groups: offsets and lag (default), --members or --state' })
        .option('delete', { type: 'boolean', describe: 'Delete groups (they must have no active members)' })
        .option('reset-offsets', { type: 'boolean', describe: 'Plan (--dry-run, default) or commit (--execute) new offsets' })
        .option('delete-offsets', { type: 'boolean', describe: 'Delete a group’s committed offsets for --topic' })
        .option('validate-regex', { type: 'string', describe: 'Whether a regular expression is valid RE2 (as brokers read new-protocol consumers’ regexes); exit 7 when not' })
        .option('group', { type: 'string', describe: 'Group id (repeatable)' })
        .option('all-groups', { type: 'boolean', describe: 'Every consumer group' })
        .option('offsets', { type: 'boolean', describe: 'Describe: offsets and lag (default)' })
        .option('members', { type: 'boolean', describe: 'Describe: members (--verbose adds assignments)' })
        .option('type', { type: 'string', describe: 'With --list: show group types (classic, consumer), optionally filter' })
        .option('state', { type: 'string', describe: 'Describe: group state; with --list: show states, optionally filter (Stable,Empty)' })
        .option('topic', { type: 'string', describe: 'Reset/delete-offsets scope: topic or topic:0,2 (repeatable)' })
        .option('all-topics', { type: 'boolean', describe: 'Reset scope: every partition the group has offsets for' })
        .option('to-earliest', { type: 'boolean', describe: 'Reset to the log start' })
        .option('to-latest', { type: 'boolean', describe: 'Reset to the log end' })
        .option('to-current', { type: 'boolean', describe: 'Reset to the committed offset' })
        .option('to-offset', { type: 'string', describe: 'Reset to this offset (clamped to the log)' })
        .option('shift-by', { type: 'string', describe: 'Move the committed offset by N (may be negative)' })
        .option('to-datetime', { type: 'string', describe: 'Reset to the first record at/after YYYY-MM-DDThh:mm:ss.sss[zone]' })
        .option('by-duration', { type: 'string', describe: 'Reset to now minus an ISO-8601 duration (PT1H)' })
        .option('from-file', { type: 'string', describe: 'Reset to the offsets of a CSV file (as --export writes)' })
        .option('dry-run', { type: 'boolean', describe: 'Show the plan only (the default)' })
        .option('execute', { type: 'boolean', describe: 'Commit the planned offsets' })
        .option('export', { type: 'boolean', describe: 'Print the plan as CSV for --from-file' })
        .option('lag-threshold', { type: 'string', describe: 'Describe: exit 8 when a group’s total lag is above this' })
        .option('lag-threshold-seconds', { type: 'string', describe: 'Describe: exit 8 when a group’s time lag (seconds behind) is above this' })
        .option('output-file', { type: 'string', describe: 'Describe: write the output to this file atomically (a node_exporter textfile)' })
        .option('serve', { type: 'string', describe: 'Serve lag metrics at http://[HOST:]PORT/metrics for Prometheus [default 127.0.0.1:9308]' })
        .option('min-interval', { type: 'string', describe: `With --serve: read the cluster at most every N seconds [default ${DEFAULT_MIN_INTERVAL_S}]` })
        .option('watch', { type: 'string', describe: 'Describe: redraw every N seconds (default 2)' })
        .option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask before --execute or --delete' })
        .example('$0 consumer-groups --list --state', 'Groups and their states')
        .example('$0 consumer-groups --list --type consumer', 'Groups of the new consumer protocol (KIP-848)')
        .example('$0 consumer-groups --describe --group billing', 'Lag per partition')
        .example('$0 consumer-groups describe billing -o json --lag-threshold 1000', 'For scripts and alerts (exit 8 above 1000)')
        .example('$0 consumer-groups --describe --all-groups -o prometheus --output-file /var/lib/node_exporter/lag.prom', 'Lag for node_exporter’s textfile collector')
        .example('$0 consumer-groups --serve 0.0.0.0:9308', 'A lag exporter for Prometheus (kafka_exporter’s metric names)')
        .example('$0 consumer-groups --reset-offsets --group billing --topic orders --to-earliest --execute', 'Replay a topic'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

export function parseTopicScope(value: string): TopicScope {
  const colon = value.indexOf(':');
  if (colon === -1) return { topic: value, partitions: null };
  const partitions = value.slice(colon + 1).split(',').map((p) => {
    if (!/^\d+$/.test(p.trim())) throw usage(`Invalid partition '${p}' specified in topic arg '${value}'`);
    return Number(p);
  });
  return { topic: value.slice(0, colon), partitions };
}

export function resetSpec(args: Args): ResetSpec | undefined {
  const given = RESET_SPECS.filter((s) => args[s] !== undefined && args[s] !== false);
  if (given.length > 1) throw usage(`Option "[${given[0]}]" can't be used with option "[${given[1]}]"`);
  const spec = given[0];
  const value = last(args[spec ?? '']);
  const number = (flag: string) => {
    if (value === undefined || !/^-?\d+$/.test(value.trim())) throw usage(`--${flag} needs a whole number, got '${value}'`);
    return wholeNumber(`--${flag}`, value.trim(), -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  };
  switch (spec) {
    case undefined:
      return undefined;
    case 'to-earliest':
      return { kind: 'earliest' };
    case 'to-latest':
      return { kind: 'latest' };
    case 'to-current':
      return { kind: 'current' };
    case 'to-offset':
      return { kind: 'offset', offset: number('to-offset') };
    case 'shift-by':
      return { kind: 'shift', by: number('shift-by') };
    case 'to-datetime':
      return { kind: 'timestamp', timestamp: parseKafkaDatetime(value ?? '') };
    case 'by-duration':
      return { kind: 'timestamp', timestamp: Date.now() - parseIsoDuration(value ?? '') };
    case 'from-file':
      return { kind: 'file', path: value ?? '' };
  }
}

/** Kafka's group states (GroupState), any case. */
const GROUP_STATES = ['PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead', 'Empty', 'Assigning', 'Reconciling', 'NotReady', 'Unknown'];

function stateFilter(values: string[]): string[] {
  const states = values.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const unknown = states.find((s) => !GROUP_STATES.some((known) => known.toLowerCase() === s.toLowerCase()));
  if (unknown) throw usage(`unknown group state '${unknown}'`, `use one or more of ${GROUP_STATES.join(', ')}`);
  return states;
}

function groupTypes(action: string, args: Args): string[] | null {
  if (args.type === undefined) return null;
  if (action !== 'list') throw usage('--type only goes with --list');
  const types = strings(args.type).flatMap((s) => s.split(',')).map((s) => s.trim().toLowerCase()).filter(Boolean);
  const unknown = types.find((t) => t !== 'classic' && t !== 'consumer');
  if (unknown) throw usage(`invalid group type '${unknown}'`, 'consumer groups are classic or consumer');
  return types;
}

/** `[HOST:]PORT`, `[::1]:PORT`; empty: the default (kafka_exporter's port, on loopback only). */
export function parseListenAddress(value: string): { host: string; port: number } {
  if (value === '') return DEFAULT_SERVE;
  const m = /^(?:\[([^\]]+)\]:|([^:]*):)?(\d+)$/.exec(value.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw usage(`--serve needs [HOST:]PORT with a port from 0 to 65535, got '${value}'`, 'e.g. --serve 9308 or --serve 0.0.0.0:9308');
  return { host: m[1] ?? (m[2] || DEFAULT_SERVE.host), port };
}

const ONE_ACTION = 'Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets, --validate-regex';

/** The actions the command line names, verb style or as flags (`--serve` may have no value). */
function namedActions(args: Args): GroupsAction[] {
  const verb = args.action as GroupsAction | undefined;
  const flagged = ACTIONS.filter((a) => (a === 'serve' ? args.serve !== undefined : args[a]));
  return [...new Set([...(verb ? [verb] : []), ...flagged])];
}

/** `--validate-regex R`: the regex, when that is the action (it needs no cluster). */
export function regexToValidate(args: Args): string | undefined {
  const regex = last(args['validate-regex']);
  if (regex !== undefined && namedActions(args).length) throw usage(ONE_ACTION);
  return regex;
}

export function consumerGroupsOptions(args: Args, kafkaToolName: boolean): ConsumerGroupsOptions {
  const actions = namedActions(args);
  if (actions.length !== 1) throw usage(ONE_ACTION);
  const action = actions[0]!;
  const groups = [...strings(args.groups), ...strings(args.group)];
  const allGroups = Boolean(args['all-groups']);
  if (groups.length && allGroups) throw usage('--group and --all-groups cannot be used together');
  if (action === 'list' && groups.length) throw usage('--list does not take --group');
  if (action !== 'list' && action !== 'serve' && !groups.length && !allGroups && action !== 'delete-offsets') throw usage(`--${action} needs --group or --all-groups`);
  const topics = strings(args.topic).map(parseTopicScope);
  const allTopics = Boolean(args['all-topics']);
  const stateGiven = args.state !== undefined;
  const describeMode = args.members ? 'members' : stateGiven && action === 'describe' ? 'state' : 'offsets';
  if (action === 'describe' && stateGiven && strings(args.state).some((s) => s !== '')) throw usage('Option [describe] does not take a value for [state]');
  const reset = resetSpec(args);
  if (action === 'reset-offsets') {
    if (!reset) throw usage("Option '[reset-offsets]' requires one of: --to-earliest, --to-latest, --to-current, --to-offset, --shift-by, --to-datetime, --by-duration, --from-file");
    if (reset.kind !== 'file' && !topics.length && !allTopics) throw usage('One of the reset scopes should be defined: --all-topics, --topic.');
    if (args['dry-run'] && args.execute) throw usage('Option [reset-offsets] only accepts one of [execute] and [dry-run]');
  } else if (reset) throw usage('reset specifications (--to-earliest ...) only go with --reset-offsets');
  if (action === 'delete-offsets' && (groups.length !== 1 || !topics.length)) throw usage('--delete-offsets needs exactly one --group and at least one --topic');
  if (action === 'delete' && topics.length) throw usage('The consumer does not support topic-specific offset deletion from a consumer group.');
  const watchRaw = args.watch;
  let watchSeconds: number | undefined;
  if (watchRaw !== undefined) {
    if (action !== 'describe') throw usage('--watch only goes with --describe');
    const raw = last(watchRaw);
    watchSeconds = raw ? Number(raw) : 2;
    if (!/^\d+(\.\d+)?$/.test(raw ?? '2') || !(watchSeconds > 0) || watchSeconds * 1000 > MAX_DURATION_MS) {
      throw usage(`--watch needs a number of seconds from 0.001 to ${Math.floor(MAX_DURATION_MS / 1000)}, got '${raw}'`);
    }
  }
  const output = outputFormat(args, kafkaToolName, WITH_PROMETHEUS);
  const offsetsView = (action === 'describe' && describeMode === 'offsets') || action === 'serve';
  if (output === 'prometheus' && !offsetsView) throw usage('-o prometheus goes with --describe (offsets and lag) or --serve');
  if (output === 'prometheus' && watchSeconds !== undefined) throw usage('--watch draws tables; for metrics use --serve or -o prometheus without --watch');
  if (action === 'serve' && args.output !== undefined && output !== 'prometheus') throw usage('--serve serves metrics only (-o prometheus)');
  for (const flag of ['lag-threshold', 'lag-threshold-seconds']) {
    if (args[flag] !== undefined && !(action === 'describe' && describeMode === 'offsets')) throw usage(`--${flag} goes with --describe (offsets and lag)`);
  }
  const outputFile = last(args['output-file']);
  if (outputFile !== undefined) {
    if (action !== 'describe' || watchSeconds !== undefined) throw usage('--output-file goes with --describe (without --watch)');
    if (outputFile === '') throw usage('--output-file needs a file name');
  }
  if (args['min-interval'] !== undefined && action !== 'serve') throw usage('--min-interval goes with --serve');
  const minIntervalRaw = last(args['min-interval']) ?? String(DEFAULT_MIN_INTERVAL_S);
  if (!/^\d+(\.\d+)?$/.test(minIntervalRaw) || Number(minIntervalRaw) * 1000 > MAX_DURATION_MS) {
    throw usage(`--min-interval needs a number of seconds from 0 to ${Math.floor(MAX_DURATION_MS / 1000)}, got '${minIntervalRaw}'`);
  }
  return {
    action,
    groups,
    allGroups: allGroups || (action === 'serve' && groups.length === 0),
    describeMode,
    stateFilter: action === 'list' && stateGiven ? stateFilter(strings(args.state)) : null,
    typeFilter: groupTypes(action, args),
    verbose: Boolean(args.verbose),
    output: action === 'serve' ? 'prometheus' : output,
    lagThreshold: optionalInt(args, 'lag-threshold', 0, Number.MAX_SAFE_INTEGER),
    lagThresholdSeconds: optionalInt(args, 'lag-threshold-seconds', 0, Number.MAX_SAFE_INTEGER),
    outputFile,
    serve: action === 'serve' ? { ...parseListenAddress(last(args.serve) ?? ''), minRefreshMs: Number(minIntervalRaw) * 1000 } : undefined,
    topics,
    allTopics,
    reset,
    execute: Boolean(args.execute),
    dryRunImplicit: action === 'reset-offsets' && !args['dry-run'] && !args.execute,
    export: Boolean(args.export),
    yes: Boolean(args.yes),
    watchSeconds,
  };
}

async function handle(ctx: CliContext, args: Args): Promise<number> {
  const regex = regexToValidate(args);
  if (regex !== undefined) {
    const { runValidateRegex } = await import('../commands/consumer-groups/validate-regex.js');
    return runValidateRegex(regex, ctx.io);
  }
  const options = consumerGroupsOptions(args, ctx.kafkaToolName);
  const { runConsumerGroups } = await import('../commands/consumer-groups/run.js');
  return ctx.withClient(groupToolConnectionFlags(args), (client) => runConsumerGroups(options, client, ctx.io));
}
