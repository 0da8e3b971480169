import type { Argv } from 'yargs';
import { usage } from '../core/errors.js';
import type { DeleteBefore, DeleteRecordsOptions } from '../commands/delete-records/run.js';
import { parseTime } from './get-offsets.js';
import type { CliContext } from './context.js';
import { connectionFlags, last, outputFormat, strings, wholeNumber, withConnectionFlags, withOutputFlag, type Args } from './shared-flags.js';

export function deleteRecordsCommand(ctx: CliContext) {
  return {
    command: 'delete-records',
    describe: 'Delete the records of partitions before an offset or a time, or all of them (kafka-delete-records)',
    builder: (y: Argv) =>
      withOutputFlag(withConnectionFlags(y))
        .option('offset-json-file', { type: 'string', describe: 'Kafka’s file: {"partitions":[{"topic":"t","partition":0,"offset":5}],"version":1}' })
        .option('topic', { type: 'string', describe: 'The topic whose records go' })
        .option('partition', { type: 'string', describe: 'Only these partitions (repeatable or comma-separated; default all)' })
        .option('before-offset', { type: 'string', describe: 'Delete the records before this offset' })
        .option('before-time', { type: 'string', describe: 'Delete the records older than this: epoch ms, an ISO date, or a time ago (-7d)' })
        .option('all', { type: 'boolean', describe: 'Delete every record (purge the topic)' })
        .option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask on a terminal' })
        .example('$0 delete-records --topic orders --all', 'Purge a topic (asks first on a terminal)')
        .example('$0 delete-records --topic orders --before-time -7d --yes', 'Drop what is older than a week')
        .example('$0 delete-records --topic orders --partition 0 --before-offset 1000', 'One partition, up to an offset')
        .example('$0 delete-records --offset-json-file plan.json', 'Kafka’s offset file'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

export function deleteRecordsOptions(args: Args, kafkaToolName: boolean): DeleteRecordsOptions {
  const file = last(args['offset-json-file']);
  const topic = last(args.topic);
  const specs = ['before-offset', 'before-time', 'all'].filter((f) => args[f] !== undefined && args[f] !== false);
  const base = { yes: Boolean(args.yes), output: outputFormat(args, kafkaToolName) };
  if (file !== undefined) {
    if (topic !== undefined || specs.length || args.partition !== undefined) throw usage('--offset-json-file names its partitions and offsets: it does not take --topic, --partition, --before-offset, --before-time or --all');
    return { ...base, source: { kind: 'file', path: file } };
  }
  if (topic === undefined) throw usage('name what to delete: --offset-json-file FILE, or --topic T with --before-offset N, --before-time TIME or --all');
  if (specs.length !== 1) throw usage(`--topic needs exactly one of --before-offset, --before-time and --all${specs.length ? `, got ${specs.map((s) => `--${s}`).join(' and ')}` : ''}`);
  const partitions = strings(args.partition).flatMap((p) => p.split(',')).map((p) => p.trim());
  const badPartition = partitions.find((p) => !/^\d+$/.test(p));
  if (badPartition !== undefined) throw usage(`--partition takes partition numbers, got '${badPartition}'`);
  let before: DeleteBefore;
  if (specs[0] === 'all') before = { kind: 'all' };
  else if (specs[0] === 'before-offset') before = { kind: 'offset', offset: wholeNumber('--before-offset', last(args['before-offset']) ?? '', 0, Number.MAX_SAFE_INTEGER) };
  else {
    const time = parseTime(last(args['before-time']) ?? '');
    if (typeof time !== 'object') throw usage(`--before-time takes a time, got '${last(args['before-time'])}'`, 'use epoch milliseconds, an ISO date such as 2024-05-01T00:00:00Z, or a time ago such as -7d');
    before = { kind: 'time', timestamp: time.timestamp };
  }
  return { ...base, source: { kind: 'topic', topic, partitions: partitions.length ? [...new Set(partitions.map(Number))] : null, before } };
}

async function handle(ctx: CliContext, args: Args): Promise<number> {
  const options = deleteRecordsOptions(args, ctx.kafkaToolName);
  const { runDeleteRecords } = await import('../commands/delete-records/run.js');
  return ctx.withClient(connectionFlags(args), (client) => runDeleteRecords(options, client, ctx.io));
}
