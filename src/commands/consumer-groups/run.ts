import type { KafkaClient, GroupDescription } from '../../core/client.js';
import { CliError, notFound } from '../../core/errors.js';
import { writeOut, type IO } from '../../render/io.js';
import { paint } from '../../render/colors.js';
import { renderCsv, renderJson, renderTable, type Column } from '../../render/print.js';
import { groupLag, type GroupLag, type LagRow } from './lag.js';
import type { ConsumerGroupsOptions } from './options.js';

export async function runConsumerGroups(o: ConsumerGroupsOptions, client: KafkaClient, io: IO): Promise<number> {
  return o.action === 'list' ? list(o, client, io) : describe(o, client, io);
}

async function list(o: ConsumerGroupsOptions, client: KafkaClient, io: IO): Promise<number> {
  const listed = (await client.groups.list()).filter((g) => g.protocolType === 'consumer' || g.protocolType === '');
  const ids = listed.map((g) => g.groupId).sort();
  if (o.stateFilter === null && o.output !== 'json' && o.output !== 'csv') {
    await writeOut(io.stdout, ids.map((id) => id + '\n').join(''));
    return 0;
  }
  const described = ids.length ? await client.groups.describe(ids) : [];
  const filter = (o.stateFilter ?? []).map((s) => s.toLowerCase());
  const rows = described.filter((g) => filter.length === 0 || filter.includes(g.state.toLowerCase()));
  if (o.output === 'json') {
    await writeOut(io.stdout, renderJson({ groups: rows.map((g) => ({ group: g.groupId, state: g.state, type: 'Classic' })) }));
  } else if (o.output === 'csv') {
    await writeOut(io.stdout, renderCsv([{ header: 'group', value: (g: GroupDescription) => g.groupId }, { header: 'state', value: (g) => g.state }], rows));
  } else if (o.output === 'kafka') {
    const width = Math.max(15, ...rows.map((g) => g.groupId.length)) + 10;
    const line = (a: string, b: string) => `${a.padEnd(width)} ${b.padEnd(20)}\n`;
    await writeOut(io.stdout, line('GROUP', 'STATE') + rows.map((g) => line(g.groupId, g.state)).join(''));
  } else {
    await writeOut(io.stdout, await renderTable(io, [{ header: 'GROUP', value: (g: GroupDescription) => g.groupId }, { header: 'STATE', value: (g) => g.state }], rows));
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
  { header: 'CONSUMER-ID', value: (r) => r.consumerId },
  { header: 'HOST', value: (r) => r.host },
  { header: 'CLIENT-ID', value: (r) => r.clientId },
];

/** Kafka's ConsumerGroupCommand offsets layout (4.x): each line preceded by a newline. */
export function kafkaOffsetsText(lag: GroupLag): string {
  const cell = (v: string | number | null) => (v === null ? '-' : String(v));
  const g = Math.max(15, lag.group.groupId.length);
  const t = Math.max(15, ...lag.rows.map((r) => r.topic.length));
  const c = Math.max(15, ...lag.rows.map((r) => cell(r.consumerId).length));
  const h = Math.max(15, ...lag.rows.map((r) => cell(r.host).length));
  const line = (cols: string[]) =>
    `\n${cols[0]!.padEnd(g)} ${cols[1]!.padEnd(t)} ${cols[2]!.padEnd(10)} ${cols[3]!.padEnd(15)} ${cols[4]!.padEnd(15)} ${cols[5]!.padEnd(15)} ${cols[6]!.padEnd(c)} ${cols[7]!.padEnd(h)} ${cols[8]}`;
  let out = line(['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID']);
  for (const r of lag.rows) out += line([r.group, r.topic, String(r.partition), cell(r.currentOffset), cell(r.logEndOffset), cell(r.lag), cell(r.consumerId), cell(r.host), cell(r.clientId)]);
  return out + '\n';
}

async function describe(o: ConsumerGroupsOptions, client: KafkaClient, io: IO): Promise<number> {
  let ids = o.groups;
  if (o.allGroups) ids = (await client.groups.list()).filter((g) => g.protocolType === 'consumer' || g.protocolType === '').map((g) => g.groupId);
  const described = (await client.groups.describe([...new Set(ids)].sort())).sort((a, b) => (a.groupId < b.groupId ? -1 : 1));
  const missing = described.filter((g) => g.state === 'Dead');
  if (missing.length && !o.allGroups) throw notFound(`consumer group '${missing[0]!.groupId}' does not exist`, 'list groups with `kafka consumer-groups --list`');
  const lags: GroupLag[] = [];
  for (const g of described) lags.push(await groupLag(client, g));

  if (o.output === 'json') {
    await writeOut(io.stdout, renderJson({
      groups: lags.map((l) => ({
        group: l.group.groupId,
        state: l.group.state,
        coordinator: l.group.coordinator,
        assignmentStrategy: l.group.assignmentStrategy || null,
        members: l.group.members.map((m) => ({ consumerId: m.memberId, clientId: m.clientId, host: m.host, assignment: m.assignment })),
        totalLag: l.totalLag,
        partitions: l.rows.map(({ group: _g, ...r }) => r),
      })),
    }));
  } else if (o.output === 'csv') {
    await writeOut(io.stdout, renderCsv(lagColumns.map((c) => ({ ...c, header: c.header.toLowerCase().replace(/-/g, '_') })), lags.flatMap((l) => l.rows)));
  } else {
    for (const l of lags) {
      if (l.group.state === 'Empty') await writeOut(io.stderr, `\nConsumer group '${l.group.groupId}' has no active members.\n`);
      if (l.group.state === 'PreparingRebalance' || l.group.state === 'CompletingRebalance') await writeOut(io.stderr, `\nWarning: Consumer group '${l.group.groupId}' is rebalancing.\n`);
      if (o.output === 'kafka') await writeOut(io.stdout, kafkaOffsetsText(l));
      else {
        await writeOut(io.stdout, await renderTable(io, lagColumns, l.rows));
        await writeOut(io.stdout, `${paint(io, 'bold', l.group.groupId)}: total lag ${l.totalLag}, state ${l.group.state}, ${l.group.members.length} member(s)\n`);
      }
    }
  }
  if (o.lagThreshold !== undefined) {
    const over = lags.filter((l) => l.totalLag > o.lagThreshold!);
    if (over.length) throw new CliError('lag-threshold', `lag over threshold ${o.lagThreshold}: ${over.map((l) => `${l.group.groupId}=${l.totalLag}`).join(', ')}`);
  }
  return 0;
}
