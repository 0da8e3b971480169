import type { GroupState, KafkaClient, StreamsGroupDescription, StreamsTaskAssignment, TopicPartition } from '../../core/client.js';
import { notFound } from '../../core/errors.js';
import { deleteGroupsOfKind, groupsOfKind, printGroupList, type GroupKind } from '../groups/of-one-type.js';
import { javaHashMapOrder, javaStringOrder as byName, topicPartitionHash } from '../../render/java-order.js';
import { javaColumns as cols, orDash as dash } from '../../render/java-printf.js';
import { writeOut, type IO } from '../../render/io.js';
import { renderCsv, renderJson, renderTable, type Column, type OutputFormat } from '../../render/print.js';

export type StreamsGroupsOptions =
  | { action: 'list'; /** --state given (with these states, or all when empty) */ states: GroupState[] | null; output: OutputFormat }
  | { action: 'describe'; groups: string[]; allGroups: boolean; view: 'offsets' | 'members' | 'state'; verbose: boolean; output: OutputFormat }
  | { action: 'delete'; groups: string[]; allGroups: boolean; yes: boolean; output: OutputFormat };

/** A source partition of the group's topology: where its tasks read, and how far the group is. */
export interface StreamsPartitionOffset extends TopicPartition {
  /** null when the group has committed nothing for it. */
  currentOffset: number | null;
  leaderEpoch: number | null;
  logEndOffset: number;
  /** From the committed offset, or (nothing committed) the whole log. */
  lag: number;
}


/** `ACTIVE: 0:[0,1]; STANDBY: 1:[2]; `, as StreamsGroupCommand writes a member's tasks (kinds without tasks left out). */
export function tasksText(tasks: StreamsTaskAssignment, prefix = ''): string {
  const kind = (name: string, list: StreamsTaskAssignment['active']) => (list.length ? `${prefix}${name}: ${list.map((t) => `${t.subtopologyId}:[${t.partitions.join(',')}]; `).join('')}` : '');
  return kind('ACTIVE', tasks.active) + kind('STANDBY', tasks.standby) + kind('WARMUP', tasks.warmup);
}

const coordinatorText = (g: StreamsGroupDescription) => (g.coordinator ? `${g.coordinator.host}:${g.coordinator.port} (${g.coordinator.id})` : '-');

/** StreamsGroupCommand's --describe --members lines (Kafka 4.4's layout). */
export function kafkaMembersText(g: StreamsGroupDescription, verbose: boolean): string {
  const w = (values: string[]) => Math.max(15, ...values.map((v) => v.length));
  const [group, member, processId, client] = [Math.max(15, g.groupId.length), w(g.members.map((m) => m.memberId)), w(g.members.map((m) => m.processId)), w(g.members.map((m) => m.clientId))];
  if (!verbose) {
    const line = (cells: string[]) => `${cols([group, member, processId, client], cells)}\n`;
    return line(['GROUP', 'MEMBER', 'PROCESS', 'CLIENT-ID', 'ASSIGNMENTS']) + g.members.map((m) => line([g.groupId, m.memberId, m.processId, m.clientId, tasksText(m.assignment)])).join('');
  }
  // Kafka's verbose format runs TOPOLOGY-EPOCH (%-15s) straight into MEMBER, without a space.
  const line = (cells: Array<string | number>) =>
    `${String(cells[0]).padEnd(group)} ${String(cells[1]).padEnd(25)} ${String(cells[2]).padEnd(15)}${String(cells[3]).padEnd(member)} ${String(cells[4]).padEnd(15)} ${String(cells[5]).padEnd(15)} ${String(cells[6]).padEnd(processId)} ${String(cells[7]).padEnd(client)} ${cells[8]}\n`;
  return (
    line(['GROUP', 'TARGET-ASSIGNMENT-EPOCH', 'TOPOLOGY-EPOCH', 'MEMBER', 'MEMBER-PROTOCOL', 'MEMBER-EPOCH', 'PROCESS', 'CLIENT-ID', 'ASSIGNMENTS']) +
    g.members.map((m) => line([g.groupId, g.targetAssignmentEpoch, g.topologyEpoch, m.memberId, m.isClassic ? 'classic' : 'streams', m.memberEpoch, m.processId, m.clientId, tasksText(m.assignment) + tasksText(m.targetAssignment, 'TARGET-')])).join('')
  );
}

/** StreamsGroupCommand's --describe --state lines. */
export function kafkaStateText(g: StreamsGroupDescription, verbose: boolean): string {
  const coordinator = coordinatorText(g);
  const assignor = g.assignor ?? '';
  const widths = [Math.max(15, g.groupId.length), Math.max(25, coordinator.length), Math.max(15, assignor.length), 25, ...(verbose ? [15, 25] : [])];
  const lines = verbose
    ? [['GROUP', 'COORDINATOR (ID)', 'ASSIGNOR', 'STATE', 'GROUP-EPOCH', 'TARGET-ASSIGNMENT-EPOCH', '#MEMBERS'], [g.groupId, coordinator, assignor, g.state, g.groupEpoch, g.targetAssignmentEpoch, g.members.length]]
    : [['GROUP', 'COORDINATOR (ID)', 'ASSIGNOR', 'STATE', '#MEMBERS'], [g.groupId, coordinator, assignor, g.state, g.members.length]];
  return lines.map((cells) => `${cols(widths, cells)}\n`).join('');
}

/** StreamsGroupCommand's --describe --offsets lines: partitions in its HashMap's order. */
export function kafkaOffsetsText(groupId: string, offsets: StreamsPartitionOffset[], verbose: boolean): string {
  const widths = [Math.max(15, groupId.length), Math.max(15, ...offsets.map((o) => o.topic.length)), 10, ...(verbose ? [15, 15, 15, 15] : [])];
  const ordered = javaHashMapOrder(offsets, (o) => topicPartitionHash(o.topic, o.partition));
  if (!verbose) return [['GROUP', 'TOPIC', 'PARTITION', 'OFFSET-LAG'], ...ordered.map((o) => [groupId, o.topic, o.partition, o.lag])].map((cells) => `${cols(widths, cells)}\n`).join('');
  // The verbose format pads its last column too.
  return [['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LEADER-EPOCH', 'LOG-END-OFFSET', 'OFFSET-LAG'], ...ordered.map((o) => [groupId, o.topic, o.partition, dash(o.currentOffset), dash(o.leaderEpoch), o.logEndOffset, o.lag])]
    .map((cells) => `${cells.map((c, i) => String(c).padEnd(widths[i]!)).join(' ')}\n`)
    .join('');
}

const STREAMS: GroupKind = { type: 'Streams', name: 'streams', notOfKind: (id) => `Group '${id}' does not exist or is not a streams group.`, alsoDeleted: 'their committed offsets' };

/** The source partitions of the members' active tasks (as StreamsGroupCommand counts them), with the group's position on each. */
async function partitionOffsets(client: KafkaClient, g: StreamsGroupDescription): Promise<StreamsPartitionOffset[]> {
  const partitions = new Map<string, TopicPartition>();
  for (const m of g.members) {
    for (const task of m.assignment.active) {
      const sub = g.subtopologies.find((s) => s.subtopologyId === task.subtopologyId);
      for (const topic of [...(sub?.sourceTopics ?? []), ...(sub?.repartitionSourceTopics ?? [])]) for (const partition of task.partitions) partitions.set(`${topic}\u0000${partition}`, { topic, partition });
    }
  }
  const wanted = [...partitions.values()];
  if (wanted.length === 0) return [];
  const [earliest, latest, committed] = await Promise.all([client.offsets.query(wanted, 'earliest'), client.offsets.query(wanted, 'latest'), client.groups.committed(g.groupId)]);
  const at = <T extends TopicPartition>(list: T[], tp: TopicPartition) => list.find((x) => x.topic === tp.topic && x.partition === tp.partition);
  return wanted.flatMap((tp) => {
    const end = at(latest, tp);
    const start = at(earliest, tp);
    if (!end || !start) return [];
    const mine = at(committed, tp);
    return [{ ...tp, currentOffset: mine?.offset ?? null, leaderEpoch: mine?.leaderEpoch ?? null, logEndOffset: end.offset, lag: end.offset - (mine?.offset ?? start.offset) }];
  });
}

export async function runStreamsGroups(o: StreamsGroupsOptions, client: KafkaClient, io: IO): Promise<number> {
  if (o.action === 'list') {
    await printGroupList(client, STREAMS, o.states, o.output, io);
    return 0;
  }
  if (o.action === 'delete') return deleteGroupsOfKind(o, STREAMS, client, io);
  const ids = o.allGroups ? (await groupsOfKind(client, STREAMS)).map((g) => g.groupId) : [...new Set(o.groups)].sort(byName);
  const described = ids.length ? await client.groups.describeStreams(ids) : [];
  const missing = described.find((g) => g.state === 'Dead');
  if (missing) throw notFound(`Streams group '${missing.groupId}' does not exist.`, 'list them with `kafka groups --streams`');
  const offsets = o.view === 'offsets' ? await Promise.all(described.map(async (g) => ({ group: g, offsets: await partitionOffsets(client, g) }))) : [];
  const offsetsOf = (g: StreamsGroupDescription) => offsets.find((x) => x.group === g)!.offsets;
  if (o.output === 'kafka') {
    let text = '';
    for (const g of described) {
      if (g.state === 'Empty') await writeOut(io.stderr, `\nError: Streams group '${g.groupId}' has no active members.\n`);
      if (o.view === 'state') text += kafkaStateText(g, o.verbose);
      else if (o.view === 'members') text += kafkaMembersText(g, o.verbose);
      else if (g.members.length) text += kafkaOffsetsText(g.groupId, offsetsOf(g), o.verbose);
    }
    await writeOut(io.stdout, text);
    return 0;
  }
  if (o.output === 'json') {
    await writeOut(
      io.stdout,
      renderJson({
        groups: described.map((g) => ({
          group: g.groupId,
          state: g.state,
          coordinator: g.coordinator,
          assignor: g.assignor,
          groupEpoch: g.groupEpoch,
          targetAssignmentEpoch: g.targetAssignmentEpoch,
          topologyEpoch: g.topologyEpoch,
          subtopologies: g.subtopologies,
          members: g.members,
          ...(o.view === 'offsets' ? { partitions: offsetsOf(g) } : {}),
        })),
      }),
    );
    return 0;
  }
  const render = async <T>(columns: Column<T>[], rows: T[]) => writeOut(io.stdout, o.output === 'csv' ? renderCsv(columns, rows) : await renderTable(io, columns, rows));
  if (o.view === 'offsets') {
    const rows = offsets.flatMap(({ group, offsets: partitions }) => [...partitions].sort((a, b) => byName(a.topic, b.topic) || a.partition - b.partition).map((p) => ({ group: group.groupId, ...p })));
    await render<(typeof rows)[number]>(
      [
        { header: 'GROUP', value: (r) => r.group },
        { header: 'TOPIC', value: (r) => r.topic },
        { header: 'PARTITION', value: (r) => r.partition, align: 'right' },
        { header: 'CURRENT-OFFSET', value: (r) => r.currentOffset, align: 'right' },
        { header: 'LOG-END-OFFSET', value: (r) => r.logEndOffset, align: 'right' },
        { header: 'LAG', value: (r) => r.lag, align: 'right', style: (r) => (r.lag ? 'yellow' : undefined) },
        ...(o.verbose ? [{ header: 'LEADER-EPOCH', value: (r: (typeof rows)[number]) => r.leaderEpoch, align: 'right' as const }] : []),
      ],
      rows,
    );
  } else if (o.view === 'members') {
    const rows = described.flatMap((g) => g.members.map((m) => ({ group: g.groupId, ...m })));
    await render<(typeof rows)[number]>(
      [
        { header: 'GROUP', value: (r) => r.group },
        { header: 'MEMBER', value: (r) => r.memberId },
        { header: 'PROCESS', value: (r) => r.processId },
        { header: 'CLIENT-ID', value: (r) => r.clientId },
        { header: 'ASSIGNMENTS', value: (r) => tasksText(r.assignment).trim() || null },
        ...(o.verbose
          ? [
              { header: 'MEMBER-EPOCH', value: (r: (typeof rows)[number]) => r.memberEpoch, align: 'right' as const },
              { header: 'TARGET', value: (r: (typeof rows)[number]) => tasksText(r.targetAssignment).trim() || null },
            ]
          : []),
      ],
      rows,
    );
  } else {
    await render<StreamsGroupDescription>(
      [
        { header: 'GROUP', value: (g) => g.groupId },
        { header: 'COORDINATOR (ID)', value: (g) => coordinatorText(g) },
        { header: 'ASSIGNOR', value: (g) => g.assignor },
        { header: 'STATE', value: (g) => g.state, style: (g) => (g.state === 'Stable' ? 'green' : g.state === 'Empty' ? 'dim' : 'yellow') },
        { header: '#MEMBERS', value: (g) => g.members.length, align: 'right' },
        ...(o.verbose
          ? [
              { header: 'GROUP-EPOCH', value: (g: StreamsGroupDescription) => g.groupEpoch, align: 'right' as const },
              { header: 'TARGET-ASSIGNMENT-EPOCH', value: (g: StreamsGroupDescription) => g.targetAssignmentEpoch, align: 'right' as const },
            ]
          : []),
      ],
      described,
    );
  }
  return 0;
}
