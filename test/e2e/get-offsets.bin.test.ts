import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { kafkaTool, TOOLS } from '../support/kafka-tool.js';
import { BIN, runKafka, uniqueName } from '../support/run-kafka.js';

/** kafka get-offsets against Kafka's GetOffsetShell of the same release, on topics of known timestamps. */
describe('kafka get-offsets (real broker, compared with kafka-get-offsets)', () => {
  const prefix = uniqueName('go');
  const wide = `${prefix}-wide`;
  const timed = `${prefix}-timed`;
  const base = Date.now() - 3_600_000;
  const dir = mkdtempSync(join(tmpdir(), 'links-'));
  const asKafkaTool = join(dir, 'kafka-get-offsets.sh');
  symlinkSync(BIN, asKafkaTool);
  const ours = (...args: string[]) => runKafka(args, { binary: asKafkaTool });
  const theirs = async (...args: string[]) => {
    const r = await kafkaTool(TOOLS.getOffsets, args);
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };

  beforeAll(async () => {
    expect((await runKafka(['topics', 'create', wide, '--partitions', '12'])).code).toBe(0);
    expect((await runKafka(['topics', 'create', timed, '--partitions', '2'])).code).toBe(0);
    const kafka = new Kafka({ brokers: inject('bootstrap').split(','), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    // Partition i of the wide topic holds i records; the timed topic's records are a minute apart, the
    // largest timestamp in the middle of partition 0.
    for (let p = 1; p < 12; p++) await producer.send({ topic: wide, messages: Array.from({ length: p }, (_, i) => ({ partition: p, value: `v${i}` })) });
    const minutes = [0, 1, 2, 9, 3, 4];
    await producer.send({ topic: timed, messages: minutes.map((m, i) => ({ partition: 0, value: `t${i}`, timestamp: String(base + m * 60_000) })) });
    await producer.send({ topic: timed, messages: [{ partition: 1, value: 'only', timestamp: String(base) }] });
    await producer.disconnect();
  }, 60_000);

  it.each([
    [['--topic', `${prefix}-.*`]],
    [['--topic', `${prefix}-.*`, '--time', '-1']],
    [['--topic', `${prefix}-.*`, '--time', 'earliest']],
    [['--topic', `${prefix}-.*`, '--time', '-2']],
    [['--topic', timed, '--time', 'max-timestamp']],
    [['--topic', timed, '--time', '-3']],
    [['--topic', wide, '--partitions', '0,2,10']],
    [['--topic-partitions', `${wide}:3-6,${timed}:1`]],
    [['--topic-partitions', `${wide}:9-,${timed}:-1`]],
    [['--topic-partitions', `${prefix}-w.*`, '--exclude-internal-topics']],
  ])('as kafka-get-offsets, -o kafka by default: what GetOffsetShell prints, byte for byte: %j', async (args) => {
    const r = await ours(...args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(await theirs(...args));
    expect(r.stdout).not.toBe('');
  });

  it('a time: the first offset at or after it (none past the last record), as Kafka answers; ours also takes ISO dates and a time ago', async () => {
    for (const m of [0, 2.5, 5]) {
      const at = String(base + m * 60_000);
      expect((await ours('--topic', timed, '--time', at)).stdout).toBe(await theirs('--topic', timed, '--time', at));
    }
    expect((await ours('--topic', timed, '--time', String(base + 150_000))).stdout).toBe(`${timed}:0:3\n`);
    const iso = new Date(base + 150_000).toISOString();
    expect((await ours('--topic', timed, '--time', iso)).stdout).toBe(`${timed}:0:3\n`);
    // 70 minutes ago is before every record; 5 minutes ago after all of them.
    expect((await ours('--topic', timed, '--time', '-70m')).stdout).toBe(`${timed}:0:0\n${timed}:1:0\n`);
    expect((await ours('--topic', timed, '--time', '-5m')).stdout).toBe('');
  });

  it('a table, JSON and CSV for people and scripts; max-timestamp names the record’s time', async () => {
    const table = await runKafka(['get-offsets', '--topic', timed, '--time', 'max-timestamp']);
    expect(table.stdout).toBe(`TOPIC${' '.repeat(timed.length - 5)}  PARTITION  OFFSET  TIMESTAMP\n${timed}          0       3  ${new Date(base + 9 * 60_000).toISOString()}\n${timed}          1       0  ${new Date(base).toISOString()}\n`);
    const json = JSON.parse((await runKafka(['get-offsets', '--topic', wide, '--partitions', '5', '-o', 'json'])).stdout);
    expect(json).toEqual({ offsets: [{ topic: wide, partition: 5, offset: 5, timestamp: null, error: null }] });
    expect((await runKafka(['get-offsets', '--topic', wide, '--partitions', '1,2', '-o', 'csv'])).stdout).toBe(`topic,partition,offset,timestamp\n${wide},1,1,\n${wide},2,2,\n`);
  });

  it('nothing matched, and bad input: one line and an exit code', async () => {
    const none = await runKafka(['get-offsets', '--topic', `${prefix}-nothing`]);
    expect([none.code, none.stderr]).toEqual([5, 'error: Could not match any topic-partitions with the specified filters — list topics with `kafka topics --list`\n']);
    const both = await runKafka(['get-offsets', '--topic', wide, '--topic-partitions', wide]);
    expect([both.code, both.stderr]).toEqual([2, 'error: --topic-partitions cannot be used with --topic or --partitions\n']);
    const badTime = await runKafka(['get-offsets', '--topic', wide, '--time', 'yesterday']);
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toMatch(/^error: invalid --time 'yesterday' — use latest \(-1\)/);
    const badPartitions = await runKafka(['get-offsets', '--topic', wide, '--partitions', '1,x']);
    expect([badPartitions.code, badPartitions.stderr]).toEqual([2, 'error: --partitions expects a comma separated list of numeric partition ids, but received: 1,x\n']);
  });
});
