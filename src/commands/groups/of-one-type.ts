import type { GroupState, KafkaClient } from '../../core/client.js';
import { CliError, failed, notFound } from '../../core/errors.js';
import { javaStringOrder } from '../../render/java-order.js';
import { javaColumns } from '../../render/java-printf.js';
import { writeOut, type IO } from '../../render/io.js';
import { confirm } from '../../render/prompt.js';
import { renderCsv, renderJson, renderTable, type Column, type OutputFormat } from '../../render/print.js';

/** What kafka-share-groups and kafka-streams-groups say of their own kind of group. */
export interface GroupKind {
  type: 'Share' | 'Streams';
  /** `share` or `streams`, as their messages name the kind. */
  name: string;
  /** Kafka's line for a group that is not of this kind. */
  notOfKind(groupId: string): string;
  /** What deleting a group also deletes, for the question before it. */
  alsoDeleted: string;
}

export interface GroupOfKind {
  groupId: string;
  state: GroupState | null;
}

/** The groups of this kind, by name. */
export async function groupsOfKind(client: KafkaClient, kind: GroupKind): Promise<GroupOfKind[]> {
  return (await client.groups.list()).filter((g) => g.type === kind.type).sort((a, b) => javaStringOrder(a.groupId, b.groupId));
}

/** --list [--state [states]]: the names alone, or with states (filtered when states are given), in Kafka's layout or ours. */
export async function printGroupList(client: KafkaClient, kind: GroupKind, states: GroupState[] | null, output: OutputFormat, io: IO): Promise<void> {
  const groups = (await groupsOfKind(client, kind)).filter((g) => !states?.length || (g.state !== null && states.includes(g.state)));
  if (output === 'json') await writeOut(io.stdout, renderJson({ groups: groups.map((g) => ({ group: g.groupId, state: g.state })) }));
  else if (output === 'kafka' && states === null) await writeOut(io.stdout, groups.map((g) => `${g.groupId}\n`).join(''));
  else if (output === 'kafka') {
    const width = Math.max(15, ...groups.map((g) => g.groupId.length));
    await writeOut(io.stdout, [['GROUP', 'STATE'], ...groups.map((g) => [g.groupId, g.state ?? 'Unknown'])].map((cells) => `${javaColumns([width], cells)}\n`).join(''));
  } else {
    const columns: Column<GroupOfKind>[] = [
      { header: 'GROUP', value: (g) => g.groupId },
      { header: 'STATE', value: (g) => g.state },
    ];
    await writeOut(io.stdout, output === 'csv' ? renderCsv(columns, groups) : await renderTable(io, columns, groups));
  }
}

/** What is deleted with the groups (a streams group's internal topics): named in the question, deleted once the groups are. */
export interface AlsoDeleted {
  /** Empty when there is nothing. */
  what: string;
  deleteFor(deletedGroups: string[], output: OutputFormat): Promise<void>;
}

/** --delete after Kafka's checks (each group of this kind, and empty), asking first on a terminal unless --yes. */
export async function deleteGroupsOfKind(
  o: { groups: string[]; allGroups: boolean; yes: boolean; output: OutputFormat },
  kind: GroupKind,
  client: KafkaClient,
  io: IO,
  alsoDeleted?: (deletable: string[]) => Promise<AlsoDeleted>,
): Promise<number> {
  const listed = await groupsOfKind(client, kind);
  const ids = o.allGroups ? listed.map((g) => g.groupId) : [...new Set(o.groups)];
  if (ids.length === 0) return 0;
  const Name = kind.name[0]!.toUpperCase() + kind.name.slice(1);
  const refused = new Map<string, CliError>();
  for (const id of ids) {
    const group = listed.find((g) => g.groupId === id);
    if (!group) refused.set(id, notFound(kind.notOfKind(id)));
    else if (group.state !== 'Empty') refused.set(id, new CliError('failed', `${Name} group '${id}' is not EMPTY.`));
  }
  const deletable = ids.filter((id) => !refused.has(id));
  const also = alsoDeleted && deletable.length ? await alsoDeleted(deletable) : null;
  if (deletable.length && io.canPrompt && !o.yes && !(await confirm(io, `Delete ${kind.name} group${deletable.length > 1 ? 's' : ''} ${deletable.join(', ')} and ${kind.alsoDeleted}${also?.what ? `, and ${also.what}` : ''}?`))) {
    throw failed('nothing deleted (not confirmed)', 'pass --yes to skip the question');
  }
  const results = deletable.length ? await client.groups.delete(deletable) : new Map<string, CliError | null>();
  const failures = [...refused, ...[...results].filter((r): r is [string, CliError] => r[1] !== null)];
  const deleted = [...results].filter(([, err]) => err === null).map(([g]) => g);
  if (o.output === 'json') await writeOut(io.stdout, renderJson({ deleted, failed: Object.fromEntries(failures.map(([g, err]) => [g, err.message])) }));
  else if (failures.length === 0) await writeOut(o.output === 'kafka' ? io.stdout : io.stderr, `Deletion of requested ${kind.name} groups (${deleted.map((g) => `'${g}'`).join(', ')}) was successful.\n`);
  await also?.deleteFor(deleted, o.output);
  if (failures.length) {
    const kinds = new Set(failures.map(([, err]) => err.kind));
    throw new CliError(kinds.size === 1 ? [...kinds][0]! : 'failed', `deletion failed for ${failures.map(([g, err]) => `'${g}' (${err.message})`).join(', ')}${deleted.length ? `; deleted ${deleted.map((g) => `'${g}'`).join(', ')}` : ''}`);
  }
  return 0;
}
