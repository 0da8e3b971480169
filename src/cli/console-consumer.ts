import type { Argv } from 'yargs';
import { usage } from '../core/errors.js';
import { compileUserPattern, type UserPattern } from '../core/user-pattern.js';
import type { ConsumerTuning, StartPosition } from '../core/client.js';
import { parseKeyValues, readPropertiesFile } from '../core/properties-file.js';
import type { ConsoleConsumerOptions } from '../commands/console-consumer/options.js';
import type { RecordPrinting } from '../commands/console-consumer/print-records.js';
import { formatterProperties, templateFormatter } from '../commands/console-consumer/record-formatter.js';
import type { CliContext } from './context.js';
import { booleanProperty, connectionFlags, last, MAX_DURATION_MS, MAX_INT32, optionalInt, wholeNumber, strings, withConnectionFlags, type Args } from './shared-flags.js';

export function consoleConsumerCommand(ctx: CliContext) {
  return {
    command: 'console-consumer',
    describe: 'Print records from topics to stdout (kafka-console-consumer)',
    builder: (y: Argv) =>
      withRecordOutputFlags(withConnectionFlags(y))
        .option('topic', { type: 'string', describe: 'Topic to read' })
        .option('include', { type: 'string', describe: 'Regex of topics to read' })
        .option('partition', { type: 'string', describe: 'Read only this partition (with --topic)' })
        .option('offset', { type: 'string', describe: 'With --partition: earliest, latest or an offset [default latest]' })
        .option('from-beginning', { type: 'boolean', describe: 'Start at the earliest offset when there is no committed offset' })
        .option('from-timestamp', { type: 'string', describe: 'Start at the first record at/after this time: ISO date, epoch ms, or -15m/-2h/-1d' })
        .option('from', { type: 'string', describe: 'Same as --from-timestamp' })
        .option('to-end', { alias: 'e', type: 'boolean', describe: 'Exit once every partition reaches the end offset it had at start (kcat -e)' })
        .option('group', { type: 'string', describe: 'Join this consumer group and commit what was printed' })
        .option('isolation-level', { type: 'string', choices: ['read_uncommitted', 'read_committed'], describe: 'Transactional visibility [default read_uncommitted]' })
        .option('consumer-property', { alias: 'command-property', type: 'string', describe: 'Consumer property k=v (repeatable)' })
        .option('consumer.config', { type: 'string', describe: 'Consumer properties file' })
        .option('skip-message-on-error', { type: 'boolean', describe: 'Skip records that cannot be formatted' })
        .example('$0 console-consumer --topic events --from-beginning', 'Everything so far, then follow')
        .example('$0 console-consumer --topic events --from-beginning -e -o json', 'Everything so far as JSON, then exit')
        .example("$0 console-consumer --topic events --property print.key=true --property print.offset=true", 'Keys and offsets, Kafka layout'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

/** How records are printed, and when printing stops: the flags both console consumers take. */
export function withRecordOutputFlags(y: Argv): Argv {
  return y
    .option('max-messages', { type: 'string', describe: 'Exit after this many records' })
    .option('timeout-ms', { type: 'string', describe: 'Exit when no record arrives for this long' })
    .option('property', { alias: 'formatter-property', type: 'string', describe: 'Formatter property k=v: print.key, print.value, print.timestamp, print.partition, print.offset, print.delivery, print.epoch, print.headers, key.separator, line.separator, headers.separator, null.literal, key.deserializer, value.deserializer, headers.deserializer' })
    .option('formatter-config', { type: 'string', describe: 'Formatter properties file' })
    .option('key-deserializer', { type: 'string', describe: 'Print keys through this Kafka deserializer class: StringDeserializer, LongDeserializer, IntegerDeserializer, DoubleDeserializer, UUIDDeserializer, BytesDeserializer ...' })
    .option('value-deserializer', { type: 'string', describe: 'Print values through this Kafka deserializer class (as --key-deserializer)' })
    .option('formatter', { type: 'string', describe: 'Kafka formatter class: DefaultMessageFormatter (default) or NoOpMessageFormatter' })
    .option('format', { type: 'string', describe: 'kcat-style template: %t %p %o %k %v %T %h %K %S, \\n \\t' })
    .option('output', { alias: 'o', type: 'string', choices: ['kafka', 'json'], describe: 'kafka (default formatter) or json (one object per line)' })
    .option('base64', { type: 'boolean', describe: 'With -o json: keys, values and headers as base64' })
    .option('grep', { type: 'string', describe: 'Only print records whose value matches this regex (RE2 syntax, linear time)' });
}

/** The printing half of a console consumer's options (skipping a record the formatter fails on is the caller's to say). */
export function recordPrinting(args: Args, skipMessageOnError: boolean): RecordPrinting {
  const formatterFile = args['formatter-config'] ? readPropertiesFile(String(last(args['formatter-config'])), '--formatter-config') : {};
  const formatterProps = { ...formatterFile, ...parseKeyValues(strings(args.property)) };
  // As in Kafka, the flags win over the same formatter properties.
  if (args['key-deserializer'] !== undefined) formatterProps['key.deserializer'] = String(last(args['key-deserializer']));
  if (args['value-deserializer'] !== undefined) formatterProps['value.deserializer'] = String(last(args['value-deserializer']));
  const formatterClass = (last(args.formatter) ?? 'DefaultMessageFormatter').replace(/^(org\.apache\.kafka\.tools\.consumer|kafka\.tools)\./, '');
  if (formatterClass !== 'DefaultMessageFormatter' && formatterClass !== 'NoOpMessageFormatter') {
    throw usage(`unsupported --formatter '${last(args.formatter)}'`, 'use DefaultMessageFormatter or NoOpMessageFormatter (org.apache.kafka.tools.consumer)');
  }
  const template = last(args.format);
  const outputKind = last(args.output);
  if (template !== undefined && outputKind === 'json') throw usage('--format and --output json cannot be used together');
  if (template !== undefined) templateFormatter(template); // refuses an unknown %x before connecting
  return {
    maxMessages: optionalInt(args, 'max-messages', 1),
    timeoutMs: optionalInt(args, 'timeout-ms', 1, MAX_DURATION_MS),
    output:
      outputKind === 'json'
        ? { kind: 'json', base64: Boolean(args.base64) }
        : template !== undefined
          ? { kind: 'template', template }
          : formatterClass === 'NoOpMessageFormatter'
            ? { kind: 'none' }
            : { kind: 'default', properties: formatterProperties(formatterProps) },
    grep: last(args.grep),
    skipMessageOnError,
  };
}

/**
 * Consumer properties (--command-config, then the console tool's own file flag, then
 * --consumer-property) and the group they name with --group, which must agree, as in Kafka.
 */
export interface ConsumerSettings {
  properties: Record<string, string>;
  group: string | undefined;
}

export function consumerSettings(args: Args, configFlag: 'consumer.config' | 'consumer-config'): ConsumerSettings {
  // Kafka 4.2+ (KIP-1147) also takes consumer settings from --command-config.
  const commandFile = args['command-config'] ? readPropertiesFile(String(last(args['command-config'])), '--command-config') : {};
  const consumerFile = { ...commandFile, ...(args[configFlag] ? readPropertiesFile(String(last(args[configFlag])), `--${configFlag}`) : {}) };
  const properties = { ...consumerFile, ...parseKeyValues(strings(args['consumer-property'])) };
  const groups = [...new Set([last(args.group), properties['group.id']].filter((g): g is string => g !== undefined))];
  if (groups.length > 1) throw usage(`The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--${configFlag}') do not match. Detected group ids: ${groups.map((g) => `'${g}'`).join(', ')}`);
  return { properties, group: groups[0] };
}

/** ISO date, epoch milliseconds, or a duration back from now (-15m, -2h, -1d, -30s). */
export function parseTimestamp(value: string, now = Date.now()): number {
  const relative = /^-(\d+)(ms|s|m|h|d)$/.exec(value.trim());
  if (relative) {
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
    return now - wholeNumber('the duration', relative[1]!, 0, Math.floor(now / unit)) * unit;
  }
  if (/^\d+$/.test(value.trim())) return wholeNumber('the timestamp', value.trim(), 0, Number.MAX_SAFE_INTEGER);
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw usage(`invalid timestamp '${value}'`, 'use an ISO date (2024-05-01T12:00:00Z), epoch ms, or -15m/-2h/-1d');
  return parsed;
}

/** Range is the assignor this consumer's group member offers (Java's RangeAssignor, its consumer's first default). */
const RANGE_ASSIGNOR = /^(range|org\.apache\.kafka\.clients\.consumer\.RangeAssignor)$/;

/**
 * Consumer properties that would change what a group member does and that this one does not do:
 * refused, rather than quietly read otherwise than asked.
 */
function refuseUnsupported(properties: Record<string, string>): void {
  if (properties['group.instance.id'] !== undefined) {
    throw usage('group.instance.id (static membership) is not supported', 'drop it: this consumer joins as a dynamic member, and leaves the group when it stops');
  }
  const protocol = properties['group.protocol'];
  if (protocol !== undefined && protocol.toLowerCase() !== 'classic') {
    throw usage(`group.protocol=${protocol} is not supported: this consumer joins groups with the classic protocol`, 'drop it: a group of either protocol takes classic members (Kafka 4.0 and later)');
  }
  const strategies = properties['partition.assignment.strategy'];
  if (strategies !== undefined && !strategies.split(',').some((s) => RANGE_ASSIGNOR.test(s.trim()))) {
    throw usage(`partition.assignment.strategy=${strategies} is not supported: this consumer assigns partitions with range only`, 'drop it, or list org.apache.kafka.clients.consumer.RangeAssignor among the strategies');
  }
}

export function consoleConsumerOptions(args: Args, settings: ConsumerSettings = consumerSettings(args, 'consumer.config')): ConsoleConsumerOptions {
  const topic = last(args.topic);
  const include = last(args.include);
  if ((topic === undefined) === (include === undefined)) throw usage('Exactly one of --include/--topic is required.');
  const partition = optionalInt(args, 'partition', 0);
  const offsetRaw = last(args.offset);
  const fromTimestampRaw = last(args['from-timestamp']) ?? last(args.from);
  const { properties, group } = settings;
  refuseUnsupported(properties);

  if (partition !== undefined && include !== undefined) throw usage('The topic is required when partition is specified.');
  if (offsetRaw !== undefined && partition === undefined) throw usage('The partition is required when offset is specified.');
  if (offsetRaw !== undefined && args['from-beginning']) throw usage('Options from-beginning and offset cannot be specified together.');
  if (group !== undefined && partition !== undefined) throw usage('Options group and partition cannot be specified together.');
  if (fromTimestampRaw !== undefined && (args['from-beginning'] || offsetRaw !== undefined)) throw usage('--from-timestamp cannot be combined with --from-beginning or --offset');
  const reset = properties['auto.offset.reset'];
  if (args['from-beginning'] && reset !== undefined && reset !== 'earliest') {
    throw usage(`Can't simultaneously specify --from-beginning and 'auto.offset.reset=${reset}', please remove one option`);
  }

  let start: StartPosition = { kind: args['from-beginning'] || reset === 'earliest' ? 'earliest' : 'latest' };
  if (offsetRaw !== undefined) {
    if (offsetRaw === 'earliest' || offsetRaw === 'latest') start = { kind: offsetRaw };
    else if (/^\d+$/.test(offsetRaw)) start = { kind: 'offset', offset: wholeNumber('--offset', offsetRaw, 0, Number.MAX_SAFE_INTEGER) };
    else throw usage(`The provided offset value '${offsetRaw}' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.`);
  }
  if (fromTimestampRaw !== undefined) start = { kind: 'timestamp', timestamp: parseTimestamp(fromTimestampRaw) };

  let pattern: UserPattern | undefined;
  if (include !== undefined) {
    try {
      pattern = compileUserPattern(`^(?:${include})$`);
    } catch (err) {
      throw usage(`invalid --include regex '${include}': ${(err as Error).message}`, 'RE2 syntax: no backreferences or lookaround');
    }
  }
  const isolation = (last(args['isolation-level']) ?? properties['isolation.level'] ?? 'read_uncommitted') as 'read_uncommitted' | 'read_committed';
  if (isolation !== 'read_uncommitted' && isolation !== 'read_committed') throw usage(`invalid isolation level '${isolation}'`, 'use read_uncommitted or read_committed');

  return {
    consumer: {
      topics: pattern ? { pattern } : [topic!],
      partitions: partition === undefined ? undefined : [partition],
      start,
      group,
      isolation,
      stopAtEnd: Boolean(args['to-end']),
      tuning: consumerTuning(properties),
    },
    ...recordPrinting(args, Boolean(args['skip-message-on-error'])),
  };
}

function consumerTuning(properties: Record<string, string>): ConsumerTuning {
  const number = (name: string, fallback: number, min: number, max: number) => (properties[name] === undefined ? fallback : wholeNumber(name, properties[name]!, min, max));
  return {
    sessionTimeoutMs: number('session.timeout.ms', 30000, 1, MAX_DURATION_MS),
    heartbeatIntervalMs: number('heartbeat.interval.ms', 3000, 1, MAX_DURATION_MS),
    enableAutoCommit: booleanProperty('enable.auto.commit', properties['enable.auto.commit'] ?? 'true'),
    autoCommitIntervalMs: number('auto.commit.interval.ms', 5000, 1, MAX_DURATION_MS),
    maxPartitionFetchBytes: number('max.partition.fetch.bytes', 1048576, 1, MAX_INT32),
    fetchMaxBytes: number('fetch.max.bytes', 52428800, 1, MAX_INT32),
  };
}

async function handle(ctx: CliContext, args: Args): Promise<number> {
  const settings = consumerSettings(args, 'consumer.config');
  const options = consoleConsumerOptions(args, settings);
  const { runConsoleConsumer } = await import('../commands/console-consumer/run.js');
  return ctx.withClient(connectionFlags(args, { properties: settings.properties, flags: ['consumer.config', 'consumer-property'] }), (client) => runConsoleConsumer(options, client, ctx.io));
}
