import { readFileSync } from 'node:fs';
import type { KafkaClient, PartitionOffsets, TopicPartition } from '../../core/client.js';
import { CliError, failed, notFound, usage } from '../../core/errors.js';
import { javaHashMapOrder, javaStringHash, topicPartitionHash } from '../../render/java-order.js';
import { writeOut, type IO } from '../../render/io.js';
import { renderCsv, renderJson, renderTable, type Column, type OutputFormat } from '../../render/print.js';
import { confirm } from '../../render/prompt.js';
import type { ResetSpec, TopicScope } from './options.js';

export interface PlannedOffset extends PartitionOffsets {
  group: string;
}

const key = (tp: TopicPartition) => `${tp.topic}\u0000${tp.partition}`;

/** Kafka's --to-datetime: YYYY-MM-DDThh:mm:ss.sss with an optional zone (Z, ±hh:mm, ±hh); none = UTC. */
export function parseKafkaDatetime(text: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(text.trim());
  if (!m) throw usage(`invalid --to-datetime '${text}'`, 'use YYYY-MM-DDThh:mm:ss.sss, optionally with a zone: 2024-05-01T12:00:00.000+02:00');
  let zone = m[2] ?? 'Z';
  if (/^[+-]\d{2}$/.test(zone)) zone += ':00';
  else if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  // JavaScript's parser rolls 2024-02-30 over to March 1st; Java refuses it, and so do we.
  const [year, month, day, hour, minute, second] = m[1]!.split(/[-T:.]/).map(Number) as [number, number, number, number, number, number];
  const real = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const zoneOk = zone === 'Z' || (Number(zone.slice(1, 3)) <= 18 && Number(zone.slice(4, 6)) <= 59);
  if (real.getUTCMonth() !== month - 1 || real.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59 || !zoneOk) {
    throw usage(`invalid --to-datetime '${text}': no such date, time or zone offset`, 'use YYYY-MM-DDThh:mm:ss.sss, optionally with a zone from -18:00 to +18:00');
  }
  return Date.parse(`${m[1]}${zone}`);
}

/** ISO-8601 durations as Kafka's --by-duration takes them: PnDTnHnMnS. */
export function parseIsoDuration(text: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) throw usage(`invalid --by-duration '${text}'`, 'use an ISO-8601 duration such as PT1H30M or P1DT2H');
  const [, d, h, min, s] = m;
  return ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60_000 + Number(s ?? 0) * 1000;
}

/** One line's fields, quoted ones unquoted (a doubled quote is one quote), as Kafka's tools write them (see jacksonCsvField). */
function csvFields(line: string, lineNumber: number): string[] {
  const fields: string[] = [];
  const field = /\s*(?:"((?:[^"]|"")*)"|([^,"]*?))\s*(,|$)/y;
  for (let at = 0; ; ) {
    field.lastIndex = at;
    const m = field.exec(line);
    if (!m) throw usage(`line ${lineNumber} of the reset file is not CSV: a quote is not closed or is misplaced`);
    fields.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!);
    if (m[3] === '') return fields;
    at = field.lastIndex;
  }
}

/** `topic,partition,offset` (one group) or `group,topic,partition,offset` lines. */
export function parseResetFile(text: string, groups: string[]): PlannedOffset[] {
  const rows: PlannedOffset[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const cells = csvFields(line, i + 1);
    let group: string;
    let rest: string[];
    if (cells.length === 4) [group, ...rest] = cells as [string, ...string[]];
    else if (cells.length === 3 && groups.length === 1) [group, rest] = [groups[0]!, cells];
    else throw usage(`line ${i + 1} of the reset file has ${cells.length} columns`, groups.length === 1 ? 'use topic,partition,offset or group,topic,partition,offset' : 'with several groups use group,topic,partition,offset');
    const [topic, partition, offset] = rest as [string, string, string];
    if (!/^\d+$/.test(partition) || !/^\d+$/.test(offset)) throw usage(`line ${i + 1} of the reset file: partition and offset must be numbers`);
    rows.push({ group, topic, partition: Number(partition), offset: Number(offset) });
  });
  return rows;
}

/** The partitions of `topic` / `topic:0,2` scopes, each checked to exist; `flag` is the option that named them. */
export async function partitionsOf(client: KafkaClient, scopes: TopicScope[], flag: string): Promise<TopicPartition[]> {
  if (scopes.length === 0) return [];
  const described = await client.topics.describe([...new Set(scopes.map((t) => t.topic))]).catch((err) => {
    if (err instanceof CliError && err.kind === 'not-found') throw notFound(`${err.message}`, `check --${flag}`);
    throw err;
  });
  return scopes.flatMap((s) => {
    const topic = described.find((d) => d.name === s.topic);
    if (!topic) throw notFound(`topic '${s.topic}' does not exist`);
    const ids = topic.partitions.map((p) => p.partition);
    for (const p of s.partitions ?? []) if (!ids.includes(p)) throw notFound(`topic '${s.topic}' has no partition ${p}`);
    return (s.partitions ?? ids).map((partition) => ({ topic: s.topic, partition }));
  });
}

/**
 * The offsets a reset would set for one group, computed as Kafka's tools do: explicit offsets and
 * shifts are clamped to [log start, log end]. `current` is where the group is now (a consumer
 * group's committed offsets, a share group's start offsets): --all-topics means its partitions.
 */
export async function planReset(
  client: KafkaClient,
  group: string,
  current: PartitionOffsets[],
  spec: ResetSpec,
  /** Named topics (checked), the group's own partitions, or partitions the caller has already checked. */
  scope: { topics: TopicScope[]; allTopics: boolean } | { partitions: TopicPartition[] },
  warn: (line: string) => void,
): Promise<PlannedOffset[]> {
  const currentBy = new Map(current.map((c) => [key(c), c.offset]));

  let partitions: TopicPartition[];
  let fromFile: Map<string, number> | null = null;
  if (spec.kind === 'file') {
    let text: string;
    try {
      text = readFileSync(spec.path, 'utf8');
    } catch (err) {
      throw usage(`cannot read --from-file '${spec.path}': ${(err as NodeJS.ErrnoException).code}`);
    }
    const rows = parseResetFile(text, [group]).filter((r) => r.group === group);
    if (rows.length === 0) throw notFound(`No reset plan for group ${group} found`);
    fromFile = new Map(rows.map((r) => [key(r), r.offset]));
    partitions = rows.map(({ topic, partition }) => ({ topic, partition }));
  } else if ('partitions' in scope) {
    partitions = scope.partitions;
  } else if (scope.allTopics) {
    partitions = current.map(({ topic, partition }) => ({ topic, partition }));
  } else {
    partitions = await partitionsOf(client, scope.topics, 'topic');
  }
  if (partitions.length === 0) return [];

  const [earliest, latest] = await Promise.all([client.offsets.query(partitions, 'earliest'), client.offsets.query(partitions, 'latest')]);
  const low = new Map(earliest.map((o) => [key(o), o.offset]));
  const high = new Map(latest.map((o) => [key(o), o.offset]));
  const byTime = spec.kind === 'timestamp' ? new Map((await client.offsets.query(partitions, { timestamp: spec.timestamp })).map((o) => [key(o), o.offset])) : null;

  const clamp = (tp: TopicPartition, offset: number): number => {
    const lo = low.get(key(tp)) ?? 0;
    const hi = high.get(key(tp)) ?? offset;
    if (offset > hi) {
      warn(`New offset (${offset}) is higher than latest offset for topic partition ${tp.topic}-${tp.partition}. Value will be set to ${hi}`);
      return hi;
    }
    if (offset < lo) {
      warn(`New offset (${offset}) is lower than earliest offset for topic partition ${tp.topic}-${tp.partition}. Value will be set to ${lo}`);
      return lo;
    }
    return offset;
  };

  return partitions.map((tp) => {
    const k = key(tp);
    let offset: number;
    switch (spec.kind) {
      case 'earliest':
        offset = low.get(k)!;
        break;
      case 'latest':
        offset = high.get(k)!;
        break;
      case 'current':
        offset = currentBy.get(k) ?? high.get(k)!;
        break;
      case 'offset':
        offset = clamp(tp, spec.offset);
        break;
      case 'shift': {
        const from = currentBy.get(k);
        if (from === undefined) throw new CliError('invalid', `Cannot shift offset for partition ${tp.topic}-${tp.partition} since there is no current committed offset`);
        offset = clamp(tp, from + spec.by);
        break;
      }
      case 'timestamp':
        offset = byTime!.get(k) ?? high.get(k)!;
        break;
      case 'file':
        offset = clamp(tp, fromFile!.get(k)!);
        break;
    }
    return { group, topic: tp.topic, partition: tp.partition, offset };
  });
}

/**
 * A field as Kafka's tools write their CSV (Jackson's CsvMapper): quoted when longer than 24
 * characters or holding a character below '-' (a separator, quote, space …), quotes doubled.
 */
export function jacksonCsvField(value: string | number): string {
  const text = String(value);
  if (typeof value === 'number' || (text.length <= 24 && ![...text].some((c) => c < '-'))) return text;
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * One group's plan in the order Kafka's GroupOffsetsResetter (kafka-share-groups, kafka-streams-groups)
 * iterates it: a HashMap of partitions, where entries sharing a bucket keep their insertion order —
 * topics as its describeTopics map lists them, then partitions.
 */
export function resetterOrder(plans: PlannedOffset[]): PlannedOffset[] {
  const topicOrder = javaHashMapOrder([...new Set(plans.map((p) => p.topic))], javaStringHash);
  const inserted = [...plans].sort((a, b) => topicOrder.indexOf(a.topic) - topicOrder.indexOf(b.topic) || a.partition - b.partition);
  return javaHashMapOrder(inserted, (p) => topicPartitionHash(p.topic, p.partition));
}

/** Groups in a HashMap's order, each group's plan in the order `ofOneGroup` gives it: how Kafka's group tools export a reset. */
function byGroupInKafkaOrder(plans: PlannedOffset[], ofOneGroup: (plans: PlannedOffset[]) => PlannedOffset[]): PlannedOffset[] {
  return javaHashMapOrder([...new Set(plans.map((p) => p.group))], javaStringHash).flatMap((g) => ofOneGroup(plans.filter((p) => p.group === g)));
}

/** Kafka's share and streams group tools' order of a reset plan of several groups. */
export function kafkaPlanOrder(plans: PlannedOffset[]): PlannedOffset[] {
  return byGroupInKafkaOrder(plans, resetterOrder);
}

/**
 * ConsumerGroupCommand's order of a reset plan. It fills each group's HashMap in the order it finds
 * the partitions — those named as `topic:0,2` as given, then whole topics in its describeTopics map's
 * order, each partition ascending; a --from-file plan's rows as read; with --all-topics the group's
 * committed partitions, themselves a HashMap — and writes the rows in that map's order. With
 * --all-topics, partitions that share a bucket come in the coordinator's answer's order, which is not
 * known here: those may come out swapped. Several groups may come out in another order than Kafka's.
 */
export function consumerGroupCommandOrder(scope: { topics: TopicScope[]; allTopics: boolean; fromFile: boolean }): (plans: PlannedOffset[]) => PlannedOffset[] {
  const hash = (p: PlannedOffset) => topicPartitionHash(p.topic, p.partition);
  return (plans) =>
    byGroupInKafkaOrder(plans, (mine) => {
      if (scope.fromFile) return javaHashMapOrder(mine, hash);
      if (scope.allTopics) return resetterOrder(mine);
      const named = scope.topics.flatMap((s) => (s.partitions ?? []).flatMap((partition) => mine.filter((p) => p.topic === s.topic && p.partition === partition)));
      const wholeTopics = javaHashMapOrder([...new Set(scope.topics.filter((s) => s.partitions === null).map((s) => s.topic))], javaStringHash);
      const whole = wholeTopics.flatMap((topic) => mine.filter((p) => p.topic === topic && !named.includes(p)).sort((a, b) => a.partition - b.partition));
      return javaHashMapOrder([...new Set([...named, ...whole])], hash);
    });
}

const resetColumns: Column<PlannedOffset>[] = [
  { header: 'GROUP', value: (r) => r.group },
  { header: 'TOPIC', value: (r) => r.topic },
  { header: 'PARTITION', value: (r) => r.partition, align: 'right' },
  { header: 'NEW-OFFSET', value: (r) => r.offset, align: 'right' },
];

/** Kafka's tools only plan a reset without --execute: say so when neither flag was given. */
export function warnIfDryRunImplicit(dryRunImplicit: boolean, io: IO): void {
  if (dryRunImplicit) void writeOut(io.stderr, 'WARN: No action will be performed as the --execute option is missing. Add --dry-run to say so explicitly, or --execute to reset.\n');
}

/**
 * A planned reset shown, confirmed on a terminal (unless --yes), applied with --execute, and printed
 * in the chosen format: the same for consumer and share groups.
 */
export async function carryOutReset(
  o: {
    execute: boolean;
    yes: boolean;
    export: boolean;
    output: OutputFormat | 'prometheus';
    /** One group: --export leaves the group column out, as Kafka's does. */
    single: boolean;
    unit: string;
    question: string;
    kafkaText: (plans: PlannedOffset[]) => string;
    /** The order Kafka's tool exports the plan in, where it is not the plan's own. */
    kafkaOrder?: (plans: PlannedOffset[]) => PlannedOffset[];
  },
  plans: PlannedOffset[],
  apply: (group: string, offsets: PlannedOffset[]) => Promise<void>,
  io: IO,
): Promise<number> {
  if (o.execute && plans.length && io.canPrompt && !o.yes) {
    await writeOut(io.stderr, await renderTable({ ...io, stdoutIsTTY: io.stderrIsTTY }, resetColumns, plans));
    if (!(await confirm(io, o.question.replace('N', String(plans.length))))) throw failed('nothing reset (not confirmed)', 'pass --yes to skip the question');
  }
  if (o.execute) {
    for (const group of new Set(plans.map((p) => p.group))) await apply(group, plans.filter((p) => p.group === group));
  }
  if (o.export) {
    const rows = (o.kafkaOrder ?? ((p) => p))(plans).map((p) => [...(o.single ? [] : [p.group]), p.topic, p.partition, p.offset].map(jacksonCsvField).join(','));
    await writeOut(io.stdout, rows.map((r) => `${r}\n`).join('') + '\n');
  } else if (o.output === 'json') {
    await writeOut(io.stdout, renderJson({ executed: o.execute, offsets: plans }));
  } else if (o.output === 'csv') {
    await writeOut(io.stdout, renderCsv(resetColumns.map((c) => ({ ...c, header: c.header.toLowerCase().replace(/-/g, '_') })), plans));
  } else if (o.output === 'kafka') {
    await writeOut(io.stdout, o.kafkaText(plans));
  } else {
    await writeOut(io.stdout, await renderTable(io, resetColumns, plans));
    await writeOut(io.stderr, o.execute ? `Reset ${plans.length} ${o.unit}.\n` : `Dry run: nothing was changed (add --execute to reset).\n`);
  }
  return 0;
}
