import type { GroupDescription, KafkaClient, TopicPartition } from '../../core/client.js';
import { CliError, failed, notFound } from '../../core/errors.js';
import { sleep } from '../../core/sleep.js';
import { writeOut, type IO } from '../../render/io.js';
import { paint } from '../../render/colors.js';
import { confirm } from '../../render/prompt.js';
import { renderCsv, renderJson, renderTable, type Column } from '../../render/print.js';
import { groupLag, type GroupLag, type LagRow } from './lag.js';
import { lagMetrics } from './metrics.js';
import { renderPrometheus } from '../../render/prometheus.js';
import { sparkline } from '../../render/sparkline.js';
import { writeFileAtomically } from '../../render/output-file.js';
import type { ConsumerGroupsOptions } from './options.js';
import { consumerGroupIds, consumerGroups } from './listing.js';
import { carryOutReset, consumerGroupCommandOrder, planReset, warnIfDryRunImplicit, type PlannedOffset } from './reset-plan.js';
import { reportOffsetDeletion } from '../groups/offset-deletion.js';
import { kafkaMembersText, kafkaOffsetsText, kafkaResetText, kafkaStateText } from './kafka-text.js';

export async function runConsumerGroups(o: ConsumerGroupsOptions, client: KafkaClient, io: IO): Promise<number> {
  switch (o.action) {
    case 'list':
      return list(o, client, io);
    case 'describe':
      return o.watchSeconds ? watch(o, client, io) : describe(o, client, io);
    case 'delete':
      return deleteGroups(o, client, io);
    case 'reset-offsets':
      return resetOffsets(o, client, io);
    case 'delete-offsets':
      return deleteOffsets(o, client, io);
    case 'serve': {
      const { serveMetrics } = await import('./serve.js');
      return serveMetrics(o, client, io);
    }
  }
}

interface ListRow {
  group: string;
  type: string | null;
  state: string | null;
}

async function list(o: ConsumerGroupsOptions, client: KafkaClient, io: IO): Promise<number> {
  const listings = await consumerGroups(client);
  const showState = o.stateFilter !== null;
  const showType = o.typeFilter !== null;
  if (!showState && !showType && o.output !== 'json' && o.output !== 'csv') {
    await writeOut(io.stdout, listings.map((g) => g.groupId + '\n').join(''));
    return 0;
  }
  // Brokers before ListGroups v4 do not say a group's state: ask them with DescribeGroups.
  const unknown = listings.filter((g) => g.state === null).map((g) => g.groupId);
  const described = new Map((unknown.length ? await client.groups.describe(unknown) : []).map((g) => [g.groupId, g.state]));
  const states = (o.stateFilter ?? []).map((s) => s.toLowerCase());
  const types = (o.typeFilter ?? []).map((t) => t.toLowerCase());
  const rows: ListRow[] = listings
    .map((g) => ({ group: g.groupId, type: g.type, state: g.state ?? described.get(g.groupId) ?? null }))
    .filter((r) => states.length === 0 || states.includes((r.state ?? '').toLowerCase()))
    .filter((r) => types.length === 0 || types.includes((r.type ?? 'classic').toLowerCase()));
  const columns: Column<ListRow>[] = [
    { header: 'GROUP', value: (r) => r.group },
    ...(showType || o.output === 'json' || o.output === 'csv' ? [{ header: 'TYPE', value: (r: ListRow) => r.type }] : []),
    ...(showState || o.output === 'json' || o.output === 'csv' ? [{ header: 'STATE', value: (r: ListRow) => r.state }] : []),
  ];
  if (o.output === 'json') {
    await writeOut(io.stdout, renderJson({ groups: rows }));
  } else if (o.output === 'csv') {
    await writeOut(io.stdout, renderCsv(columns.map((c) => ({ ...c, header: c.header.toLowerCase() })), rows));
  } else if (o.output === 'kafka') {
    // Kafka's layout: the group column 10 wider than the longest id (at least 15), then 20 each.
    const width = Math.max(15, ...rows.map((r) => r.group.length)) + 10;
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(width) : c.padEnd(20))).join(' ') + '\n';
    await writeOut(io.stdout, line(columns.map((c) => c.header)) + rows.map((r) => line(columns.map((c) => String(c.value(r) ?? '-')))).join(''));
  } else {
    await writeOut(io.stdout, await renderTable(io, columns, rows));
  }
  return 0;
}

const lagColumns: Column<LagRow>[] = [
  { header: 'GROUP', value: (r) => r.group },
  { header: 'TOPIC', value: (r) => r.topic },
  { header: 'PARTITION', value: (r) => r.partition, align: 'right' },
  { header: 'CURRENT-OFFSET', value: (r) => r.currentOffset, align: 'right' },
  { header: 'LOG-END-OFFSET', value: (r) => r.logEndOffset, align: 'right' },
  { header: 'LAG', value: (r) => r.lag, align: 'right', style: (r) => (r.lag === null ? undefined : r.lag > 0 ? 'yellow' : 'green') },
  { header: 'LAG-SECONDS', value: (r) => (r.lagSeconds === null ? null : r.lagSeconds.toFixed(1)), align: 'right' },
  { header: 'CONSUMER-ID', value: (r) => r.consumerId },
  { header: 'HOST', value: (r) => r.host },
  { header: 'CLIENT-ID', value: (r) => r.clientId },
];

interface MemberRow {
  group: string;
  consumerId: string;
  host: string;
  clientId: string;
  partitions: number;
  assignment: string;
  /** Consumer-protocol groups (KIP-848) only, else null. */
  currentEpoch: number | null;
  targetEpoch: number | null;
  targetAssignment: string | null;
}

/** With `epochs`, the KIP-848 columns: current and target epoch, target assignment. */
const memberColumns = (verbose: boolean, epochs: boolean): Column<MemberRow>[] => [
  { header: 'GROUP', value: (r) => r.group },
  { header: 'CONSUMER-ID', value: (r) => r.consumerId },
  { header: 'HOST', value: (r) => r.host },
  { header: 'CLIENT-ID', value: (r) => r.clientId },
  { header: '#PARTITIONS', value: (r) => r.partitions, align: 'right' },
  ...(verbose ? [{ header: 'ASSIGNMENT', value: (r: MemberRow) => r.assignment || '-' }] : []),
  ...(verbose && epochs
    ? [
        { header: 'CURRENT-EPOCH', value: (r: MemberRow) => r.currentEpoch, align: 'right' as const },
        { header: 'TARGET-EPOCH', value: (r: MemberRow) => r.targetEpoch, align: 'right' as const },
        { header: 'TARGET-ASSIGNMENT', value: (r: MemberRow) => r.targetAssignment },
      ]
    : []),
];

/** `topic:0,1;other:2`: topics and partitions sorted, as Kafka 4's verbose members view. */
export function assignmentText(tps: TopicPartition[]): string {
  const byTopic = new Map<string, number[]>();
  for (const tp of tps) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
  return [...byTopic.keys()].sort().map((t) => `${t}:${byTopic.get(t)!.sort((a, b) => a - b).join(',')}`).join(';');
}

function memberRows(g: GroupDescription): MemberRow[] {
  return g.members.map((m) => ({
    group: g.groupId,
    consumerId: m.memberId,
    host: `/${m.host.replace(/^\//, '')}`,
    clientId: m.clientId,
    partitions: m.assignment.length,
    assignment: assignmentText(m.assignment),
    currentEpoch: m.memberEpoch,
    targetEpoch: g.targetAssignmentEpoch,
    targetAssignment: m.targetAssignment ? assignmentText(m.targetAssignment) : null,
  }));
}

interface StateRow {
  group: string;
  coordinator: string;
  assignmentStrategy: string;
  state: string;
  members: number;
}

const stateColumns: Column<StateRow>[] = [
  { header: 'GROUP', value: (r) => r.group },
  { header: 'COORDINATOR (ID)', value: (r) => r.coordinator },
  { header: 'ASSIGNMENT-STRATEGY', value: (r) => r.assignmentStrategy || null },
  { header: 'STATE', value: (r) => r.state, style: (r) => (r.state === 'Stable' ? 'green' : r.state === 'Empty' ? 'dim' : 'yellow') },
  { header: '#MEMBERS', value: (r) => r.members, align: 'right' },
];

function stateRow(g: GroupDescription): StateRow {
  return {
    group: g.groupId,
    coordinator: g.coordinator ? `${g.coordinator.host}:${g.coordinator.port}  (${g.coordinator.id})` : '-',
    assignmentStrategy: g.assignmentStrategy,
    state: g.state,
    members: g.members.length,
  };
}

async function describedGroups(o: ConsumerGroupsOptions, client: KafkaClient): Promise<GroupDescription[]> {
  const ids = o.allGroups ? await consumerGroupIds(client) : [...new Set(o.groups)].sort();
  const described = ids.length ? (await client.groups.describe(ids)).sort((a, b) => (a.groupId < b.groupId ? -1 : 1)) : [];
  const missing = described.find((g) => g.state === 'Dead');
  if (missing && !o.allGroups) {
    // A share or streams group is no consumer group, but it exists: say what it is.
    const other = (await client.groups.list()).find((g) => g.groupId === missing.groupId && (g.type === 'Share' || g.type === 'Streams'));
    if (other?.type === 'Share') throw notFound(`group '${missing.groupId}' is a share group, not a consumer group`, `describe it with \`kafka share-groups --describe --group ${missing.groupId}\``);
    if (other) throw notFound(`group '${missing.groupId}' is a streams group, not a consumer group`, `describe it with \`kafka streams-groups --describe --group ${missing.groupId}\``);
    throw notFound(`consumer group '${missing.groupId}' does not exist`, 'list groups with `kafka consumer-groups --list`');
  }
  return described;
}

/** The describe output for one round (also what --watch redraws). */
async function describeText(o: ConsumerGroupsOptions, client: KafkaClient, io: IO, groups: GroupDescription[]): Promise<{ text: string; notes: string; lags: GroupLag[] }> {
  let notes = '';
  const forMachines = o.output === 'json' || o.output === 'prometheus';
  for (const g of groups) {
    if (g.state === 'Empty' && !forMachines) notes += `\nConsumer group '${g.groupId}' has no active members.\n`;
    if ((g.state === 'PreparingRebalance' || g.state === 'CompletingRebalance') && !forMachines) notes += `\nWarning: Consumer group '${g.groupId}' is rebalancing.\n`;
  }
  if (o.describeMode === 'members') {
    const rows = groups.flatMap(memberRows);
    const epochs = groups.some((g) => g.targetAssignmentEpoch !== null);
    const text =
      o.output === 'json'
        ? renderJson({ groups: groups.map((g) => ({ group: g.groupId, state: g.state, members: memberRows(g).map(({ group: _g, ...m }) => m) })) })
        : o.output === 'csv'
          ? renderCsv(memberColumns(true, epochs).map((c) => ({ ...c, header: c.header.toLowerCase().replace(/[#-]/g, (x) => (x === '#' ? '' : '_')) })), rows)
          : o.output === 'kafka'
            ? groups.map((g) => kafkaMembersText(g.groupId, memberRows(g), o.verbose)).join('')
            : await renderTable(io, memberColumns(o.verbose, epochs), rows);
    return { text, notes, lags: [] };
  }
  if (o.describeMode === 'state') {
    const rows = groups.map(stateRow);
    const text =
      o.output === 'json'
        ? renderJson({ groups: rows })
        : o.output === 'csv'
          ? renderCsv(stateColumns.map((c) => ({ ...c, header: c.header.toLowerCase().replace(' (id)', '').replace(/[#-]/g, (x) => (x === '#' ? '' : '_')) })), rows)
          : o.output === 'kafka'
            ? rows.map(kafkaStateText).join('')
            : await renderTable(io, stateColumns, rows);
    return { text, notes, lags: [] };
  }
  const lags: GroupLag[] = [];
  for (const g of groups) lags.push(await groupLag(client, g));
  let text: string;
  if (o.output === 'prometheus') {
    text = await lagMetricsText(client, lags);
  } else if (o.output === 'json') {
    text = renderJson({
      groups: lags.map((l) => ({
        group: l.group.groupId,
        state: l.group.state,
        coordinator: l.group.coordinator,
        assignmentStrategy: l.group.assignmentStrategy || null,
        members: l.group.members.map((m) => ({ consumerId: m.memberId, clientId: m.clientId, host: m.host, assignment: m.assignment })),
        totalLag: l.totalLag,
        maxLagSeconds: l.maxLagSeconds,
        partitions: l.rows.map(({ group: _g, ...r }) => r),
      })),
    });
  } else if (o.output === 'csv') {
    text = renderCsv(lagColumns.map((c) => ({ ...c, header: c.header.toLowerCase().replace(/-/g, '_') })), lags.flatMap((l) => l.rows));
  } else if (o.output === 'kafka') {
    text = lags.map(kafkaOffsetsText).join('');
  } else {
    text = '';
    for (const l of lags) {
      text += await renderTable(io, lagColumns, l.rows);
      const timeLag = l.maxLagSeconds === null ? '' : `, ${l.maxLagSeconds.toFixed(1)} s behind`;
      text += `${paint(io, 'bold', l.group.groupId)}: total lag ${l.totalLag}${timeLag}, state ${l.group.state}, ${l.group.members.length} member(s)\n`;
    }
  }
  return { text, notes, lags };
}

/** Lag metrics of these groups, with the log start of every partition they cover. */
export async function lagMetricsText(client: KafkaClient, lags: GroupLag[]): Promise<string> {
  const partitions = new Map(lags.flatMap((l) => l.rows).map((r) => [`${r.topic}\u0000${r.partition}`, { topic: r.topic, partition: r.partition }]));
  const logStart = await client.offsets.query([...partitions.values()], 'earliest');
  return renderPrometheus(lagMetrics(lags, logStart));
}

function checkThresholds(o: ConsumerGroupsOptions, lags: GroupLag[]): void {
  const over: string[] = [];
  if (o.lagThreshold !== undefined) {
    const behind = lags.filter((l) => l.totalLag > o.lagThreshold!);
    if (behind.length) over.push(`lag over threshold ${o.lagThreshold}: ${behind.map((l) => `${l.group.groupId}=${l.totalLag}`).join(', ')}`);
  }
  if (o.lagThresholdSeconds !== undefined) {
    const late = lags.filter((l) => (l.maxLagSeconds ?? 0) > o.lagThresholdSeconds!);
    if (late.length) over.push(`time lag over ${o.lagThresholdSeconds} s: ${late.map((l) => `${l.group.groupId}=${l.maxLagSeconds!.toFixed(1)}s`).join(', ')}`);
  }
  if (over.length) throw new CliError('lag-threshold', over.join('; '));
}

async function describe(o: ConsumerGroupsOptions, client: KafkaClient, io: IO): Promise<number> {
  const groups = await describedGroups(o, client);
  const { text, notes, lags } = await describeText(o, client, io, groups);
  if (notes) await writeOut(io.stderr, notes);
  if (o.outputFile !== undefined) await writeFileAtomically(o.outputFile, text);
  else await writeOut(io.stdout, text);
  checkThresholds(o, lags);
  return 0;
}

/** How many rounds of lag the --watch sparkline shows. */
const TREND_ROUNDS = 20;

/** --watch: redraw in place on a TTY with lag change and consume rate; plain repeats otherwise. */
async function watch(o: ConsumerGroupsOptions, client: KafkaClient, io: IO): Promise<number> {
  let previous = new Map<string, { lag: number | null; offset: number | null }>();
  const trends = new Map<string, Array<number | null>>();
  let last = Date.now();
  const stop = AbortSignal.any([io.signal, io.stdoutReaderGone()]);
  while (!stop.aborted) {
    const groups = await describedGroups(o, client);
    const { text, lags } = await describeText(o, client, io, groups);
    const now = Date.now();
    const rowKey = (r: LagRow) => `${r.group}\u0000${r.topic}\u0000${r.partition}`;
    const seen = new Set<string>();
    for (const r of lags.flatMap((l) => l.rows)) {
      const k = rowKey(r);
      seen.add(k);
      trends.set(k, [...(trends.get(k) ?? []), r.lag].slice(-TREND_ROUNDS));
    }
    for (const k of trends.keys()) if (!seen.has(k)) trends.delete(k);
    let extra = '';
    if (io.stdoutIsTTY && o.describeMode === 'offsets' && o.output === 'table' && previous.size) {
      const seconds = (now - last) / 1000;
      const rows = lags.flatMap((l) => l.rows).map((r) => {
        const before = previous.get(rowKey(r));
        const lagChange = before && before.lag !== null && r.lag !== null ? r.lag - before.lag : null;
        const rate = before && before.offset !== null && r.currentOffset !== null ? (r.currentOffset - before.offset) / seconds : null;
        return { ...r, lagChange, rate };
      });
      extra = await renderTable(io, [
        { header: 'GROUP', value: (r: (typeof rows)[number]) => r.group },
        { header: 'TOPIC', value: (r) => r.topic },
        { header: 'PARTITION', value: (r) => r.partition, align: 'right' },
        { header: 'LAG', value: (r) => r.lag, align: 'right' },
        { header: 'TREND', value: (r) => sparkline(trends.get(rowKey(r)) ?? []) },
        { header: 'LAG-CHANGE', value: (r) => (r.lagChange === null ? null : (r.lagChange > 0 ? '+' : '') + r.lagChange), align: 'right', style: (r) => (r.lagChange && r.lagChange > 0 ? 'red' : r.lagChange && r.lagChange < 0 ? 'green' : undefined) },
        { header: 'RATE/S', value: (r) => (r.rate === null ? null : r.rate.toFixed(1)), align: 'right' },
      ], rows);
    }
    previous = new Map(lags.flatMap((l) => l.rows).map((r) => [rowKey(r), { lag: r.lag, offset: r.currentOffset }]));
    last = now;
    const frame = `${new Date(now).toISOString()}\n${extra || text}`;
    await writeOut(io.stdout, io.stdoutIsTTY ? `\u001b[H\u001b[2J${frame}` : `${frame}\n`);
    await sleep(o.watchSeconds! * 1000, stop);
  }
  return 0;
}

async function deleteGroups(o: ConsumerGroupsOptions, client: KafkaClient, io: IO): Promise<number> {
  const ids = o.allGroups ? await consumerGroupIds(client) : [...new Set(o.groups)];
  if (ids.length === 0) return 0;
  if (io.canPrompt && !o.yes && !(await confirm(io, `Delete consumer group${ids.length > 1 ? 's' : ''} ${ids.join(', ')} and their committed offsets?`))) {
    throw failed('nothing deleted (not confirmed)', 'pass --yes to skip the question');
  }
  const results = await client.groups.delete(ids);
  const failures = [...results].filter(([, err]) => err !== null);
  const deleted = [...results].filter(([, err]) => err === null).map(([g]) => g);
  if (o.output === 'json') await writeOut(io.stdout, renderJson({ deleted, failed: Object.fromEntries(failures.map(([g, err]) => [g, err!.message])) }));
  else if (failures.length === 0) await writeOut(o.output === 'kafka' ? io.stdout : io.stderr, `Deletion of requested consumer groups (${ids.map((g) => `'${g}'`).join(', ')}) was successful.\n`);
  if (failures.length) {
    const kinds = new Set(failures.map(([, err]) => err!.kind));
    const kind = kinds.size === 1 ? [...kinds][0]! : 'failed';
    // The reason is in each group's message; active members are no explanation for a group that does not exist.
    const hint = kind === 'not-found' ? 'list them with `kafka consumer-groups --list`' : undefined;
    throw new CliError(kind, `deletion failed for ${failures.map(([g, err]) => `'${g}' (${err!.message})`).join(', ')}${deleted.length ? `; deleted ${deleted.map((g) => `'${g}'`).join(', ')}` : ''}`, hint);
  }
  return 0;
}

async function resetOffsets(o: ConsumerGroupsOptions, client: KafkaClient, io: IO): Promise<number> {
  warnIfDryRunImplicit(o.dryRunImplicit, io);
  const groups = await client.groups.describe(o.allGroups ? await consumerGroupIds(client) : [...new Set(o.groups)]);
  const plans: PlannedOffset[] = [];
  for (const g of groups.sort((a, b) => (a.groupId < b.groupId ? -1 : 1))) {
    if (g.state !== 'Empty' && g.state !== 'Dead') {
      throw new CliError('failed', `Assignments can only be reset if the group '${g.groupId}' is inactive, but the current state is ${g.state}.`, 'stop its consumers first');
    }
    plans.push(...(await planReset(client, g.groupId, await client.groups.committed(g.groupId), o.reset!, { topics: o.topics, allTopics: o.allTopics }, (line) => void writeOut(io.stderr, `WARN: ${line}\n`))));
  }
  const single = new Set(plans.map((p) => p.group)).size <= 1 && !o.allGroups && o.groups.length <= 1;
  return carryOutReset({ ...o, single, unit: 'offset(s)', question: 'Commit these N offset(s)?', kafkaText: kafkaResetText, kafkaOrder: consumerGroupCommandOrder({ topics: o.topics, allTopics: o.allTopics, fromFile: o.reset!.kind === 'file' }) }, plans, (group, offsets) => client.groups.alterCommitted(group, offsets), io);
}

async function deleteOffsets(o: ConsumerGroupsOptions, client: KafkaClient, io: IO): Promise<number> {
  const group = o.groups[0]!;
  const described = await client.topics.describe(o.topics.map((t) => t.topic));
  const partitions = o.topics.flatMap((s) => (s.partitions ?? described.find((d) => d.name === s.topic)?.partitions.map((p) => p.partition) ?? []).map((partition) => ({ topic: s.topic, partition })));
  return reportOffsetDeletion(group, await client.groups.deleteCommitted(group, partitions), o.output, io);
}
