import type { KafkaClient, QuorumDescription, QuorumReplica } from '../../core/client.js';
import { notFound } from '../../core/errors.js';
import { writeOut, type IO } from '../../render/io.js';
import { kafkaTabTable } from '../../render/kafka-tab-table.js';
import { renderCsv, renderJson, renderTable, type Column, type OutputFormat } from '../../render/print.js';

export interface MetadataQuorumOptions {
  /** `describe --status`: a summary; `describe --replication`: each replica of the metadata log. */
  view: 'status' | 'replication';
  /** Timestamps as `N ms ago` in Kafka's layout (--human-readable). */
  humanReadable: boolean;
  output: OutputFormat;
}

const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

type Role = 'Leader' | 'Follower' | 'Observer';

export interface ReplicaRow extends QuorumReplica {
  status: Role;
  /** Records behind the leader's log end offset. */
  lag: number;
}

/** The leader first, then the other voters, then the observers: MetadataQuorumCommand's order. */
export function replicaRows(quorum: QuorumDescription): ReplicaRow[] {
  const leader = quorum.voters.find((v) => v.id === quorum.leaderId);
  const leaderEnd = leader?.logEndOffset ?? quorum.highWatermark;
  const row = (r: QuorumReplica, status: Role): ReplicaRow => ({ ...r, status, lag: leaderEnd - r.logEndOffset });
  return [
    ...(leader ? [row(leader, 'Leader')] : []),
    ...quorum.voters.filter((v) => v.id !== quorum.leaderId).map((v) => row(v, 'Follower')),
    ...quorum.observers.map((o) => row(o, 'Observer')),
  ];
}

/** The voter furthest behind the leader, and by how long (ms) its last catching up trails the leader's. */
export function followerLag(quorum: QuorumDescription): { records: number; ms: number | null } {
  const leader = quorum.voters.find((v) => v.id === quorum.leaderId);
  if (!leader || quorum.voters.length === 0) return { records: 0, ms: 0 };
  // Java's Stream.min keeps the first of equals.
  const furthest = quorum.voters.reduce((min, v) => (v.logEndOffset < min.logEndOffset ? v : min));
  if (furthest === leader) return { records: 0, ms: 0 };
  const ms = leader.lastCaughtUpTimestamp !== null && furthest.lastCaughtUpTimestamp !== null ? leader.lastCaughtUpTimestamp - furthest.lastCaughtUpTimestamp : null;
  return { records: leader.logEndOffset - furthest.logEndOffset, ms };
}

/** MetadataQuorumCommand's `describe --status` lines. */
export function kafkaStatusText(clusterId: string, quorum: QuorumDescription): string {
  const node = (r: QuorumReplica) =>
    `{"id": ${r.id}${r.directoryId === ZERO_UUID ? '' : `, "directoryId": "${r.directoryId}"`}${r.endpoints.length ? `, "endpoints": [${r.endpoints.map((e) => `"${e}"`).join(', ')}]` : ''}}`;
  const lag = followerLag(quorum);
  return [
    `ClusterId:              ${clusterId}`,
    `LeaderId:               ${quorum.leaderId}`,
    `LeaderEpoch:            ${quorum.leaderEpoch}`,
    `HighWatermark:          ${quorum.highWatermark}`,
    `MaxFollowerLag:         ${lag.records}`,
    `MaxFollowerLagTimeMs:   ${lag.ms ?? -1}`,
    `CurrentVoters:          [${quorum.voters.map(node).join(', ')}]`,
    `CurrentObservers:       [${quorum.observers.map(node).join(', ')}]`,
  ].join('\n') + '\n';
}

/** MetadataQuorumCommand's `describe --replication` table. */
export function kafkaReplicationText(rows: ReplicaRow[], humanReadable: boolean, now: number): string {
  const time = (t: number | null) => (t === null ? '-1' : humanReadable ? `${now - t} ms ago` : String(t));
  return kafkaTabTable(
    ['NodeId', 'DirectoryId', 'LogEndOffset', 'Lag', 'LastFetchTimestamp', 'LastCaughtUpTimestamp', 'Status'],
    rows.map((r) => [String(r.id), r.directoryId, String(r.logEndOffset), String(r.lag), time(r.lastFetchTimestamp), time(r.lastCaughtUpTimestamp), r.status]),
  );
}

const ago = (now: number, t: number | null) => (t === null ? null : `${Math.max(0, now - t)} ms ago`);

export async function runMetadataQuorum(o: MetadataQuorumOptions, client: KafkaClient, io: IO): Promise<number> {
  const [quorum, cluster] = await Promise.all([client.cluster.quorum(), client.cluster.describe()]);
  if (!quorum) throw notFound('the cluster has no KRaft metadata quorum (its brokers run with ZooKeeper)', 'describe its controller with `kafka cluster describe`');
  const now = Date.now();
  const rows = replicaRows(quorum);
  if (o.output === 'kafka') {
    await writeOut(io.stdout, o.view === 'status' ? kafkaStatusText(cluster.clusterId, quorum) : kafkaReplicationText(rows, o.humanReadable, now));
    return 0;
  }
  const lag = followerLag(quorum);
  if (o.output === 'json') {
    const replica = (r: ReplicaRow) => ({
      nodeId: r.id,
      directoryId: r.directoryId === ZERO_UUID ? null : r.directoryId,
      status: r.status,
      logEndOffset: r.logEndOffset,
      lag: r.lag,
      lastFetchTimestamp: r.lastFetchTimestamp,
      lastCaughtUpTimestamp: r.lastCaughtUpTimestamp,
      endpoints: r.endpoints,
    });
    const status = { clusterId: cluster.clusterId, leaderId: quorum.leaderId, leaderEpoch: quorum.leaderEpoch, highWatermark: quorum.highWatermark, maxFollowerLag: lag.records, maxFollowerLagTimeMs: lag.ms };
    await writeOut(io.stdout, renderJson(o.view === 'status' ? { ...status, voters: rows.filter((r) => r.status !== 'Observer').map(replica), observers: rows.filter((r) => r.status === 'Observer').map(replica) } : { replicas: rows.map(replica) }));
    return 0;
  }
  if (o.view === 'status') {
    const fields: Array<[string, string]> = [
      ['CLUSTER ID', cluster.clusterId],
      ['LEADER', `${quorum.leaderId} (epoch ${quorum.leaderEpoch})`],
      ['HIGH WATERMARK', String(quorum.highWatermark)],
      ['MAX FOLLOWER LAG', `${lag.records} records${lag.ms === null ? '' : `, ${lag.ms} ms`}`],
      ['VOTERS', quorum.voters.map((v) => `${v.id}${v.endpoints.length ? ` ${v.endpoints.join(' ')}` : ''}`).join(', ')],
      ['OBSERVERS', quorum.observers.map((v) => String(v.id)).join(', ') || '-'],
    ];
    const columns: Column<[string, string]>[] = [
      { header: 'FIELD', value: (f) => f[0] },
      { header: 'VALUE', value: (f) => f[1] },
    ];
    await writeOut(io.stdout, o.output === 'csv' ? renderCsv(columns, fields) : await renderTable(io, columns, fields));
    return 0;
  }
  const columns: Column<ReplicaRow>[] = [
    { header: 'NODE', value: (r) => r.id, align: 'right' },
    { header: 'STATUS', value: (r) => r.status },
    { header: 'LOG-END-OFFSET', value: (r) => r.logEndOffset, align: 'right' },
    { header: 'LAG', value: (r) => r.lag, align: 'right', style: (r) => (r.lag > 0 ? 'yellow' : undefined) },
    { header: 'LAST-FETCH', value: (r) => (o.output === 'csv' ? r.lastFetchTimestamp : ago(now, r.lastFetchTimestamp)) },
    { header: 'LAST-CAUGHT-UP', value: (r) => (o.output === 'csv' ? r.lastCaughtUpTimestamp : ago(now, r.lastCaughtUpTimestamp)) },
    { header: 'DIRECTORY-ID', value: (r) => (r.directoryId === ZERO_UUID ? null : r.directoryId) },
  ];
  await writeOut(io.stdout, o.output === 'csv' ? renderCsv(columns, rows) : await renderTable(io, columns, rows));
  return 0;
}
