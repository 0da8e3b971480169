import type { Argv } from 'yargs';
import { usage } from '../core/errors.js';
import type { Compression } from '../core/client.js';
import { parseKeyValues, readPropertiesFile } from '../core/properties-file.js';
import type { ConsoleProducerOptions } from '../commands/console-producer/options.js';
import { readerProperties } from '../commands/console-producer/line-parser.js';
import type { CliContext } from './context.js';
import { booleanProperty, connectionFlags, last, MAX_DURATION_MS, MAX_INT32, optionalInt, wholeNumber, strings, withConnectionFlags, type Args } from './shared-flags.js';

const CODECS: Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

export function consoleProducerCommand(ctx: CliContext) {
  return {
    command: 'console-producer',
    describe: 'Send lines from stdin (or a file) to a topic (kafka-console-producer)',
    builder: (y: Argv) =>
      withConnectionFlags(y)
        .option('topic', { type: 'string', describe: 'Topic to write to (required)' })
        .option('partition', { type: 'string', describe: 'Write every record to this partition' })
        .option('request-required-acks', { type: 'string', describe: 'Acks: all/-1, 1 or 0 [default all]' })
        .option('compression-codec', { type: 'string', describe: 'none, gzip, snappy, lz4 or zstd (no value = gzip)' })
        .option('batch-size', { type: 'string', describe: 'Bytes gathered per batch [default 16384]' })
        .option('timeout', { type: 'string', describe: 'Linger: how long (ms) a partial batch waits for more [default 1000]' })
        .option('linger-ms', { type: 'string', describe: 'Same as --timeout' })
        .option('message-send-max-retries', { type: 'string', describe: 'Retries per batch [default 3]' })
        .option('retry-backoff-ms', { type: 'string', describe: 'Wait before the first retry of a batch, doubling up to retry.backoff.max.ms [default 100]' })
        .option('max-partition-memory-bytes', { type: 'string', describe: '(Deprecated) same as --batch-size' })
        .option('line-reader', { type: 'string', describe: 'Kafka’s reader class: org.apache.kafka.tools.LineMessageReader, the only one (and the default)' })
        .option('max-block-ms', { type: 'string', describe: 'Accepted as Kafka’s tool takes it (max.block.ms); no effect here' })
        .option('max-memory-bytes', { type: 'string', describe: 'Accepted as Kafka’s tool takes it (buffer.memory); no effect here' })
        .option('metadata-expiry-ms', { type: 'string', describe: 'Accepted as Kafka’s tool takes it (metadata.max.age.ms); no effect here' })
        .option('socket-buffer-size', { type: 'string', describe: 'Accepted as Kafka’s tool takes it (send.buffer.bytes); no effect here' })
        .option('sync', { type: 'boolean', describe: 'Wait for each record to be acknowledged before the next' })
        .option('property', { alias: 'reader-property', type: 'string', describe: 'Reader property k=v: parse.key, key.separator, parse.headers, headers.delimiter, headers.separator, headers.key.separator, null.marker, ignore.error' })
        .option('reader-config', { type: 'string', describe: 'Reader properties file' })
        .option('producer-property', { alias: 'command-property', type: 'string', describe: 'Producer property k=v (acks, compression.type, linger.ms, batch.size, max.request.size ...)' })
        .option('producer.config', { type: 'string', describe: 'Producer properties file' })
        .option('parse-key', { type: 'boolean', describe: 'Short for --property parse.key=true' })
        .option('key-separator', { type: 'string', describe: 'Short for --property key.separator=S' })
        .option('parse-headers', { type: 'boolean', describe: 'Short for --property parse.headers=true' })
        .option('null-marker', { type: 'string', describe: 'Short for --property null.marker=S' })
        .option('ignore-error', { type: 'boolean', describe: 'Short for --property ignore.error=true' })
        .option('file', { type: 'string', describe: 'Read lines from this file instead of stdin' })
        .option('format', { type: 'string', choices: ['line', 'json'], describe: 'line (Kafka) or json: {"key","value","headers","partition"} per line' })
        .option('value-file', { type: 'string', describe: 'Send this whole file as one record' })
        .option('progress', { type: 'boolean', describe: 'Show records/s and totals on stderr' })
        .option('transactional-id', { type: 'string', describe: 'Write in transactions under this id: a failure or Ctrl-C aborts what is not committed (read_committed readers see whole transactions)' })
        .option('transaction-size', { type: 'string', describe: 'Lines per transaction, with --transactional-id [default: the whole input]' })
        .example('cat events.txt | $0 console-producer --topic events', 'One record per line')
        .example("$0 console-producer --topic t --property parse.key=true --property key.separator=:", 'key:value lines')
        .example('$0 console-producer --topic t --format json --file records.jsonl', 'JSON Lines with keys and headers')
        .example('$0 console-producer --topic t --transactional-id load-1 --transaction-size 1000 --file big.txt', 'All or nothing, 1000 lines at a time'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

/** partitioner.class: Java's RoundRobinPartitioner, by its full or simple name; absent, the default partitioner. */
const ROUND_ROBIN = /^(org\.apache\.kafka\.clients\.producer\.)?RoundRobinPartitioner$/;

function partitionerOf(props: Record<string, string>): 'default' | 'round-robin' {
  const name = props['partitioner.class']?.trim();
  if (name === undefined || name === '') return 'default';
  if (ROUND_ROBIN.test(name)) return 'round-robin';
  throw usage(`partitioner.class ${name} is not available`, 'use org.apache.kafka.clients.producer.RoundRobinPartitioner, or drop it for the default (murmur2 of the key; sticky without one)');
}

/** Kafka's reader of lines, the console producer's only one (`--line-reader`). */
const LINE_READER = 'org.apache.kafka.tools.LineMessageReader';

/**
 * Kafka's flags for its Java producer's buffers and sockets, which this producer does not have:
 * taken (scripts written for Kafka's tool keep working) with a line saying they change nothing.
 */
const WITHOUT_EFFECT: ReadonlyArray<[flag: string, property: string]> = [
  ['max-block-ms', 'max.block.ms'],
  ['max-memory-bytes', 'buffer.memory'],
  ['metadata-expiry-ms', 'metadata.max.age.ms'],
  ['socket-buffer-size', 'send.buffer.bytes'],
];

function acksValue(raw: string): number {
  const v = raw.trim().toLowerCase();
  if (v === 'all' || v === '-1') return -1;
  if (v === '0' || v === '1') return Number(v);
  throw usage(`invalid acks '${raw}'`, 'use all (-1), 1 or 0');
}

/** A non-negative whole number; durations (ms) within what a timer can wait. */
const positive = (name: string, raw: string) => wholeNumber(name, raw, 0, MAX_INT32);
const duration = (name: string, raw: string) => wholeNumber(name, raw, 0, MAX_DURATION_MS);

/**
 * Idempotent with up to 5 requests in flight by default, as Java's producer (acks=all). Kafka's
 * rules: enable.idempotence=true needs acks=all and max.in.flight.requests.per.connection ≤ 5.
 * With ignore.error (or --sync) records go one request at a time: going on after a failed batch
 * would break the partition's sequence numbers.
 */
function idempotence(props: Record<string, string>, acks: number, oneAtATime: boolean, transactional: boolean): { idempotent: boolean; maxInFlight: number } {
  const asked = props['enable.idempotence'];
  // Kafka's rule: a transactional producer is an idempotent one.
  if (transactional) {
    if (asked === 'false') throw usage('a transactional producer needs enable.idempotence=true', 'drop enable.idempotence=false or --transactional-id');
    if (acks !== -1) throw usage('a transactional producer needs acks=all', 'drop --request-required-acks or --transactional-id');
    return idempotence({ ...props, 'enable.idempotence': 'true' }, acks, false, false);
  }
  if (asked !== undefined && asked !== 'true' && asked !== 'false') throw usage(`enable.idempotence must be true or false, got '${asked}'`);
  const maxInFlight = positive('max.in.flight.requests.per.connection', props['max.in.flight.requests.per.connection'] ?? '5');
  if (asked === 'true' && acks !== -1) throw usage('enable.idempotence=true needs acks=all', 'drop one of --request-required-acks / enable.idempotence');
  if (asked === 'true' && maxInFlight > 5) throw usage('max.in.flight.requests.per.connection must be at most 5 with enable.idempotence=true');
  const idempotent = asked !== 'false' && acks === -1 && maxInFlight <= 5 && maxInFlight > 0 && !oneAtATime;
  return { idempotent, maxInFlight: idempotent ? maxInFlight : 1 };
}

/** Producer properties: --command-config, then --producer.config, then --producer-property. */
export function producerProperties(args: Args): Record<string, string> {
  // Kafka 4.2+ (KIP-1147) also takes producer settings from --command-config.
  const commandFile = args['command-config'] ? readPropertiesFile(String(last(args['command-config'])), '--command-config') : {};
  const fileProps = { ...commandFile, ...(args['producer.config'] ? readPropertiesFile(String(last(args['producer.config'])), '--producer.config') : {}) };
  return { ...fileProps, ...parseKeyValues(strings(args['producer-property'])) };
}

export function consoleProducerOptions(args: Args, props: Record<string, string> = producerProperties(args)): ConsoleProducerOptions {
  const topic = last(args.topic);
  if (!topic) throw usage('--topic is required', 'e.g. kafka console-producer --topic events');
  // Kafka's merge rule: an option given on the command line wins; else a property; else the option's default.
  const pick = (flag: string | undefined, prop: string, fallback: string): string => flag ?? props[prop] ?? fallback;

  const codecFlag = args['compression-codec'] === undefined ? undefined : last(args['compression-codec']) || 'gzip';
  const compression = pick(codecFlag, 'compression.type', 'none').toLowerCase() as Compression;
  if (!CODECS.includes(compression)) throw usage(`unknown compression codec '${compression}'`, `use ${CODECS.join(', ')}`);

  const readerFile = args['reader-config'] ? readPropertiesFile(String(last(args['reader-config'])), '--reader-config') : {};
  const readerProps = { ...readerFile, ...parseKeyValues(strings(args.property)) };
  if (args['parse-key']) readerProps['parse.key'] = 'true';
  if (args['parse-headers']) readerProps['parse.headers'] = 'true';
  if (args['ignore-error']) readerProps['ignore.error'] = 'true';
  if (args['key-separator'] !== undefined) readerProps['key.separator'] = String(last(args['key-separator']));
  if (args['null-marker'] !== undefined) readerProps['null.marker'] = String(last(args['null-marker']));

  const notices: string[] = [];
  const lineReader = last(args['line-reader']);
  if (lineReader !== undefined && lineReader !== LINE_READER) throw usage(`--line-reader ${lineReader} is not available`, `${LINE_READER} (the default) is the only reader; --format json reads JSON lines`);
  for (const [flag, property] of WITHOUT_EFFECT) {
    const raw = last(args[flag]);
    if (raw === undefined) continue;
    wholeNumber(`--${flag}`, raw, 0, Number.MAX_SAFE_INTEGER);
    notices.push(`warning: --${flag} (${property}) has no effect on this producer`);
  }
  const partitionMemory = last(args['max-partition-memory-bytes']);
  if (partitionMemory !== undefined) notices.push('Warning: --max-partition-memory-bytes is deprecated and will be removed in Apache Kafka 5.0. Use --batch-size instead.');
  const linger = last(args['linger-ms']) ?? last(args.timeout);
  const acks = acksValue(pick(last(args['request-required-acks']), 'acks', 'all'));
  const reader = readerProperties(readerProps);
  const sync = Boolean(args.sync);
  const transactionalId = last(args['transactional-id']) ?? props['transactional.id'];
  const transactionSize = args['transaction-size'] === undefined ? null : wholeNumber('--transaction-size', String(last(args['transaction-size'])), 1, MAX_INT32);
  if (transactionSize !== null && transactionalId === undefined) throw usage('--transaction-size needs --transactional-id', 'e.g. --transactional-id load-1 --transaction-size 1000');
  if (transactionalId === '') throw usage('--transactional-id cannot be empty');
  const options: ConsoleProducerOptions = {
    topic,
    partition: optionalInt(args, 'partition', 0),
    producer: {
      acks,
      compression,
      batchBytes: positive('batch size', pick(last(args['batch-size']) ?? partitionMemory, 'batch.size', '16384')),
      lingerMs: duration('linger', pick(linger, 'linger.ms', '1000')),
      sync,
      ...idempotence(props, acks, sync || reader.ignoreError, transactionalId !== undefined),
      requestTimeoutMs: duration('request timeout', pick(last(args['request-timeout-ms']), 'request.timeout.ms', '30000')),
      retries: positive('retries', pick(last(args['message-send-max-retries']), 'retries', '3')),
      retryBackoffMs: duration('retry.backoff.ms', pick(last(args['retry-backoff-ms']), 'retry.backoff.ms', '100')),
      retryBackoffMaxMs: duration('retry.backoff.max.ms', props['retry.backoff.max.ms'] ?? '1000'),
      deliveryTimeoutMs: duration('delivery.timeout.ms', props['delivery.timeout.ms'] ?? '120000'),
      maxRequestBytes: positive('max.request.size', props['max.request.size'] ?? '1048576'),
      // Java's producer asks a broker to create a topic it does not know; a typo then makes a topic.
      // We ask only when told to (allow.auto.create.topics=true), and then wait for it and deliver.
      allowAutoTopicCreation: booleanProperty('allow.auto.create.topics', props['allow.auto.create.topics'] ?? 'false'),
      partitioner: partitionerOf(props),
      ignoreKeys: booleanProperty('partitioner.ignore.keys', props['partitioner.ignore.keys'] ?? 'false'),
    },
    reader,
    format: (last(args.format) as 'line' | 'json') ?? 'line',
    file: last(args.file),
    valueFile: last(args['value-file']),
    progress: Boolean(args.progress),
    notices,
    ...(transactionalId === undefined
      ? {}
      : { transaction: { settings: { transactionalId, timeoutMs: wholeNumber('transaction.timeout.ms', props['transaction.timeout.ms'] ?? '60000', 1, MAX_INT32) }, size: transactionSize } }),
  };
  if (options.file && options.valueFile) throw usage('--file and --value-file cannot be used together');
  return options;
}

async function handle(ctx: CliContext, args: Args): Promise<number> {
  const properties = producerProperties(args);
  const options = consoleProducerOptions(args, properties);
  const { runConsoleProducer } = await import('../commands/console-producer/run.js');
  return ctx.withClient(connectionFlags(args, { properties, flags: ['producer.config', 'producer-property'] }), (client) => runConsoleProducer(options, client, ctx.io));
}
