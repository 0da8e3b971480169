import type { Argv } from 'yargs';
import { usage } from '../core/errors.js';
import type { ConsoleShareConsumerOptions } from '../commands/console-share-consumer/run.js';
import type { CliContext } from './context.js';
import { consumerSettings, recordPrinting, withRecordOutputFlags, type ConsumerSettings } from './console-consumer.js';
import { connectionFlags, last, MAX_INT32, wholeNumber, withConnectionFlags, type Args } from './shared-flags.js';

/** Kafka's console share consumer joins this group unless told otherwise. */
const DEFAULT_GROUP = 'console-share-consumer';

export function consoleShareConsumerCommand(ctx: CliContext) {
  return {
    command: 'console-share-consumer',
    describe: 'Print records a share group hands out, acknowledging each (kafka-console-share-consumer)',
    builder: (y: Argv) =>
      withRecordOutputFlags(withConnectionFlags(y))
        .option('topic', { type: 'string', describe: 'Topic to read (required)' })
        .option('group', { type: 'string', describe: `The share group [default ${DEFAULT_GROUP}]` })
        .option('release', { type: 'boolean', describe: 'Release each record once printed: it is delivered again' })
        .option('reject', { type: 'boolean', describe: 'Reject each record once printed: it is not delivered again' })
        .option('reject-message-on-error', { type: 'boolean', describe: 'Reject a record that cannot be formatted instead of stopping' })
        .option('consumer-property', { alias: 'command-property', type: 'string', describe: 'Consumer property k=v (group.id, max.poll.records) (repeatable)' })
        .option('consumer-config', { type: 'string', describe: 'Consumer properties file' })
        .example('$0 console-share-consumer --topic jobs --group workers', 'One of several workers: each record goes to one of them')
        .example('$0 console-share-consumer --topic jobs --group workers --release --max-messages 1', 'Look at a record and hand it back'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

export function consoleShareConsumerOptions(args: Args, settings: ConsumerSettings = consumerSettings(args, 'consumer-config')): ConsoleShareConsumerOptions {
  const topic = last(args.topic);
  if (!topic) throw usage('--topic is a required argument', 'e.g. kafka console-share-consumer --topic jobs --group workers');
  if (args.release && args.reject) throw usage('At most one of --reject and --release may be specified.');
  const { properties, group } = settings;
  return {
    consumer: {
      group: group ?? DEFAULT_GROUP,
      topic,
      maxRecords: properties['max.poll.records'] === undefined ? 500 : wholeNumber('max.poll.records', properties['max.poll.records'], 1, MAX_INT32),
    },
    acknowledge: args.release ? 'release' : args.reject ? 'reject' : 'accept',
    ...recordPrinting(args, Boolean(args['reject-message-on-error'])),
  };
}

async function handle(ctx: CliContext, args: Args): Promise<number> {
  const settings = consumerSettings(args, 'consumer-config');
  const options = consoleShareConsumerOptions(args, settings);
  const { runConsoleShareConsumer } = await import('../commands/console-share-consumer/run.js');
  return ctx.withClient(connectionFlags(args, { properties: settings.properties, flags: ['consumer-config', 'consumer-property'] }), (client) => runConsoleShareConsumer(options, client, ctx.io));
}
