import type { GroupState, KafkaClient, ShareGroupDescription, SharePartitionOffset } from '../../core/client.js';
import { CliError, notFound } from '../../core/errors.js';
import { deleteGroupsOfKind, groupsOfKind, printGroupList, type GroupKind } from '../groups/of-one-type.js';
import type { ResetSpec, TopicScope } from '../consumer-groups/options.js';
import { carryOutReset, planReset, resetterOrder, type PlannedOffset } from '../consumer-groups/reset-plan.js';
import { javaStringOrder as byName } from '../../render/java-order.js';
import { javaColumns as cols, orDash as dash } from '../../render/java-printf.js';
import { writeOut, type IO } from '../../render/io.js';
import { renderCsv, renderJson, renderTable, type Column, type OutputFormat } from '../../render/print.js';

export type ShareGroupsOptions =
  | { action: 'list'; /** --state given (with these states, or all when empty) */ states: GroupState[] | null; output: OutputFormat }
  | { action: 'describe'; groups: string[]; allGroups: boolean; view: 'offsets' | 'members' | 'state'; verbose: boolean; output: OutputFormat }
  | {
      action: 'reset-offsets';
      group: string;
      reset: ResetSpec;
      /** Empty with --all-topics (or --from-file): every partition the group has state for. */
      topics: TopicScope[];
      execute: boolean;
      export: boolean;
      yes: boolean;
      output: OutputFormat;
    }
  | { action: 'delete-offsets'; group: string; topics: string[]; output: OutputFormat }
  | { action: 'delete'; groups: string[]; allGroups: boolean; yes: boolean; output: OutputFormat };


/** `topic:0,1;other:2`, as ShareGroupCommand writes a member's assignment. */
export function assignmentText(assignment: Array<{ topic: string; partition: number }>): string {
  const byTopic = new Map<string, number[]>();
  for (const tp of assignment) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
  return [...byTopic].map(([topic, ps]) => `${topic}:${[...ps].sort((a, b) => a - b).join(',')}`).sort(byName).join(';');
}

/** ShareGroupCommand's --describe --offsets block for one group (each line starts with a newline, as it prints them). */
export function kafkaOffsetsText(groupId: string, offsets: SharePartitionOffset[], verbose: boolean): string {
  if (offsets.length === 0) return `\nShare group '${groupId}' has no offset information.\n`;
  const widths = [Math.max(15, groupId.length), Math.max(15, ...offsets.map((o) => o.topic.length)), 10, 13, ...(verbose ? [13] : [])];
  const header = verbose ? ['GROUP', 'TOPIC', 'PARTITION', 'LEADER-EPOCH', 'START-OFFSET', 'LAG'] : ['GROUP', 'TOPIC', 'PARTITION', 'START-OFFSET', 'LAG'];
  const rows = offsets.map((o) => (verbose ? [groupId, o.topic, o.partition, dash(o.leaderEpoch), dash(o.startOffset), dash(o.lag)] : [groupId, o.topic, o.partition, dash(o.startOffset), dash(o.lag)]));
  return [header, ...rows].map((cells) => `\n${cols(widths, cells)}`).join('') + '\n';
}

const coordinatorText = (g: ShareGroupDescription) => (g.coordinator ? `${g.coordinator.host}:${g.coordinator.port}  (${g.coordinator.id})` : '-');

/** ShareGroupCommand's --describe --state block. */
export function kafkaStateText(g: ShareGroupDescription, verbose: boolean): string {
  const coordinator = coordinatorText(g);
  const widths = [Math.max(15, g.groupId.length), Math.max(25, coordinator.length), 15, ...(verbose ? [12, 17] : [])];
  const lines = verbose
    ? [['GROUP', 'COORDINATOR (ID)', 'STATE', 'GROUP-EPOCH', 'ASSIGNMENT-EPOCH', '#MEMBERS'], [g.groupId, coordinator, g.state, g.groupEpoch, g.assignmentEpoch, g.members.length]]
    : [['GROUP', 'COORDINATOR (ID)', 'STATE', '#MEMBERS'], [g.groupId, coordinator, g.state, g.members.length]];
  return lines.map((cells) => `\n${cols(widths, cells)}`).join('') + '\n';
}

/** ShareGroupCommand's --describe --members block (nothing for a group without members). */
export function kafkaMembersText(g: ShareGroupDescription, verbose: boolean): string {
  if (g.members.length === 0) return '';
  const members = [...g.members].sort((a, b) => byName(a.memberId, b.memberId));
  const widths = [
    Math.max(15, g.groupId.length),
    Math.max(15, ...members.map((m) => m.memberId.length)),
    Math.max(15, ...members.map((m) => m.host.length)),
    Math.max(15, ...members.map((m) => m.clientId.length)),
    12,
    ...(verbose ? [13] : []),
  ];
  const header = verbose ? ['GROUP', 'CONSUMER-ID', 'HOST', 'CLIENT-ID', '#PARTITIONS', 'MEMBER-EPOCH', 'ASSIGNMENT'] : ['GROUP', 'CONSUMER-ID', 'HOST', 'CLIENT-ID', '#PARTITIONS', 'ASSIGNMENT'];
  const rows = members.map((m) =>
    verbose
      ? [g.groupId, m.memberId, m.host, m.clientId, m.assignment.length, m.memberEpoch, assignmentText(m.assignment)]
      : [g.groupId, m.memberId, m.host, m.clientId, m.assignment.length, assignmentText(m.assignment)],
  );
  return [header, ...rows].map((cells) => `\n${cols(widths, cells)}`).join('') + '\n';
}

const SHARE: GroupKind = { type: 'Share', name: 'share', notOfKind: (id) => `Group '${id}' is not a share group.`, alsoDeleted: 'where they are on each partition' };

export async function runShareGroups(o: ShareGroupsOptions, client: KafkaClient, io: IO): Promise<number> {
  if (o.action === 'list') {
    await printGroupList(client, SHARE, o.states, o.output, io);
    return 0;
  }
  if (o.action === 'reset-offsets') return resetOffsets(o, client, io);
  if (o.action === 'delete-offsets') return deleteOffsets(o, client, io);
  if (o.action === 'delete') return deleteGroupsOfKind(o, SHARE, client, io);
  const ids = o.allGroups ? (await groupsOfKind(client, SHARE)).map((g) => g.groupId) : [...new Set(o.groups)].sort(byName);
  const described = ids.length ? await client.groups.describeShare(ids) : [];
  const missing = described.find((g) => g.state === 'Dead');
  if (missing) throw notFound(`share group '${missing.groupId}' does not exist`, 'list them with `kafka groups --share`');
  const offsets = o.view === 'offsets' ? await Promise.all(described.map(async (g) => ({ group: g, offsets: await client.groups.shareOffsets(g.groupId) }))) : [];
  if (o.output === 'kafka') {
    let text = '';
    for (const g of described) {
      if (o.view !== 'offsets' && g.state === 'Empty') io.stderr.write(`\nShare group '${g.groupId}' has no active members.\n`);
      if (o.view === 'state') text += kafkaStateText(g, o.verbose);
      else if (o.view === 'members') text += kafkaMembersText(g, o.verbose);
      else text += kafkaOffsetsText(g.groupId, offsets.find((x) => x.group === g)!.offsets, o.verbose);
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
          groupEpoch: g.groupEpoch,
          assignmentEpoch: g.assignmentEpoch,
          members: g.members,
          ...(o.view === 'offsets' ? { partitions: offsets.find((x) => x.group === g)!.offsets } : {}),
        })),
      }),
    );
    return 0;
  }
  const render = async <T>(columns: Column<T>[], rows: T[]) => writeOut(io.stdout, o.output === 'csv' ? renderCsv(columns, rows) : await renderTable(io, columns, rows));
  if (o.view === 'offsets') {
    const rows = offsets.flatMap(({ group, offsets: partitions }) => partitions.map((p) => ({ group: group.groupId, ...p })));
    await render<(typeof rows)[number]>(
      [
        { header: 'GROUP', value: (r) => r.group },
        { header: 'TOPIC', value: (r) => r.topic },
        { header: 'PARTITION', value: (r) => r.partition, align: 'right' },
        { header: 'START-OFFSET', value: (r) => r.startOffset, align: 'right' },
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
        { header: 'MEMBER-ID', value: (r) => r.memberId },
        { header: 'HOST', value: (r) => r.host },
        { header: 'CLIENT-ID', value: (r) => r.clientId },
        { header: '#PARTITIONS', value: (r) => r.assignment.length, align: 'right' },
        { header: 'ASSIGNMENT', value: (r) => assignmentText(r.assignment) || null },
        ...(o.verbose ? [{ header: 'MEMBER-EPOCH', value: (r: (typeof rows)[number]) => r.memberEpoch, align: 'right' as const }] : []),
      ],
      rows,
    );
  } else {
    await render<ShareGroupDescription>(
      [
        { header: 'GROUP', value: (g) => g.groupId },
        { header: 'COORDINATOR (ID)', value: (g) => coordinatorText(g) },
        { header: 'STATE', value: (g) => g.state, style: (g) => (g.state === 'Stable' ? 'green' : g.state === 'Empty' ? 'dim' : 'yellow') },
        { header: '#MEMBERS', value: (g) => g.members.length, align: 'right' },
        ...(o.verbose
          ? [
              { header: 'GROUP-EPOCH', value: (g: ShareGroupDescription) => g.groupEpoch, align: 'right' as const },
              { header: 'ASSIGNMENT-EPOCH', value: (g: ShareGroupDescription) => g.assignmentEpoch, align: 'right' as const },
            ]
          : []),
      ],
      described,
    );
  }
  return 0;
}

/** Where delivery starts, moved while the group has no members: planned as a consumer group's reset is. */
async function resetOffsets(o: Extract<ShareGroupsOptions, { action: 'reset-offsets' }>, client: KafkaClient, io: IO): Promise<number> {
  const [described] = await client.groups.describeShare([o.group]);
  if (described!.state !== 'Empty' && described!.state !== 'Dead') throw new CliError('failed', `Share group '${o.group}' is not empty.`, 'stop its consumers first');
  const state = described!.state === 'Dead' ? [] : await client.groups.shareOffsets(o.group);
  const current = state.filter((p) => p.startOffset !== null).map((p) => ({ topic: p.topic, partition: p.partition, offset: p.startOffset! }));
  // --all-topics: every partition the group has state for (as Kafka's tool takes them), started or not.
  const topics = o.topics.length ? o.topics : [...new Set(state.map((p) => p.topic))].map((topic) => ({ topic, partitions: state.filter((p) => p.topic === topic).map((p) => p.partition) }));
  const plans = await planReset(client, o.group, current, o.reset, { topics, allTopics: false }, (line) => void writeOut(io.stderr, `WARN: ${line}\n`));
  return carryOutReset({ ...o, single: true, unit: 'start offset(s)', question: 'Set the start offset of these N partition(s)?', kafkaText: kafkaShareResetText }, plans, (group, offsets) => client.groups.alterShareOffsets(group, offsets), io);
}

/** GroupOffsetsResetter's plan as ShareGroupCommand prints it: partitions in its HashMap's order. */
export function kafkaShareResetText(plans: PlannedOffset[]): string {
  if (plans.length === 0) return '\n';
  const g = Math.max(15, ...plans.map((p) => p.group.length));
  const t = Math.max(15, ...plans.map((p) => p.topic.length));
  const line = (cells: Array<string | number>) => `\n${cols([g, t, 10], cells)}`;
  return line(['GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET']) + resetterOrder(plans).map((p) => line([p.group, p.topic, p.partition, p.offset])).join('') + '\n';
}

/** ShareGroupCommand's --delete-offsets lines: a blank line, then TOPIC and STATUS per topic. */
export function kafkaDeleteOffsetsText(results: Map<string, CliError | null>): string {
  const width = Math.max(15, ...[...results.keys()].map((t) => t.length));
  const line = (topic: string, status: string) => `\n${topic.padEnd(width)} ${status}`;
  return line('TOPIC', 'STATUS') + [...results].sort(([a], [b]) => byName(a, b)).map(([topic, err]) => line(topic, err ? `Error: ${err.message}` : 'Successful')).join('') + '\n';
}

async function deleteOffsets(o: Extract<ShareGroupsOptions, { action: 'delete-offsets' }>, client: KafkaClient, io: IO): Promise<number> {
  const results = await client.groups.deleteShareOffsets(o.group, [...new Set(o.topics)]);
  const failures = [...results].filter(([, err]) => err !== null);
  if (o.output === 'json') await writeOut(io.stdout, renderJson({ group: o.group, topics: [...results].map(([topic, err]) => ({ topic, error: err?.message ?? null })) }));
  else if (o.output === 'kafka') await writeOut(io.stdout, kafkaDeleteOffsetsText(results));
  else {
    const rows = [...results].map(([topic, err]) => ({ topic, err }));
    const columns: Column<(typeof rows)[number]>[] = [
      { header: 'TOPIC', value: (r) => r.topic },
      { header: 'STATUS', value: (r) => (r.err ? `Error: ${r.err.message}` : 'Successful'), style: (r) => (r.err ? 'red' : 'green') },
    ];
    await writeOut(io.stdout, o.output === 'csv' ? renderCsv(columns, rows) : await renderTable(io, columns, rows));
  }
  if (failures.length) throw new CliError(failures[0]![1]!.kind, `offsets of ${failures.length} topic(s) were not deleted: ${failures[0]![1]!.message}`);
  return 0;
}
