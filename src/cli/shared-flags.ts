import type { Argv } from 'yargs';
import { usage } from '../core/errors.js';
import { splitServers, type ConnectionFlags } from '../core/connection.js';
import { OUTPUT_FORMATS, parseOutputFormat, type OutputFormat } from '../render/print.js';

export type Args = Record<string, unknown>;

/** Connection flags, the same on every command that talks to Kafka. */
export function withConnectionFlags<T>(y: Argv<T>): Argv<T> {
  return y
    .option('bootstrap-server', { type: 'string', describe: 'Broker(s) to connect to: host:port, repeatable or comma-separated [env KAFKA_BOOTSTRAP_SERVERS, default localhost:9092]' })
    .option('command-config', { type: 'string', describe: 'Kafka client .properties file (security.protocol, SASL, TLS ...)' })
    .option('profile', { type: 'string', describe: 'Named cluster from the config file [env KAFKA_CLI_PROFILE]' })
    .option('request-timeout-ms', { type: 'string', describe: 'Give up on a request after this long (ms) [default 30000]' });
}

/** On the tools that Kafka lets reach the KRaft controllers directly (acls, configs, metadata-quorum, features). */
export function withControllerFlag<T>(y: Argv<T>): Argv<T> {
  return y.option('bootstrap-controller', { type: 'string', describe: 'KRaft controller(s) to connect to instead of brokers: host:port, repeatable or comma-separated' });
}

export function withOutputFlag<T>(y: Argv<T>, allowed: readonly string[] = OUTPUT_FORMATS): Argv<T> {
  return y.option('output', { alias: 'o', type: 'string', choices: allowed as unknown as string[], describe: 'Output format' });
}

/**
 * `toolProperties`: a console tool's own client settings and the flags that give them
 * (--consumer.config, --consumer-property, --producer.config, --producer-property), which Kafka's
 * tools hand to their client whole: security, client.id and timeouts included.
 */
export function connectionFlags(args: Args, toolProperties?: { properties: Readonly<Record<string, string>>; flags: readonly string[] }): ConnectionFlags {
  const given = toolProperties?.flags.filter((flag) => args[flag] !== undefined).map((flag) => `--${flag}`) ?? [];
  const controllers = strings(args['bootstrap-controller']);
  if (controllers.length && args['bootstrap-server'] !== undefined) throw usage('Only one of --bootstrap-server or --bootstrap-controller must be specified');
  if (controllers.length && splitServers(controllers).length === 0) throw usage(`--bootstrap-controller '${controllers.join(',')}' names no server`, 'use host:port, e.g. --bootstrap-controller host1:9093,host2:9093');
  return {
    clientProperties: toolProperties && given.length ? { properties: toolProperties.properties, from: given.join(' or ') } : undefined,
    bootstrapServer: strings(args['bootstrap-server']),
    bootstrapController: controllers,
    commandConfig: args['command-config'] as string | undefined,
    profile: args.profile as string | undefined,
    timeoutMs: optionalInt(args, 'request-timeout-ms', 1, MAX_DURATION_MS),
    verbose: Boolean(args.verbose),
    debug: Boolean(args.debug),
  };
}

/** Output format; under a Kafka tool name (kafka-topics) the default is Kafka's own layout. */
export function outputFormat<F extends string = OutputFormat>(args: Args, kafkaToolDefault: boolean, allowed: readonly F[] = OUTPUT_FORMATS as unknown as F[]): F {
  const value = last(args.output);
  return parseOutputFormat<F>(value ?? (kafkaToolDefault ? 'kafka' : 'table'), allowed);
}

/** A repeatable string flag as a list (one value, several, or absent). */
export function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** The last value of a flag given more than once (Kafka's tools keep the last). */
export function last(value: unknown): string | undefined {
  const list = strings(value);
  return list.length ? list[list.length - 1] : undefined;
}

/** Node's timers hold at most 2^31−1 ms (about 24.8 days); a longer delay fires at once. */
export const MAX_DURATION_MS = 2 ** 31 - 1;
/** Kafka's int fields (partitions, replication factor, byte sizes). */
export const MAX_INT32 = 2 ** 31 - 1;

/** A whole number written in plain digits (`1e2`, `0x10`, `1.0` and blanks are refused), within [min, max]. */
export function wholeNumber(name: string, raw: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(raw)) throw usage(`${name} must be a whole number, got '${raw}'`);
  const n = Number(raw);
  if (n < min || n > max) throw usage(`${name} must be between ${min} and ${max}, got ${raw}`);
  return n;
}

/** Kafka's group tools' `--timeout` (ms): how long their admin requests may take, like --request-timeout-ms. */
export function withGroupTimeoutFlag<T>(y: Argv<T>): Argv<T> {
  return y.option('timeout', { type: 'string', describe: 'Admin request timeout in ms, as --request-timeout-ms [default 30000]' });
}

/** Connection flags of a group tool: --request-timeout-ms, or else its --timeout. */
export function groupToolConnectionFlags(args: Args): ConnectionFlags {
  const flags = connectionFlags(args);
  flags.timeoutMs ??= optionalInt(args, 'timeout', 1, MAX_DURATION_MS);
  return flags;
}

/** A client property that is `true` or `false`, as Java's config parser takes it. */
export function booleanProperty(name: string, value: string): boolean {
  if (value !== 'true' && value !== 'false') throw usage(`${name} must be true or false, not '${value}'`);
  return value === 'true';
}

export function optionalInt(args: Args, flag: string, min: number, max: number = MAX_INT32): number | undefined {
  const raw = last(args[flag]);
  return raw === undefined ? undefined : wholeNumber(`--${flag}`, raw, min, max);
}
