import { describe, expect, it } from 'vitest';
import type { QuorumDescription } from '../../src/core/client.js';
import { followerLag, kafkaReplicationText, kafkaStatusText, replicaRows } from '../../src/commands/metadata-quorum/run.js';

const ZERO = 'AAAAAAAAAAAAAAAAAAAAAA';
const replica = (id: number, logEndOffset: number, caughtUp: number | null, extra: Partial<QuorumDescription['voters'][number]> = {}) => ({
  id,
  directoryId: ZERO,
  logEndOffset,
  lastFetchTimestamp: caughtUp,
  lastCaughtUpTimestamp: caughtUp,
  endpoints: [],
  ...extra,
});

describe('metadata-quorum: MetadataQuorumCommand’s figures and layout', () => {
  const quorum: QuorumDescription = {
    leaderId: 3,
    leaderEpoch: 7,
    highWatermark: 1200,
    voters: [replica(1, 1180, 1_000_000), replica(2, 1180, 1_000_100), replica(3, 1200, 1_000_500, { directoryId: 'nYH9WNa8Qf2cZ1Xv1WT8Og', endpoints: ['CONTROLLER://[::1]:9093'] })],
    observers: [replica(4, 900, null)],
  };

  it('the furthest follower is the first voter with the lowest log end offset, as Java’s Stream.min picks it', () => {
    expect(followerLag(quorum)).toEqual({ records: 20, ms: 500 });
    expect(followerLag({ ...quorum, voters: [replica(3, 5, 10)] })).toEqual({ records: 0, ms: 0 });
    expect(followerLag({ ...quorum, voters: [replica(1, 4, null), replica(3, 5, 10)] })).toEqual({ records: 1, ms: null });
  });

  it('--status: a zero directory id and no endpoints are left out of a node; -1 for an unknown lag time', () => {
    const text = kafkaStatusText('c1', { ...quorum, voters: [replica(1, 4, null), quorum.voters[2]!] });
    expect(text).toBe(
      [
        'ClusterId:              c1',
        'LeaderId:               3',
        'LeaderEpoch:            7',
        'HighWatermark:          1200',
        'MaxFollowerLag:         1196',
        'MaxFollowerLagTimeMs:   -1',
        'CurrentVoters:          [{"id": 1}, {"id": 3, "directoryId": "nYH9WNa8Qf2cZ1Xv1WT8Og", "endpoints": ["CONTROLLER://[::1]:9093"]}]',
        'CurrentObservers:       [{"id": 4}]',
        '',
      ].join('\n'),
    );
  });

  it('--replication: leader, followers, observers; every cell padded to its column and tab-ended; -1 for an unknown time', () => {
    const rows = replicaRows(quorum);
    expect(rows.map((r) => [r.id, r.status, r.lag])).toEqual([[3, 'Leader', 0], [1, 'Follower', 20], [2, 'Follower', 20], [4, 'Observer', 300]]);
    expect(kafkaReplicationText(rows, true, 1_000_600).split('\n')).toEqual([
      'NodeId\tDirectoryId           \tLogEndOffset\tLag\tLastFetchTimestamp\tLastCaughtUpTimestamp\tStatus  \t',
      '3     \tnYH9WNa8Qf2cZ1Xv1WT8Og\t1200        \t0  \t100 ms ago        \t100 ms ago           \tLeader  \t',
      '1     \tAAAAAAAAAAAAAAAAAAAAAA\t1180        \t20 \t600 ms ago        \t600 ms ago           \tFollower\t',
      '2     \tAAAAAAAAAAAAAAAAAAAAAA\t1180        \t20 \t500 ms ago        \t500 ms ago           \tFollower\t',
      '4     \tAAAAAAAAAAAAAAAAAAAAAA\t900         \t300\t-1                \t-1                   \tObserver\t',
      '',
    ]);
  });
});
