import type { GroupListing, GroupType, KafkaClient } from '../../core/client.js';
import { writeOut, type IO } from '../../render/io.js';
import { renderCsv, renderJson, renderTable, type Column, type OutputFormat } from '../../render/print.js';

/** kafka-groups' filters: at most one of a type (with a protocol), a protocol, or the consumer, share or streams kinds. */
export type GroupFilter =
  | { kind: 'all' }
  | { kind: 'type'; type: GroupType; protocol?: string }
  | { kind: 'protocol'; protocol: string }
  | { kind: 'consumer' }
  | { kind: 'share' }
  | { kind: 'streams' };

export interface GroupsOptions {
  filter: GroupFilter;
  output: OutputFormat;
}

/** GroupsCommand's filter: the consumer kind is consumer-protocol groups and classic groups of consumers (or of none). */
export function matches(g: GroupListing, filter: GroupFilter): boolean {
  switch (filter.kind) {
    case 'all':
      return true;
    case 'type':
      return g.type === filter.type && (filter.protocol === undefined || g.protocolType === filter.protocol);
    case 'protocol':
      return g.protocolType === filter.protocol;
    case 'consumer':
      return g.protocolType === 'consumer' || g.protocolType === '' || g.type === 'Consumer';
    case 'share':
      return g.type === 'Share';
    case 'streams':
      return g.type === 'Streams';
  }
}

/** GroupsCommand's table: every cell as wide as the longest (at least 20); rows end in a space, the header does not. */
export function kafkaGroupsText(groups: GroupListing[]): string {
  const rows = groups.map((g) => [g.groupId, g.type ?? '', g.protocolType]);
  const width = Math.max(20, ...rows.flat().map((cell) => cell.length));
  const pad = (cell: string) => cell.padEnd(width);
  return [`${pad('GROUP')} ${pad('TYPE')} ${pad('PROTOCOL')}`, ...rows.map((row) => row.map((cell) => `${pad(cell)} `).join(''))].join('\n') + '\n';
}

export async function runGroups(o: GroupsOptions, client: KafkaClient, io: IO): Promise<number> {
  const listed = await client.groups.list();
  // Kafka's tool prints them in the brokers' order; ours sorts, so that runs can be compared.
  const groups = listed.filter((g) => matches(g, o.filter)).sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
  if (o.output === 'kafka') {
    await writeOut(io.stdout, kafkaGroupsText(groups));
    return 0;
  }
  if (o.output === 'json') {
    await writeOut(io.stdout, renderJson({ groups: groups.map((g) => ({ group: g.groupId, type: g.type, protocol: g.protocolType, state: g.state })) }));
    return 0;
  }
  const columns: Column<GroupListing>[] = [
    { header: 'GROUP', value: (g) => g.groupId },
    { header: 'TYPE', value: (g) => g.type },
    { header: 'PROTOCOL', value: (g) => g.protocolType || null },
    { header: 'STATE', value: (g) => g.state, style: (g) => (g.state === 'Dead' ? 'red' : g.state === 'Empty' ? 'dim' : undefined) },
  ];
  await writeOut(io.stdout, o.output === 'csv' ? renderCsv(columns, groups) : await renderTable(io, columns, groups));
  return 0;
}
