import type { Argv } from 'yargs';
import { usage } from '../core/errors.js';
import type { MetadataQuorumOptions } from '../commands/metadata-quorum/run.js';
import type { CliContext } from './context.js';
import { connectionFlags, outputFormat, withConnectionFlags, withControllerFlag, withOutputFlag, type Args } from './shared-flags.js';

export function metadataQuorumCommand(ctx: CliContext) {
  return {
    command: 'metadata-quorum [action]',
    describe: 'The KRaft metadata quorum: its leader, voters, observers and how far each has replicated (kafka-metadata-quorum)',
    builder: (y: Argv) =>
      withOutputFlag(withControllerFlag(withConnectionFlags(y)))
        .positional('action', { type: 'string', choices: ['describe'], describe: 'What to do (describe, the only one; optional here)' })
        .option('status', { type: 'boolean', describe: 'A summary: leader, epoch, high watermark, the furthest follower, voters and observers' })
        .option('replication', { type: 'boolean', describe: 'Each replica of the metadata log: log end offset, lag, last fetch and catch-up' })
        .option('human-readable', { type: 'boolean', describe: 'With --replication -o kafka: times as "N ms ago"' })
        .example('$0 metadata-quorum describe --status', 'Who leads the quorum, and how far behind the furthest voter is')
        .example('$0 metadata-quorum describe --replication', 'Each voter and observer: offsets, lag and when it last fetched')
        .example('$0 metadata-quorum --bootstrap-controller localhost:9093 describe --status', 'Asked of the controllers themselves, as when no broker is up')
        .example('kafka-metadata-quorum --bootstrap-server localhost:9092 describe --status', 'Kafka’s own lines, under Kafka’s name'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

/** Kafka's rules for describe's flags, with its messages. */
export function metadataQuorumOptions(args: Args, kafkaToolName: boolean): MetadataQuorumOptions {
  if (kafkaToolName && args.action === undefined) throw usage('too few arguments: name a subcommand, describe');
  const status = args.status === true;
  const replication = args.replication === true;
  if (status && replication) throw usage('Only one of --status or --replication should be specified with describe sub-command');
  if (!status && !replication) throw usage('One of --status or --replication must be specified with describe sub-command');
  if (status && args['human-readable'] === true) throw usage('The option --human-readable is only supported along with --replication');
  return { view: status ? 'status' : 'replication', humanReadable: args['human-readable'] === true, output: outputFormat(args, kafkaToolName) };
}

async function handle(ctx: CliContext, args: Args): Promise<number> {
  const options = metadataQuorumOptions(args, ctx.kafkaToolName);
  const { runMetadataQuorum } = await import('../commands/metadata-quorum/run.js');
  return ctx.withClient(connectionFlags(args), (client) => runMetadataQuorum(options, client, ctx.io));
}
