import type { Argv } from 'yargs';
import { usage } from '../core/errors.js';
import type { OffsetLookupQuery } from '../core/client.js';
import type { GetOffsetsOptions, PartitionRule, TopicPartitionRule } from '../commands/get-offsets/options.js';
import { topicPattern } from '../commands/topics/topic-selector.js';
import type { CliContext } from './context.js';
import { connectionFlags, last, outputFormat, withConnectionFlags, withOutputFlag, type Args } from './shared-flags.js';

export function getOffsetsCommand(ctx: CliContext) {
  return {
    command: 'get-offsets',
    describe: 'Offsets of partitions at a time: latest, earliest, max-timestamp or a time (kafka-get-offsets)',
    builder: (y: Argv) =>
      withOutputFlag(withConnectionFlags(y))
        .option('topic', { type: 'string', describe: 'Topic name or regular expression (all topics when absent)' })
        .option('partitions', { type: 'string', describe: 'Comma-separated partition ids (with --topic)' })
        .option('topic-partitions', { type: 'string', describe: "Kafka's rules: topic-regex[:N | :N-M (M exclusive) | :N- | :-M], comma-separated" })
        .option('time', { type: 'string', describe: 'latest (-1, default), earliest (-2), max-timestamp (-3), epoch ms, an ISO date, or -15m / -2h / -1d ago' })
        .option('exclude-internal-topics', { type: 'boolean', describe: 'Leave out internal topics (__consumer_offsets …)' })
        .example('$0 get-offsets --topic orders', 'The log-end offset of each partition')
        .example('$0 get-offsets --topic-partitions "orders:0-3,payments" --time earliest', 'Kafka’s partition rules')
        .example('$0 get-offsets --topic orders --time 2024-05-01T00:00:00Z', 'The first offset at or after a time')
        .example('$0 get-offsets --topic orders --time -15m -o json', 'Where the log was 15 minutes ago'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const NAMED_TIMES: Record<string, OffsetLookupQuery> = { latest: 'latest', '-1': 'latest', earliest: 'earliest', '-2': 'earliest', 'max-timestamp': 'max-timestamp', '-3': 'max-timestamp' };

/** Kafka's names and numbers, epoch ms, an ISO-8601 date-time (UTC when it names no zone), or a time ago. */
export function parseTime(value: string, now = Date.now()): OffsetLookupQuery {
  const named = NAMED_TIMES[value];
  if (named) return named;
  if (/^\d+$/.test(value)) return { timestamp: Number(value) };
  const ago = /^-(\d+)(ms|s|m|h|d)$/.exec(value);
  if (ago) return { timestamp: now - Number(ago[1]) * UNIT_MS[ago[2]!]! };
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  if (iso) {
    const zone = iso[8] ?? 'Z';
    const text = `${iso[1]}-${iso[2]}-${iso[3]}T${iso[4] ?? '00'}:${iso[5] ?? '00'}:${iso[6] ?? '00'}${iso[7] ?? ''}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`;
    const timestamp = Date.parse(text);
    const [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    const calendar = new Date(Date.UTC(year, month - 1, day));
    if (!Number.isNaN(timestamp) && calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day) return { timestamp };
  }
  throw usage(`invalid --time '${value}'`, 'use latest (-1), earliest (-2), max-timestamp (-3), epoch milliseconds, an ISO date such as 2024-05-01T12:00:00Z, or a time ago such as -15m');
}

const RULE = /^([^:,]*)(?::(?:([0-9]*)|(?:([0-9]*)-([0-9]*))))?$/;

/** One of Kafka's --topic-partitions rules: `topic-regex[:N | :N-M | :N- | :-M]`, the upper bound exclusive. */
export function parseRule(spec: string): TopicPartitionRule {
  const m = RULE.exec(spec);
  if (!m) throw usage(`Invalid rule specification: ${spec}`, 'use topic-regex, topic-regex:N, topic-regex:N-M (M exclusive), :N- or :-M');
  const group = (i: number) => (m[i] ? m[i] : null);
  const partitions: PartitionRule =
    group(2) !== null ? { kind: 'one', partition: Number(group(2)) } : { kind: 'range', from: group(3) !== null ? Number(group(3)) : 0, to: group(4) !== null ? Number(group(4)) : 2 ** 31 - 1 };
  return { topic: topicPattern(group(1) ?? '.*'), partitions };
}

export function getOffsetsOptions(args: Args, kafkaToolName: boolean): GetOffsetsOptions {
  const topicPartitions = last(args['topic-partitions']);
  const topic = last(args.topic);
  const partitions = last(args.partitions);
  if (topicPartitions !== undefined && (topic !== undefined || partitions !== undefined)) throw usage('--topic-partitions cannot be used with --topic or --partitions');
  let rules: TopicPartitionRule[];
  if (topicPartitions !== undefined) {
    rules = topicPartitions.split(',').map(parseRule);
  } else {
    const ids = partitions === undefined || partitions === '' ? [] : partitions.split(',');
    if (ids.some((p) => !/^\d+$/.test(p.trim()))) throw usage(`--partitions expects a comma separated list of numeric partition ids, but received: ${partitions}`);
    rules = [{ topic: topicPattern(topic ?? '.*'), partitions: { kind: 'set', partitions: ids.map((p) => Number(p.trim())) } }];
  }
  return {
    rules,
    query: parseTime(last(args.time) ?? 'latest'),
    excludeInternal: Boolean(args['exclude-internal-topics']),
    output: outputFormat(args, kafkaToolName),
  };
}

async function handle(ctx: CliContext, args: Args): Promise<number> {
  const options = getOffsetsOptions(args, ctx.kafkaToolName);
  const { runGetOffsets } = await import('../commands/get-offsets/run.js');
  return ctx.withClient(connectionFlags(args), (client) => runGetOffsets(options, client, ctx.io));
}
