import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, inject, it } from 'vitest';
import { kafkaTool, TOOLS } from '../support/kafka-tool.js';
import { kcatRead } from '../support/kcat.js';
import { BIN, runKafka, uniqueName } from '../support/run-kafka.js';

/** Which offsets kcat, an independent client, still reads per partition. */
const remaining = (topic: string) => {
  const byPartition: Record<number, number[]> = {};
  for (const r of kcatRead(topic)) (byPartition[r.partition] ??= []).push(r.offset);
  return byPartition;
};

/** A topic with `perPartition` keyed records in each partition (keyed: a compacted topic takes no others). */
async function producedTopic(topic: string, perPartition: number, partitions = 3, extra: string[] = []): Promise<string> {
  expect((await runKafka(['topics', 'create', topic, '--partitions', String(partitions), ...extra])).code).toBe(0);
  for (let p = 0; p < partitions; p++) {
    const lines = Array.from({ length: perPartition }, (_, i) => `k${i}:p${p}-${i}`).join('\n');
    const produced = await runKafka(['console-producer', '--topic', topic, '--partition', String(p), '--property', 'parse.key=true', '--property', 'key.separator=:'], { input: lines });
    expect(produced.code, produced.stderr).toBe(0);
  }
  return topic;
}

describe('kafka delete-records (3 brokers, RF 3; checked with kcat and against kafka-delete-records)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'delrec-'));
  const asKafkaTool = join(dir, 'kafka-delete-records');
  symlinkSync(BIN, asKafkaTool);
  const topicWith = (name: string, perPartition: number, partitions = 3, extra: string[] = []) => producedTopic(uniqueName(name), perPartition, partitions, extra);
  const plan = (entries: Array<[string, number, number]>) => {
    const file = join(dir, `${uniqueName('plan')}.json`);
    writeFileSync(file, JSON.stringify({ partitions: entries.map(([topic, partition, offset]) => ({ topic, partition, offset })), version: 1 }));
    return file;
  };

  it('as kafka-delete-records with Kafka’s offset file: Kafka’s text (its partitions come in a random order: compared sorted), and the records are gone', async () => {
    const [ours, theirs] = [await topicWith('dr-ours', 20), await topicWith('dr-theirs', 20)];
    const mine = await runKafka(['--offset-json-file', plan([[ours, 0, 5], [ours, 1, 20], [ours, 2, 25]])], { binary: asKafkaTool });
    const kafkas = await kafkaTool(TOOLS.deleteRecords, ['--offset-json-file', plan([[theirs, 0, 5], [theirs, 1, 20], [theirs, 2, 25]])]);
    const normal = (text: string, topic: string) => {
      const lines = text.replaceAll(topic, 'T').split('\n').filter((l) => l && !/ ERROR \[AdminClient/.test(l));
      return [...lines.slice(0, 2), ...lines.slice(2).sort()];
    };
    expect(normal(mine.stdout, ours)).toEqual(normal(kafkas.stdout, theirs));
    expect(normal(mine.stdout, ours)).toEqual([
      'Executing records delete operation',
      'Records delete operation completed:',
      'partition: T-0\tlow_watermark: 5',
      'partition: T-1\tlow_watermark: 20',
      'partition: T-2\terror: org.apache.kafka.common.errors.OffsetOutOfRangeException: The requested offset is not within the range of offsets maintained by the server.',
    ]);
    // Kafka's tool exits 0 whatever failed; ours names the failure (exit 7).
    expect(mine.code).toBe(7);
    expect(mine.stderr).toBe(`error: records of 1 partition(s) were not deleted: ${ours}-2: The requested offset is not within the range of offsets maintained by the server\n`);
    const left = remaining(ours);
    expect(left[0]).toEqual(Array.from({ length: 15 }, (_, i) => 5 + i));
    expect(left[1]).toBeUndefined();
    expect(left[2]).toHaveLength(20);
  });

  it('--topic --partition --before-offset; --all purges every partition; a table of the new log starts', async () => {
    const topic = await topicWith('dr-topic', 10);
    const one = await runKafka(['delete-records', '--topic', topic, '--partition', '1', '--before-offset', '4']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toBe(`TOPIC${' '.repeat(topic.length - 5)}  PARTITION  LOW-WATERMARK  ERROR\n${topic}          1              4  -\n`);
    expect(remaining(topic)[1]).toEqual([4, 5, 6, 7, 8, 9]);
    const all = await runKafka(['delete-records', '--topic', topic, '--all', '-o', 'json']);
    expect(all.code, all.stderr).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual({ partitions: [0, 1, 2].map((partition) => ({ topic, partition, lowWatermark: 10, error: null })) });
    expect(kcatRead(topic)).toEqual([]);
    expect((await runKafka(['get-offsets', '--topic', topic, '--time', 'earliest', '-o', 'kafka'])).stdout).toBe(`${topic}:0:10\n${topic}:1:10\n${topic}:2:10\n`);
  });

  it('--before-time: the records older than a time go, the rest stay', async () => {
    const topic = uniqueName('dr-time');
    expect((await runKafka(['topics', 'create', topic, '--partitions', '1'])).code).toBe(0);
    const base = Date.now() - 3_600_000;
    const kafka = new Kafka({ brokers: inject('bootstrap').split(','), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 6 }, (_, i) => ({ value: `m${i}`, timestamp: String(base + i * 60_000) })) });
    await producer.disconnect();
    const r = await runKafka(['delete-records', '--topic', topic, '--before-time', new Date(base + 150_000).toISOString(), '-o', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`topic,partition,low_watermark,error\n${topic},0,3,\n`);
    expect(remaining(topic)[0]).toEqual([3, 4, 5]);
    // A time after every record: all of them.
    expect((await runKafka(['delete-records', '--topic', topic, '--before-time', '-1m', '-o', 'json'])).code).toBe(0);
    expect(kcatRead(topic)).toEqual([]);
  });

  it('a compacted topic refuses with Kafka’s error and says why; bad input is one line', async () => {
    const compacted = await topicWith('dr-compact', 3, 1, ['--config', 'cleanup.policy=compact']);
    const r = await runKafka(['delete-records', '--topic', compacted, '--all']);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(new RegExp(`^error: records of 1 partition\\(s\\) were not deleted: ${compacted}-0: .+ — a compacted topic \\(cleanup\\.policy=compact without delete\\) keeps its records until compaction removes them\\n$`));
    expect(kcatRead(compacted)).toHaveLength(3);
    for (const [args, message, code] of [
      [['--topic', 'x'], 'error: --topic needs exactly one of --before-offset, --before-time and --all', 2],
      [['--topic', 'x', '--all', '--before-offset', '3'], 'error: --topic needs exactly one of --before-offset, --before-time and --all, got --before-offset and --all', 2],
      [['--all'], 'error: name what to delete: --offset-json-file FILE, or --topic T with --before-offset N, --before-time TIME or --all', 2],
      [['--topic', uniqueName('missing'), '--all'], null, 5],
      [['--offset-json-file', join(dir, 'nope.json')], `error: cannot read --offset-json-file '${join(dir, 'nope.json')}': ENOENT`, 2],
    ] as const) {
      const bad = await runKafka(['delete-records', ...args]);
      expect(bad.code, bad.stderr).toBe(code);
      if (message) expect(bad.stderr).toBe(`${message}\n`);
    }
    const dup = plan([[compacted, 0, 1], [compacted, 0, 2]]);
    const duplicate = await runKafka(['delete-records', '--offset-json-file', dup]);
    expect([duplicate.code, duplicate.stderr]).toEqual([2, `error: Offset json file contains duplicate topic partitions: ${compacted}-0\n`]);
  });
});
