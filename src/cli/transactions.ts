import type { Argv } from 'yargs';
import { usage } from '../core/errors.js';
import type { TransactionsOptions } from '../commands/transactions/run.js';
import { patternProblem } from '../core/user-pattern.js';
import type { CliContext } from './context.js';
import { connectionFlags, last, outputFormat, withConnectionFlags, withOutputFlag, type Args } from './shared-flags.js';

const ACTIONS = ['list', 'describe', 'describe-producers', 'find-hanging', 'abort'] as const;

export function transactionsCommand(ctx: CliContext) {
  return {
    command: 'transactions [action]',
    describe: 'Transactions: list and describe them, the producers of a partition, find hanging ones and abort them (kafka-transactions)',
    builder: (y: Argv) =>
      withOutputFlag(withConnectionFlags(y))
        .positional('action', { type: 'string', choices: ACTIONS, describe: 'list | describe | describe-producers | find-hanging | abort' })
        .option('transactional-id', { type: 'string', describe: 'describe: the transactional id' })
        .option('topic', { type: 'string', describe: 'describe-producers, abort: the topic; find-hanging: only this topic' })
        .option('partition', { type: 'string', describe: 'describe-producers, abort: the partition; find-hanging: only this partition (with --topic)' })
        .option('broker-id', { type: 'string', describe: 'describe-producers: ask this replica; find-hanging: the partitions this broker holds' })
        .option('duration-filter', { type: 'string', describe: 'list: only transactions started longer ago than this many ms (below 0: all) [Kafka 3.8+ brokers]' })
        .option('transactional-id-pattern', { type: 'string', describe: 'list: only transactional ids this RE2 regex matches [brokers with ListTransactions v2, KIP-1152]' })
        .option('max-transaction-timeout', { type: 'string', describe: 'find-hanging: only transactions open longer than this many minutes [default 15]' })
        .option('start-offset', { type: 'string', describe: 'abort: the open transaction that starts at this offset (Kafka 3.0+ brokers)' })
        .option('producer-id', { type: 'string', describe: 'abort (older brokers): the producer id' })
        .option('producer-epoch', { type: 'string', describe: 'abort (older brokers): the producer epoch' })
        .option('coordinator-epoch', { type: 'string', describe: 'abort (older brokers): the coordinator epoch' })
        .example('$0 transactions list', 'Every transactional id, its coordinator and state')
        .example('$0 transactions describe --transactional-id orders-tx', 'Its open transaction: since when, on which partitions')
        .example('$0 transactions find-hanging --broker-id 1', 'Transactions nobody will end, on broker 1’s partitions')
        .example('$0 transactions abort --topic orders --partition 0 --start-offset 1200', 'End one'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

/** A whole number flag, with Kafka's meaning of its range. */
function integer(args: Args, name: string, min: number, max: number): number | undefined {
  const value = last(args[name]);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) throw usage(`--${name} needs a whole number from ${min} to ${max}, got '${value}'`);
  return Number(value);
}

/** kafka-transactions' rules for each action, with its messages. */
export function transactionsOptions(args: Args, kafkaToolName: boolean): TransactionsOptions {
  const action = args.action as (typeof ACTIONS)[number] | undefined;
  if (action === undefined) throw usage('name an action: list, describe, describe-producers, find-hanging or abort', 'e.g. `kafka transactions list`');
  const output = outputFormat(args, kafkaToolName);
  const topic = last(args.topic);
  const partition = integer(args, 'partition', 0, 2 ** 31 - 1);
  const brokerId = integer(args, 'broker-id', 0, 2 ** 31 - 1);
  const required = (name: string, value: unknown) => {
    if (value === undefined) throw usage(`argument --${name} is required`);
  };
  switch (action) {
    case 'list': {
      const duration = integer(args, 'duration-filter', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
      const pattern = last(args['transactional-id-pattern']);
      const problem = pattern === undefined ? null : patternProblem(pattern);
      if (problem !== null) throw usage(`--transactional-id-pattern '${pattern}' is not a valid RE2 regex: ${problem}`);
      return { action, output, runningLongerThanMs: duration !== undefined && duration >= 0 ? duration : undefined, transactionalIdPattern: pattern };
    }
    case 'describe': {
      const id = last(args['transactional-id']);
      required('transactional-id', id);
      return { action, transactionalId: id!, output };
    }
    case 'describe-producers':
      required('topic', topic);
      required('partition', partition);
      return { action, partition: { topic: topic!, partition: partition! }, brokerId, output };
    case 'find-hanging': {
      if (topic === undefined && brokerId === undefined) throw usage('The `find-hanging` command requires either --topic or --broker-id to limit the scope of the search');
      if (partition !== undefined && topic === undefined) throw usage('The --partition argument requires --topic to be provided');
      const minutes = integer(args, 'max-transaction-timeout', 0, 2 ** 31 - 1) ?? 15;
      return { action, topic, partition, brokerId, maxTransactionTimeoutMs: minutes * 60_000, output };
    }
    case 'abort': {
      required('topic', topic);
      required('partition', partition);
      const startOffset = integer(args, 'start-offset', 0, Number.MAX_SAFE_INTEGER);
      const producerId = integer(args, 'producer-id', 0, Number.MAX_SAFE_INTEGER);
      const tp = { topic: topic!, partition: partition! };
      if (startOffset !== undefined) return { action, partition: tp, startOffset, output };
      if (producerId === undefined) {
        throw usage('The transaction to abort must be identified either with --start-offset (for brokers on 3.0 or above) or with --producer-id, --producer-epoch, and --coordinator-epoch (for older brokers)');
      }
      const producerEpoch = integer(args, 'producer-epoch', 0, 32767);
      if (producerEpoch === undefined) throw usage('Missing required argument --producer-epoch');
      const coordinatorEpoch = integer(args, 'coordinator-epoch', -1, 2 ** 31 - 1);
      if (coordinatorEpoch === undefined) throw usage('Missing required argument --coordinator-epoch');
      return { action, partition: tp, producerId, producerEpoch, coordinatorEpoch, output };
    }
  }
}

async function handle(ctx: CliContext, args: Args): Promise<number> {
  const options = transactionsOptions(args, ctx.kafkaToolName);
  const { runTransactions } = await import('../commands/transactions/run.js');
  return ctx.withClient(connectionFlags(args), (client) => runTransactions(options, client, ctx.io));
}
