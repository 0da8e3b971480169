import type { GroupState, KafkaClient, PartitionResult, StreamsGroupDescription, StreamsTaskAssignment, StreamsTopologyNode, TopicPartition } from '../../core/client.js';
import { CliError, failed, invalid, notFound } from '../../core/errors.js';
import { deleteGroupsOfKind, groupsOfKind, printGroupList, type GroupKind } from '../groups/of-one-type.js';
import type { ResetSpec, TopicScope } from '../consumer-groups/options.js';
import { carryOutReset, kafkaPlanOrder, partitionsOf, planReset, type PlannedOffset } from '../consumer-groups/reset-plan.js';
import { reportOffsetDeletion } from '../groups/offset-deletion.js';
import { javaHashMapOrder, javaStringOrder as byName, topicPartitionHash } from '../../render/java-order.js';
import { javaColumns as cols, orDash as dash } from '../../render/java-printf.js';
import { writeOut, type IO } from '../../render/io.js';
import { confirm } from '../../render/prompt.js';
import { renderCsv, renderJson, renderTable, type Column, type OutputFormat } from '../../render/print.js';

/** Which input topics a reset or delete-offsets takes: each source topic the group has committed offsets on, or these. */
export type InputTopics = { all: true } | { all: false; topics: TopicScope[] };

export type StreamsGroupsOptions =
  | { action: 'list'; /** --state given (with these states, or all when empty) */ states: GroupState[] | null; output: OutputFormat }
  | { action: 'describe'; groups: string[]; allGroups: boolean; view: 'offsets' | 'members' | 'state' | 'topology'; verbose: boolean; output: OutputFormat }
  | {
      action: 'reset-offsets';
      groups: string[];
      allGroups: boolean;
      reset: ResetSpec;
      /** null with --from-file: the file names the partitions. */
      inputTopics: InputTopics | null;
      execute: boolean;
      export: boolean;
      /** With --execute: every internal topic of the group, or these (each must be one of them). */
      deleteInternalTopics: 'all' | string[];
      yes: boolean;
      output: OutputFormat;
    }
  | { action: 'delete-offsets'; group: string; inputTopics: InputTopics; output: OutputFormat }
  | { action: 'delete'; groups: string[]; allGroups: boolean; deleteInternalTopics: boolean; yes: boolean; output: OutputFormat };

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
  if (o.action === 'delete') return deleteGroupsOfKind(o, STREAMS, client, io, o.deleteInternalTopics ? (ids) => internalTopicsDeletion(client, ids, io) : undefined);
  if (o.action === 'reset-offsets') return resetOffsets(o, client, io);
  if (o.action === 'delete-offsets') return deleteOffsets(o, client, io);
  const ids = o.allGroups ? (await groupsOfKind(client, STREAMS)).map((g) => g.groupId) : [...new Set(o.groups)].sort(byName);
  const described = ids.length ? await client.groups.describeStreams(ids, { topology: o.view === 'topology' }) : [];
  const missing = described.find((g) => g.state === 'Dead');
  if (missing) throw notFound(`Streams group '${missing.groupId}' does not exist.`, 'list them with `kafka groups --streams`');
  if (o.view === 'topology') return printTopologies(described, o.output, io);
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

const nodeNames = (names: string[]) => (names.length ? [...names].sort(byName).join(', ') : 'none');
/** A Java TreeSet's toString. */
const sortedSet = (names: string[]) => `[${[...new Set(names)].sort(byName).join(', ')}]`;

function nodeText(n: StreamsTopologyNode): string {
  if (n.kind === 'source') return `Source: ${n.name} (topics: ${sortedSet(n.topics)})\n      --> ${nodeNames(n.successors)}`;
  if (n.kind === 'processor') return `Processor: ${n.name} (stores: ${sortedSet(n.stores)})\n      --> ${nodeNames(n.successors)}\n      <-- ${nodeNames(n.predecessors)}`;
  return `Sink: ${n.name} (topic: ${n.topic ?? 'null'})\n      <-- ${nodeNames(n.predecessors)}`;
}

/** The topology as Kafka Streams' Topology#describe writes it (StreamsGroupCommand's TopologyDescriptionFormatter): nodes in the broker's order. */
export function topologyText(d: StreamsGroupDescription['topologyDescription']): string {
  let text = 'Topologies:\n';
  for (const s of d.subtopologies) text += `   Sub-topology: ${s.subtopologyId}\n${s.nodes.map((n) => `    ${nodeText(n)}\n`).join('')}\n`;
  d.globalStores.forEach((g, i) => {
    text += `   Sub-topology: ${d.subtopologies.length + i} for global store (will not generate tasks)\n    ${nodeText(g.source)}\n    ${nodeText(g.processor)}\n\n`;
  });
  return text;
}

/** Why a group's topology cannot be shown, in StreamsGroupCommand's words; null when it can. */
function topologyMissing(g: StreamsGroupDescription): CliError | null {
  switch (g.topologyDescription.status) {
    case 'available':
      return null;
    case 'not-stored':
      return notFound(`No topology description is stored for streams group '${g.groupId}'.`, 'the brokers keep one only with group.streams.topology.description.plugin.class set (Kafka 4.4+), once the application has (re)joined');
    case 'error':
      return failed(`The broker failed to fetch the topology description for streams group '${g.groupId}'. See the broker logs for details.`);
    case 'not-requested':
      return invalid(`No topology description is available for streams group '${g.groupId}' (status: NOT_REQUESTED).`, 'the brokers are older than Kafka 4.2');
  }
}

/** --describe --topology: each group's topology; a group without one is an error after the others are printed, as with Kafka's tool. */
async function printTopologies(described: StreamsGroupDescription[], output: OutputFormat, io: IO): Promise<number> {
  const missing = described.map(topologyMissing).filter((e): e is CliError => e !== null);
  const available = described.filter((g) => topologyMissing(g) === null);
  if (output === 'json') {
    await writeOut(io.stdout, renderJson({ groups: described.map((g) => ({ group: g.groupId, status: g.topologyDescription.status, subtopologies: g.topologyDescription.subtopologies, globalStores: g.topologyDescription.globalStores })) }));
  } else if (output === 'csv') {
    const rows = available.flatMap((g) => [
      ...g.topologyDescription.subtopologies.flatMap((s) => s.nodes.map((node) => ({ group: g.groupId, subtopology: s.subtopologyId, node }))),
      ...g.topologyDescription.globalStores.flatMap((s, i) => [s.source, s.processor].map((node) => ({ group: g.groupId, subtopology: `${g.topologyDescription.subtopologies.length + i} (global store)`, node }))),
    ]);
    const list = (names: string[]) => [...names].sort(byName).join(' ');
    await writeOut(
      io.stdout,
      renderCsv<(typeof rows)[number]>(
        [
          { header: 'group', value: (r) => r.group },
          { header: 'subtopology', value: (r) => r.subtopology },
          { header: 'kind', value: (r) => r.node.kind },
          { header: 'node', value: (r) => r.node.name },
          { header: 'topics', value: (r) => list(r.node.kind === 'sink' ? (r.node.topic === null ? [] : [r.node.topic]) : r.node.topics) },
          { header: 'stores', value: (r) => list(r.node.stores) },
          { header: 'successors', value: (r) => list(r.node.successors) },
          { header: 'predecessors', value: (r) => list(r.node.predecessors) },
        ],
        rows,
      ),
    );
  } else {
    // Kafka Streams' own text is what its users read topologies in: tables and -o kafka both print it.
    await writeOut(io.stdout, available.map((g) => `${topologyText(g.topologyDescription)}\n`).join(''));
  }
  if (missing.length) throw missing.length === 1 ? missing[0]! : new CliError(missing[0]!.kind, missing.map((e) => e.message).join(' '), missing[0]!.hint);
  return 0;
}

/** The topics Kafka Streams made for a group (repartition and changelog topics), as StreamsGroupCommand infers them. */
export function internalTopicsOf(g: StreamsGroupDescription): { internal: string[]; notInferred: string[] } {
  const sources = new Set(g.subtopologies.flatMap((s) => s.sourceTopics));
  const candidates = [...new Set(g.subtopologies.flatMap((s) => [...s.repartitionSourceTopics, ...s.stateChangelogTopics]))].filter((t) => !sources.has(t));
  // Only a name the application would have made is deleted: `<application.id>-…-changelog` and the like.
  const inferred = (t: string) =>
    t.startsWith(`${g.groupId}-`) &&
    (['-changelog', '-repartition', '-subscription-registration-topic', '-subscription-response-topic'].some((end) => t.endsWith(end)) || /^.+-KTABLE-FK-JOIN-SUBSCRIPTION-(REGISTRATION|RESPONSE)-\d+-topic$/.test(t));
  return { internal: candidates.filter(inferred).sort(byName), notInferred: candidates.filter((t) => !inferred(t)).sort(byName) };
}

const notInferredWarning = (topic: string, group: string) => `The internal topic '${topic}' is not inferred as internal and thus will not be deleted with the group '${group}'.\n`;

/** --delete --delete-all-internal-topics: the groups' internal topics, named in the question and deleted once their groups are. */
async function internalTopicsDeletion(client: KafkaClient, ids: string[], io: IO) {
  const byGroup = new Map<string, string[]>();
  for (const g of await client.groups.describeStreams(ids)) {
    const { internal, notInferred } = internalTopicsOf(g);
    for (const t of notInferred) await writeOut(io.stderr, notInferredWarning(t, g.groupId));
    if (internal.length) byGroup.set(g.groupId, internal);
  }
  const all = [...byGroup.values()].flat();
  return {
    what: all.length ? `topic${all.length > 1 ? 's' : ''} ${all.join(', ')}` : '',
    async deleteFor(deleted: string[], output: OutputFormat) {
      const groups = deleted.filter((g) => byGroup.has(g));
      if (groups.length === 0) return;
      const topics = groups.flatMap((g) => byGroup.get(g)!);
      try {
        await client.topics.delete(topics);
      } catch (err) {
        throw new CliError(err instanceof CliError ? err.kind : 'failed', `the groups were deleted, but deleting their internal topics failed: ${(err as Error).message}`, `delete them with \`kafka topics --delete --topic …\`: ${topics.join(', ')}`, err);
      }
      await writeOut(output === 'kafka' ? io.stdout : io.stderr, `Deletion of associated internal topics of the streams groups (${groups.map((g) => `'${g}'`).join(', ')}) was successful.\n`);
    },
  };
}

/** Partitions of --input-topic scopes, each of which the group must have a committed offset for (as Kafka's tool requires). */
async function inputPartitions(client: KafkaClient, groupId: string, scopes: TopicScope[], committed: TopicPartition[]): Promise<TopicPartition[]> {
  const partitions = await partitionsOf(client, scopes, 'input-topic');
  const has = new Set(committed.map((c) => `${c.topic}\u0000${c.partition}`));
  if (!partitions.every((p) => has.has(`${p.topic}\u0000${p.partition}`))) {
    throw invalid(`One or more topics are not part of the group '${groupId}'.`, `name the topics it reads: \`kafka streams-groups --describe --group ${groupId} --offsets\``);
  }
  return partitions;
}

/** Where each input topic's processing restarts, moved while every instance of the application is stopped; --execute can also delete its internal topics (its state). */
async function resetOffsets(o: Extract<StreamsGroupsOptions, { action: 'reset-offsets' }>, client: KafkaClient, io: IO): Promise<number> {
  const ids = o.allGroups ? (await groupsOfKind(client, STREAMS)).map((g) => g.groupId) : [...new Set(o.groups)];
  const described = ids.length ? await client.groups.describeStreams(ids) : [];
  const plans: PlannedOffset[] = [];
  const doomed = new Map<string, string[]>();
  for (const g of described) {
    if (g.state !== 'Empty' && g.state !== 'Dead') throw failed(`Assignments can only be reset if the group '${g.groupId}' is inactive, but the current state is ${g.state}.`, 'stop every instance of the application first');
    // A group not made yet can be given its start offsets from a file, as Kafka's tool allows.
    if (g.state === 'Dead' && o.reset.kind !== 'file') throw notFound(`Streams group '${g.groupId}' does not exist.`, 'list them with `kafka groups --streams`');
    const committed = g.state === 'Dead' ? [] : await client.groups.committed(g.groupId);
    const sources = new Set(g.subtopologies.flatMap((s) => s.sourceTopics));
    const inputs = new Set(g.subtopologies.flatMap((s) => [...s.sourceTopics, ...s.repartitionSourceTopics]));
    const partitions = o.inputTopics === null ? [] : o.inputTopics.all ? committed.filter((c) => sources.has(c.topic)) : await inputPartitions(client, g.groupId, o.inputTopics.topics, committed);
    if (o.execute && (o.deleteInternalTopics === 'all' || o.deleteInternalTopics.length)) {
      const { internal, notInferred } = internalTopicsOf(g);
      for (const t of notInferred) await writeOut(io.stderr, notInferredWarning(t, g.groupId));
      if (o.deleteInternalTopics !== 'all') {
        const stranger = o.deleteInternalTopics.find((t) => !internal.includes(t));
        if (stranger !== undefined) throw invalid(`topic '${stranger}' is not an internal topic of streams group '${g.groupId}'`, internal.length ? `its internal topics are ${internal.join(', ')}` : 'it has none');
      }
      const topics = o.deleteInternalTopics === 'all' ? internal : o.deleteInternalTopics;
      if (topics.length) doomed.set(g.groupId, topics);
    }
    if (o.inputTopics !== null && partitions.length === 0) continue;
    const current = committed.filter((c) => inputs.has(c.topic));
    plans.push(...(await planReset(client, g.groupId, current, o.reset, { partitions }, (line) => void writeOut(io.stderr, `WARN: ${line}\n`))));
  }
  const topics = [...doomed.values()].flat();
  const alsoDeleting = topics.length ? ` and delete topic${topics.length > 1 ? 's' : ''} ${topics.join(', ')}` : '';
  if (o.execute && plans.length === 0 && topics.length && io.canPrompt && !o.yes && !(await confirm(io, `Delete topic${topics.length > 1 ? 's' : ''} ${topics.join(', ')}?`))) {
    throw failed('nothing reset (not confirmed)', 'pass --yes to skip the question');
  }
  const code = await carryOutReset(
    { ...o, single: !o.allGroups && ids.length === 1, unit: 'offset(s)', question: `Commit these N offset(s)${alsoDeleting}?`, kafkaText: (p) => kafkaResetText(p, described.length > 0), kafkaOrder: kafkaPlanOrder },
    plans,
    (group, offsets) => client.groups.alterCommitted(group, offsets),
    io,
  );
  if (o.execute && topics.length) {
    try {
      await client.topics.delete(topics);
    } catch (err) {
      throw new CliError(err instanceof CliError ? err.kind : 'failed', `offsets were reset, but deleting internal topics failed: ${(err as Error).message}`, `delete them with \`kafka topics --delete --topic …\`: ${topics.join(', ')}`, err);
    }
    await writeOut(io.stderr, `Deleted internal topic${topics.length > 1 ? 's' : ''} ${topics.join(', ')}.\n`);
  }
  return code;
}

/** StreamsGroupCommand's reset plan: 30-wide columns in its order; a header once any group was reset. */
export function kafkaResetText(plans: PlannedOffset[], anyGroup: boolean): string {
  const line = (cells: Array<string | number>) => `\n${cells.map((c, i) => String(c).padEnd([30, 30, 10, 15][i]!)).join(' ')}`;
  return (anyGroup ? line(['GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET']) : '') + kafkaPlanOrder(plans).map((p) => line([p.group, p.topic, p.partition, p.offset])).join('') + '\n';
}

/** Kafka's name of the Java exception for an error code's name (GROUP_SUBSCRIBED_TO_TOPIC → GroupSubscribedToTopicException). */
function javaExceptionName(errorName: string): string {
  const words = errorName.replace(/_AUTHORIZATION_FAILED$/, '_AUTHORIZATION').toLowerCase().split('_');
  return `org.apache.kafka.common.errors.${words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}Exception`;
}

/** StreamsGroupCommand's --delete-offsets text: the outcome, then each partition by `topic + partition` as a string. */
export function kafkaDeleteOffsetsText(group: string, results: PartitionResult[]): string {
  const failedAny = results.some((r) => r.error !== null);
  const head = failedAny ? '\nError: Encountered some partition-level error, see the follow-up details.\n' : `Request succeeded for deleting offsets from group ${group}.\n`;
  const width = Math.max(15, ...results.map((r) => r.topic.length));
  const line = (cells: Array<string | number>) => `\n${cells.map((c, i) => String(c).padEnd([width, 10, 15][i]!)).join(' ')}`;
  const sorted = [...results].sort((a, b) => byName(`${a.topic}${a.partition}`, `${b.topic}${b.partition}`));
  return head + line(['TOPIC', 'PARTITION', 'STATUS']) + sorted.map((r) => line([r.topic, r.partition, r.error ? `Error: ${javaExceptionName(r.errorName ?? 'UNKNOWN_SERVER_ERROR')}: ${r.error}` : 'Successful'])).join('') + '\n';
}

/** The group forgets where it is on these input partitions (while the application is stopped). */
async function deleteOffsets(o: Extract<StreamsGroupsOptions, { action: 'delete-offsets' }>, client: KafkaClient, io: IO): Promise<number> {
  const [g] = await client.groups.describeStreams([o.group]);
  if (g!.state === 'Dead') throw notFound(`Streams group '${o.group}' does not exist.`, 'list them with `kafka groups --streams`');
  const committed = await client.groups.committed(o.group);
  const sources = new Set(g!.subtopologies.flatMap((s) => s.sourceTopics));
  const partitions = o.inputTopics.all ? committed.filter((c) => sources.has(c.topic)).map(({ topic, partition }) => ({ topic, partition })) : await partitionsOf(client, o.inputTopics.topics, 'input-topic');
  const results = partitions.length ? await client.groups.deleteCommitted(o.group, partitions) : [];
  return reportOffsetDeletion(o.group, results, o.output, io, { kafkaText: kafkaDeleteOffsetsText, whileSubscribed: 'stop every instance of the application first' });
}
