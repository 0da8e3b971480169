import type { CommittedOffset, GroupDescription, KafkaClient } from '../../core/client.js';

/** One row of the offsets view: Kafka's describe columns plus numbers for scripts. */
export interface LagRow {
  group: string;
  topic: string;
  partition: number;
  currentOffset: number | null;
  logEndOffset: number | null;
  lag: number | null;
  consumerId: string | null;
  host: string | null;
  clientId: string | null;
}

export interface GroupLag {
  group: GroupDescription;
  rows: LagRow[];
  totalLag: number;
}

/** Committed offsets against log-end offsets, ordered as Kafka's tool orders its rows. */
export async function groupLag(client: KafkaClient, group: GroupDescription): Promise<GroupLag> {
  const committed: CommittedOffset[] = await client.groups.committed(group.groupId);
  const assigned = group.members.flatMap((m) => m.assignment.map((tp) => ({ ...tp, member: m })));
  const keys = new Map<string, { topic: string; partition: number }>();
  for (const tp of [...assigned, ...committed]) keys.set(`${tp.topic}\u0000${tp.partition}`, { topic: tp.topic, partition: tp.partition });
  const ends = await client.offsets.query([...keys.values()], 'latest');
  const endBy = new Map(ends.map((e) => [`${e.topic}\u0000${e.partition}`, e.offset]));
  const committedBy = new Map(committed.map((c) => [`${c.topic}\u0000${c.partition}`, c.offset]));
  const row = (topic: string, partition: number, member: GroupDescription['members'][number] | null): LagRow => {
    const k = `${topic}\u0000${partition}`;
    const current = committedBy.get(k) ?? null;
    const end = endBy.get(k) ?? null;
    return {
      group: group.groupId,
      topic,
      partition,
      currentOffset: current,
      logEndOffset: end,
      lag: current !== null && end !== null ? Math.max(0, end - current) : null,
      consumerId: member?.memberId ?? null,
      host: member ? `/${member.host.replace(/^\//, '')}` : null,
      clientId: member?.clientId ?? null,
    };
  };
  const members = [...group.members].filter((m) => m.assignment.length).sort((a, b) => b.assignment.length - a.assignment.length);
  const rows: LagRow[] = [];
  const seen = new Set<string>();
  for (const m of members) {
    for (const tp of m.assignment) {
      rows.push(row(tp.topic, tp.partition, m));
      seen.add(`${tp.topic}\u0000${tp.partition}`);
    }
  }
  for (const c of committed) if (!seen.has(`${c.topic}\u0000${c.partition}`)) rows.push(row(c.topic, c.partition, null));
  return { group, rows, totalLag: rows.reduce((n, r) => n + (r.lag ?? 0), 0) };
}
