import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { consumerGroupsOptions, parseListenAddress } from '../../src/cli/consumer-groups.js';
import type { GroupDescription, KafkaClient, PartitionOffsets, TopicPartition } from '../../src/core/client.js';
import { groupLag, type GroupLag, type LagRow } from '../../src/commands/consumer-groups/lag.js';
import { lagMetrics } from '../../src/commands/consumer-groups/metrics.js';
import { renderPrometheus } from '../../src/render/prometheus.js';
import { sparkline } from '../../src/render/sparkline.js';

const group = (groupId: string, members = 0): GroupDescription => ({
  groupId,
  state: members ? 'Stable' : 'Empty',
  protocolType: 'consumer',
  assignmentStrategy: '',
  coordinator: null,
  members: Array.from({ length: members }, (_, i) => ({ memberId: `m${i}`, groupInstanceId: null, clientId: 'c', host: '/127.0.0.1', assignment: [{ topic: 't', partition: i }], memberEpoch: null, targetAssignment: null })),
  targetAssignmentEpoch: null,
});

const row = (partition: number, currentOffset: number | null, logEndOffset: number, lagSeconds: number | null = null): LagRow => ({
  group: 'g',
  topic: 't',
  partition,
  currentOffset,
  logEndOffset,
  lag: currentOffset === null ? null : Math.max(0, logEndOffset - currentOffset),
  lagSeconds,
  consumerId: null,
  host: null,
  clientId: null,
});

/** A client that knows committed offsets, log ends and record timestamps, for the pure lag arithmetic. */
function fakeClient(committed: PartitionOffsets[], ends: PartitionOffsets[], timestamps: Array<PartitionOffsets & { timestamp: number }>): KafkaClient {
  const at = (list: PartitionOffsets[], tps: TopicPartition[]) => list.filter((o) => tps.some((tp) => tp.topic === o.topic && tp.partition === o.partition));
  return {
    groups: { committed: async () => committed.map((c) => ({ ...c, leaderEpoch: null })) },
    offsets: {
      query: async (tps: TopicPartition[]) => at(ends, tps),
      recordTimestamps: async (positions: PartitionOffsets[]) => timestamps.filter((t) => positions.some((p) => p.topic === t.topic && p.partition === t.partition && p.offset === t.offset)),
    },
  } as unknown as KafkaClient;
}

describe('lag arithmetic', () => {
  it('lag is never negative (a committed offset read after the log end moved is no negative lag)', async () => {
    const lag = await groupLag(fakeClient([{ topic: 't', partition: 0, offset: 120 }], [{ topic: 't', partition: 0, offset: 100 }], []), group('g'));
    expect(lag.rows[0]).toMatchObject({ lag: 0, lagSeconds: 0 });
    expect(lag.totalLag).toBe(0);
  });
  it('time lag: seconds from the timestamp of the record at the committed offset to now; the group max', async () => {
    const now = 1_700_000_000_000;
    const client = fakeClient(
      [{ topic: 't', partition: 0, offset: 10 }, { topic: 't', partition: 1, offset: 5 }, { topic: 't', partition: 2, offset: 7 }],
      [{ topic: 't', partition: 0, offset: 20 }, { topic: 't', partition: 1, offset: 5 }, { topic: 't', partition: 2, offset: 9 }],
      [{ topic: 't', partition: 0, offset: 10, timestamp: now - 60_000 }, { topic: 't', partition: 2, offset: 7, timestamp: now + 5_000 }],
    );
    const lag = await groupLag(client, group('g'), () => now);
    expect(lag.rows.map((r) => [r.partition, r.lag, r.lagSeconds])).toEqual([[0, 10, 60], [1, 0, 0], [2, 2, 0]]);
    expect(lag.maxLagSeconds).toBe(60);
  });
  it('time lag is unknown (null) where the record cannot be read, and the max ignores it', async () => {
    const client = fakeClient([{ topic: 't', partition: 0, offset: 1 }], [{ topic: 't', partition: 0, offset: 3 }], []);
    const lag = await groupLag(client, group('g'));
    expect(lag.rows[0]!.lagSeconds).toBeNull();
    expect(lag.maxLagSeconds).toBeNull();
  });
});

describe('lag metrics (kafka_exporter names)', () => {
  const lags: GroupLag[] = [{ group: group('g', 1), rows: [row(0, 10, 25, 61.5), row(1, null, 7), row(2, 3, 3, 0)], totalLag: 15, maxLagSeconds: 61.5 }];
  const text = renderPrometheus(lagMetrics(lags, [{ topic: 't', partition: 0, offset: 2 }, { topic: 't', partition: 1, offset: 0 }, { topic: 't', partition: 2, offset: 0 }]));

  it('per partition, per topic and per group series with HELP and TYPE', () => {
    expect(text).toContain('# TYPE kafka_consumergroup_lag gauge\n');
    expect(text).toContain('kafka_consumergroup_lag{consumergroup="g",topic="t",partition="0"} 15\n');
    expect(text).toContain('kafka_consumergroup_lag_sum{consumergroup="g",topic="t"} 15\n');
    expect(text).toContain('kafka_consumergroup_current_offset_sum{consumergroup="g",topic="t"} 13\n');
    expect(text).toContain('kafka_consumergroup_lag_seconds{consumergroup="g",topic="t",partition="0"} 61.5\n');
    expect(text).toContain('kafka_consumergroup_max_lag_seconds{consumergroup="g"} 61.5\n');
    expect(text).toContain('kafka_consumergroup_members{consumergroup="g"} 1\n');
    expect(text).toContain('kafka_topic_partition_current_offset{topic="t",partition="1"} 7\n');
    expect(text).toContain('kafka_topic_partition_oldest_offset{topic="t",partition="0"} 2\n');
  });
  it('a partition without a committed offset has no offset or lag series (not -1)', () => {
    expect(text).not.toMatch(/kafka_consumergroup_(lag|current_offset|lag_seconds)\{[^}]*partition="1"\}/);
    expect(text).not.toMatch(/ -1\n/);
  });
  it('label values are escaped', () => {
    expect(renderPrometheus([{ name: 'x', help: 'a\\b\nc', type: 'gauge', samples: [{ labels: { topic: 'q"\\\n' }, value: 1 }] }])).toBe(
      '# HELP x a\\\\b\\nc\n# TYPE x gauge\nx{topic="q\\"\\\\\\n"} 1\n',
    );
  });
  it('promtool accepts it without lint findings (the _sum families are untyped)', () => {
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(check.error, 'promtool is missing: .ci/run installs Debian’s prometheus package').toBeUndefined();
    expect(check.stdout + check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});

describe('--watch trend', () => {
  it('a sparkline scaled between the smallest and largest value', () => {
    expect(sparkline([0, 10, 20, 30, 40, 50, 60, 70])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 5, 5])).toBe('▄▄▄');
    expect(sparkline([0, 0])).toBe('▁▁');
    expect(sparkline([null, 3, 1])).toBe(' █▁');
  });
});

describe('metrics options', () => {
  it('--serve [HOST:]PORT; empty is 127.0.0.1:9308', () => {
    expect(parseListenAddress('')).toEqual({ host: '127.0.0.1', port: 9308 });
    expect(parseListenAddress('9400')).toEqual({ host: '127.0.0.1', port: 9400 });
    expect(parseListenAddress('0.0.0.0:9308')).toEqual({ host: '0.0.0.0', port: 9308 });
    expect(parseListenAddress('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(() => parseListenAddress('host:99999')).toThrow("--serve needs [HOST:]PORT with a port from 0 to 65535, got 'host:99999'");
    expect(() => parseListenAddress('localhost')).toThrow('--serve needs [HOST:]PORT');
  });
  it('--serve alone serves every group; verb style too', () => {
    const o = consumerGroupsOptions({ serve: '' }, false);
    expect(o).toMatchObject({ action: 'serve', allGroups: true, output: 'prometheus', serve: { host: '127.0.0.1', port: 9308, minRefreshMs: 5000 } });
    expect(consumerGroupsOptions({ action: 'serve', groups: ['a'], 'min-interval': '0.5' }, false)).toMatchObject({ action: 'serve', groups: ['a'], allGroups: false, serve: { minRefreshMs: 500 } });
  });
  it('-o prometheus, --output-file and the thresholds go where they mean something', () => {
    expect(() => consumerGroupsOptions({ list: true, output: 'prometheus' }, false)).toThrow('-o prometheus goes with --describe (offsets and lag) or --serve');
    expect(() => consumerGroupsOptions({ describe: true, group: 'g', members: true, output: 'prometheus' }, false)).toThrow('-o prometheus goes with');
    expect(() => consumerGroupsOptions({ describe: true, group: 'g', watch: '1', output: 'prometheus' }, false)).toThrow('--watch draws tables');
    expect(() => consumerGroupsOptions({ serve: '', output: 'json' }, false)).toThrow('--serve serves metrics only');
    expect(() => consumerGroupsOptions({ list: true, 'output-file': 'x' }, false)).toThrow('--output-file goes with --describe');
    expect(() => consumerGroupsOptions({ describe: true, group: 'g', state: '', 'lag-threshold-seconds': '5' }, false)).toThrow('--lag-threshold-seconds goes with --describe (offsets and lag)');
    expect(() => consumerGroupsOptions({ describe: true, group: 'g', 'min-interval': '5' }, false)).toThrow('--min-interval goes with --serve');
    expect(() => consumerGroupsOptions({ serve: '', 'min-interval': 'soon' }, false)).toThrow("--min-interval needs a number of seconds from 0 to 2147483, got 'soon'");
    expect(consumerGroupsOptions({ describe: true, group: 'g', 'lag-threshold-seconds': '30', output: 'prometheus', 'output-file': '/tmp/x.prom' }, false)).toMatchObject({ lagThresholdSeconds: 30, output: 'prometheus', outputFile: '/tmp/x.prom' });
  });
});
