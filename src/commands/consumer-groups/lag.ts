import type { CommittedOffset, GroupDescription, KafkaClient } from '../../core/client.js';

/** One row of the offsets view: Kafka's describe columns plus numbers for scripts. */
export interface LagRow {
  group: string;
  topic: string;
  partition: number;
  currentOffset: number | null;
  logEndOffset: number | null;
  lag: number | null;
  /**
   * Time lag: seconds from the timestamp of the next record the group reads (the one at its
   * committed offset) to now; 0 when caught up; null without a committed offset or a readable record.
   */
  lagSeconds: number | null;
  consumerId: string | null;
  host: string | null;
  clientId: string | null;
}

export interface GroupLag {
  group: GroupDescription;
  rows: LagRow[];
  totalLag: number;
  /** The largest time lag of the group's partitions; null when none is known. */
  maxLagSeconds: number | null;
}

/** Committed offsets against log-end offsets, ordered as Kafka's tool orders its rows; time lag read at `now`. */
export async function groupLag(client: KafkaClient, group: GroupDescription, now: () => number = Date.now): Promise<GroupLag> {
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
      lagSeconds: null,
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
  await addTimeLag(client, rows, now);
  const timeLags = rows.map((r) => r.lagSeconds).filter((s): s is number => s !== null);
  return { group, rows, totalLag: rows.reduce((n, r) => n + (r.lag ?? 0), 0), maxLagSeconds: timeLags.length ? Math.max(...timeLags) : null };
}

async function addTimeLag(client: KafkaClient, rows: LagRow[], now: () => number): Promise<void> {
  const behind = rows.filter((r) => r.lag !== null && r.lag > 0);
  const found = await client.offsets.recordTimestamps(behind.map((r) => ({ topic: r.topic, partition: r.partition, offset: r.currentOffset! })));
  const at = now();
  const timestampBy = new Map(found.map((f) => [`${f.topic}\u0000${f.partition}`, f.timestamp]));
  for (const r of rows) {
    if (r.lag === 0) r.lagSeconds = 0;
    const timestamp = timestampBy.get(`${r.topic}\u0000${r.partition}`);
    // A producer's clock ahead of ours must not read as negative lag.
    if (r.lag !== null && r.lag > 0 && timestamp !== undefined) r.lagSeconds = Math.max(0, at - timestamp) / 1000;
  }
}
