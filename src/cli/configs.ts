import type { Argv } from 'yargs';
import { readPropertiesFile } from '../core/properties-file.js';
import { configsOptions, type ConfigsFlags, type EntityType } from '../commands/configs/options.js';
import type { CliContext } from './context.js';
import { connectionFlags, last, outputFormat, strings, withConnectionFlags, withControllerFlag, withOutputFlag, type Args } from './shared-flags.js';

/** Kafka's shorthand flags: each names an entity of a type (a -defaults flag its default entity). */
const SHORTHANDS: Array<[flag: string, type: EntityType, takesName: boolean]> = [
  ['topic', 'topics', true],
  ['client', 'clients', true],
  ['user', 'users', true],
  ['broker', 'brokers', true],
  ['broker-logger', 'broker-loggers', true],
  ['ip', 'ips', true],
  ['client-metrics', 'client-metrics', true],
  ['group', 'groups', true],
  ['client-defaults', 'clients', false],
  ['user-defaults', 'users', false],
  ['broker-defaults', 'brokers', false],
  ['ip-defaults', 'ips', false],
];

export function configsCommand(ctx: CliContext) {
  return {
    command: 'configs',
    describe: 'Describe and change the configs of topics, brokers, loggers, groups and client metrics, client quotas and SCRAM users (kafka-configs)',
    builder: (y: Argv) =>
      withOutputFlag(withControllerFlag(withConnectionFlags(y)))
        .option('describe', { type: 'boolean', describe: 'Show the configs of the entity (only dynamic ones unless --all)' })
        .option('alter', { type: 'boolean', describe: 'Change the configs of the entity' })
        .option('all', { type: 'boolean', describe: 'describe: every config, static and default ones too' })
        .option('entity-type', { type: 'string', describe: 'topics, brokers, broker-loggers, users, clients, ips, groups or client-metrics (users and clients may go together)' })
        .option('entity-name', { type: 'string', describe: 'Name of the entity (topic, broker id, user principal, client id, ip, group id, client-metrics name)' })
        .option('entity-default', { type: 'boolean', describe: 'The default entity of users, clients, brokers or ips' })
        .option('add-config', { type: 'string', describe: "Configs to set: 'k1=v1,k2=[a,b]' (brackets group a value's commas); SCRAM: 'SCRAM-SHA-256=[iterations=8192,password=…]'" })
        .option('add-config-file', { type: 'string', describe: 'A .properties file of configs to set' })
        .option('delete-config', { type: 'string', describe: "Configs to remove: 'k1,k2' (SCRAM-SHA-512 removes that credential)" })
        .option('topic', { type: 'string', describe: 'A topic: short for --entity-type topics --entity-name …' })
        .option('broker', { type: 'string', describe: 'A broker id: short for --entity-type brokers --entity-name …' })
        .option('broker-defaults', { type: 'boolean', describe: 'Every broker’s default: short for --entity-type brokers --entity-default' })
        .option('broker-logger', { type: 'string', describe: 'A broker id, for its loggers: short for --entity-type broker-loggers --entity-name …' })
        .option('group', { type: 'string', describe: 'A group: short for --entity-type groups --entity-name …' })
        .option('client-metrics', { type: 'string', describe: 'A client-metrics resource: short for --entity-type client-metrics --entity-name …' })
        .option('user', { type: 'string', describe: 'A user principal: short for --entity-type users --entity-name …' })
        .option('user-defaults', { type: 'boolean', describe: 'The default user: short for --entity-type users --entity-default' })
        .option('client', { type: 'string', describe: 'A client id: short for --entity-type clients --entity-name …' })
        .option('client-defaults', { type: 'boolean', describe: 'The default client: short for --entity-type clients --entity-default' })
        .option('ip', { type: 'string', describe: 'An IP address: short for --entity-type ips --entity-name …' })
        .option('ip-defaults', { type: 'boolean', describe: 'The default IP: short for --entity-type ips --entity-default' })
        .example('$0 configs --describe --topic orders', 'The configs set on a topic')
        .example('$0 configs --alter --topic orders --add-config retention.ms=86400000', 'Keep a day of records')
        .example('$0 configs --describe --broker 1 --all', 'Every config of broker 1, with where it comes from')
        .example('$0 configs --alter --broker-defaults --add-config log.cleaner.threads=2', 'A dynamic default for every broker')
        .example('$0 configs --alter --broker-logger 1 --add-config kafka.server.KafkaApis=DEBUG', 'A logger’s level on a running broker')
        .example("$0 configs --alter --user alice --add-config 'SCRAM-SHA-256=[iterations=8192,password=s3cret]'", 'A SCRAM user')
        .example('$0 configs --alter --user alice --add-config producer_byte_rate=1048576', 'A produce quota of 1 MiB/s'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

export function configsFlags(args: Args, kafkaToolName: boolean): ConfigsFlags {
  const file = last(args['add-config-file']);
  return {
    describe: Boolean(args.describe),
    alter: Boolean(args.alter),
    all: Boolean(args.all),
    entityTypes: strings(args['entity-type']),
    entityNames: strings(args['entity-name']),
    entityDefault: Boolean(args['entity-default']),
    shorthands: SHORTHANDS.filter(([flag, , takesName]) => (takesName ? args[flag] !== undefined : Boolean(args[flag]))).map(([flag, type, takesName]) => ({ type, name: takesName ? (last(args[flag]) ?? '') : '' })),
    addConfig: last(args['add-config']),
    addConfigFile: file === undefined ? undefined : Object.entries(readPropertiesFile(file, '--add-config-file')),
    deleteConfig: strings(args['delete-config']).flatMap((k) => k.split(',')).filter((k) => k.trim() !== ''),
    output: outputFormat(args, kafkaToolName),
  };
}

async function handle(ctx: CliContext, args: Args): Promise<number> {
  const options = configsOptions(configsFlags(args, ctx.kafkaToolName));
  const { runConfigs } = await import('../commands/configs/run.js');
  return ctx.withClient(connectionFlags(args), (client) => runConfigs(options, client, ctx.io));
}
