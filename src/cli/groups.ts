import type { Argv } from 'yargs';
import type { GroupType } from '../core/client.js';
import { usage } from '../core/errors.js';
import type { GroupFilter, GroupsOptions } from '../commands/groups/run.js';
import type { CliContext } from './context.js';
import { connectionFlags, last, outputFormat, withConnectionFlags, withOutputFlag, type Args } from './shared-flags.js';

const TYPES: Record<string, GroupType> = { classic: 'Classic', consumer: 'Consumer', share: 'Share', streams: 'Streams' };

export function groupsCommand(ctx: CliContext) {
  return {
    command: 'groups',
    describe: 'Every group of every type — classic, consumer, share, streams — with its protocol and state (kafka-groups)',
    builder: (y: Argv) =>
      withOutputFlag(withConnectionFlags(y))
        .option('list', { type: 'boolean', describe: 'List the groups (the only action; optional here)' })
        .option('group-type', { type: 'string', describe: 'Only groups of this type: classic, consumer, share or streams' })
        .option('protocol', { type: 'string', describe: 'Only groups of this protocol type (consumer, connect …)' })
        .option('consumer', { type: 'boolean', describe: 'Only groups of consumers: consumer-protocol groups and classic groups of consumers' })
        .option('share', { type: 'boolean', describe: 'Only share groups' })
        .option('streams', { type: 'boolean', describe: 'Only streams groups' })
        .example('$0 groups', 'Every group, its type, protocol and state')
        .example('$0 groups --share', 'Share groups only')
        .example('$0 groups --group-type classic --protocol connect', 'Kafka Connect’s worker groups'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

/** kafka-groups' rules, in its order and with its messages. */
export function groupsOptions(args: Args, kafkaToolName: boolean): GroupsOptions {
  if (kafkaToolName && args.list !== true) throw usage('Command must include exactly one action: --list.');
  const given = (name: string) => args[name] !== undefined && args[name] !== false;
  const conflicts: Array<[string, string[]]> = [
    ['consumer', ['group-type', 'protocol', 'share', 'streams']],
    ['share', ['consumer', 'group-type', 'protocol', 'streams']],
    ['streams', ['consumer', 'group-type', 'protocol', 'share']],
  ];
  const typeName = last(args['group-type']);
  const type = typeName === undefined ? undefined : TYPES[typeName.toLowerCase()];
  if (typeName !== undefined && !type) throw usage('--group-type must be a valid group type.', 'use classic, consumer, share or streams');
  for (const [used, others] of conflicts) {
    const clash = used !== undefined && given(used) ? others.find(given) : undefined;
    if (clash) throw usage(`Option "[${used}]" can't be used with option "[${clash}]"`);
  }
  const protocol = last(args.protocol);
  const filter: GroupFilter = type
    ? { kind: 'type', type, protocol }
    : protocol !== undefined
      ? { kind: 'protocol', protocol }
      : given('consumer')
        ? { kind: 'consumer' }
        : given('share')
          ? { kind: 'share' }
          : given('streams')
            ? { kind: 'streams' }
            : { kind: 'all' };
  return { filter, output: outputFormat(args, kafkaToolName) };
}

async function handle(ctx: CliContext, args: Args): Promise<number> {
  const options = groupsOptions(args, ctx.kafkaToolName);
  const { runGroups } = await import('../commands/groups/run.js');
  return ctx.withClient(connectionFlags(args), (client) => runGroups(options, client, ctx.io));
}
