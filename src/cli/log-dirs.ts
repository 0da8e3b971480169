import type { Argv } from 'yargs';
import { usage } from '../core/errors.js';
import type { LogDirsOptions } from '../commands/log-dirs/run.js';
import type { CliContext } from './context.js';
import { connectionFlags, last, optionalInt, outputFormat, withConnectionFlags, withOutputFlag, type Args } from './shared-flags.js';

export function logDirsCommand(ctx: CliContext) {
  return {
    command: 'log-dirs',
    describe: 'Log directories of brokers: disk use, partition sizes, replicas moving (kafka-log-dirs)',
    builder: (y: Argv) =>
      withOutputFlag(withConnectionFlags(y))
        .option('describe', { type: 'boolean', describe: 'Describe the log directories (the only action; optional here)' })
        .option('broker-list', { type: 'string', describe: 'Brokers to ask, e.g. 1,2 (all when absent)' })
        .option('topic-list', { type: 'string', describe: 'Only partitions of these topics, e.g. orders,payments' })
        .option('top', { type: 'string', describe: 'Table: how many of the largest topics to list [default 10]' })
        .example('$0 log-dirs', 'Each broker’s log dirs: size, disk use, largest topics')
        .example('$0 log-dirs --describe --broker-list 1 --topic-list orders -o kafka', 'Kafka’s JSON, as kafka-log-dirs prints it'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

const list = (value: string | undefined) => (value ?? '').split(',').filter((x) => x !== '');

export function logDirsOptions(args: Args, kafkaToolName: boolean): LogDirsOptions {
  if (kafkaToolName && !args.describe) throw usage('Missing required argument "[describe]"');
  const brokers = list(last(args['broker-list']));
  const bad = brokers.find((b) => !/^\d+$/.test(b));
  if (bad !== undefined) throw usage(`--broker-list takes broker ids such as 1,2, got '${bad}'`);
  return {
    brokers: [...new Set(brokers.map(Number))],
    topics: [...new Set(list(last(args['topic-list'])))],
    top: optionalInt(args, 'top', 1, 10_000) ?? 10,
    output: outputFormat(args, kafkaToolName),
  };
}

async function handle(ctx: CliContext, args: Args): Promise<number> {
  const options = logDirsOptions(args, ctx.kafkaToolName);
  const { runLogDirs } = await import('../commands/log-dirs/run.js');
  return ctx.withClient(connectionFlags(args), (client) => runLogDirs(options, client, ctx.io));
}
