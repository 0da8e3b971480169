import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kafkaTool, TOOLS } from '../support/kafka-tool.js';
import { BIN, runKafka, uniqueName } from '../support/run-kafka.js';

/** kafka log-dirs against Kafka's LogDirsCommand of the same release, on the 3-broker test cluster. */
describe('kafka log-dirs (3 brokers, compared with kafka-log-dirs)', () => {
  const big = uniqueName('ld-big');
  const small = uniqueName('ld-small');
  const dir = mkdtempSync(join(tmpdir(), 'links-'));
  const asKafkaTool = join(dir, 'kafka-log-dirs');
  symlinkSync(BIN, asKafkaTool);

  beforeAll(async () => {
    expect((await runKafka(['topics', 'create', big, '--partitions', '3'])).code).toBe(0);
    expect((await runKafka(['topics', 'create', small, '--partitions', '1'])).code).toBe(0);
    const lines = Array.from({ length: 3000 }, (_, i) => `record-${i}-${'x'.repeat(100)}`).join('\n');
    expect((await runKafka(['console-producer', '--topic', big], { input: lines })).code).toBe(0);
    expect((await runKafka(['console-producer', '--topic', small], { input: 'one\n' })).code).toBe(0);
  }, 60_000);

  it.each([
    [['--describe', '--topic-list', `${big},${small}`]],
    [['--describe', '--topic-list', big, '--broker-list', '2']],
    [['--describe', '--topic-list', small, '--broker-list', '1,3']],
  ])('as kafka-log-dirs, -o kafka by default: LogDirsCommand’s text and JSON, byte for byte: %j', async (args) => {
    const ours = await runKafka(args, { binary: asKafkaTool });
    const theirs = await kafkaTool(TOOLS.logDirs, args);
    expect(theirs.status, theirs.stderr).toBe(0);
    expect(ours.code, ours.stderr).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
    // Every replica of the topics, each broker holding its share: RF 3 puts one of each on every broker.
    const json = JSON.parse(ours.stdout.split('\n')[2]!);
    expect(json.brokers.length).toBeGreaterThan(0);
  });

  it('a table for people: each broker’s log dirs with size and disk use, the largest topics first', async () => {
    const r = await runKafka(['log-dirs', '--topic-list', `${big},${small}`]);
    expect(r.code, r.stderr).toBe(0);
    const [dirs, topics] = r.stdout.split('\n\nLargest topics (all replicas, top 10)\n');
    expect(dirs!.split('\n')[0]).toMatch(/^BROKER\s+LOG-DIR\s+PARTITIONS\s+SIZE\s+DISK-USED\s+FREE\s+ERROR$/);
    for (const id of [1, 2, 3]) expect(dirs).toMatch(new RegExp(`^\\s+${id}\\s+\\S+\\s+4\\s+[\\d.]+ (B|KiB|MiB)\\s+\\d+\\.\\d%\\s+[\\d.]+ [KMGT]iB\\s+-$`, 'm'));
    const rows = topics!.trim().split('\n');
    expect(rows[0]).toMatch(/^TOPIC\s+SIZE\s+REPLICAS\s+LARGEST-PARTITION$/);
    expect(rows[1]).toMatch(new RegExp(`^${big}\\s+[\\d.]+ [KM]iB\\s+9\\s+\\d on broker \\d \\([\\d.]+ KiB\\)$`));
    expect(rows[2]).toMatch(new RegExp(`^${small}\\s+\\d+ B\\s+3\\s+0 on broker \\d \\(\\d+ B\\)$`));
  });

  it('JSON and CSV for scripts: every replica with its size', async () => {
    const json = JSON.parse((await runKafka(['log-dirs', '--topic-list', small, '-o', 'json'])).stdout);
    expect(json.brokers.map((b: { broker: number }) => b.broker)).toEqual([1, 2, 3]);
    for (const b of json.brokers) {
      expect(b.error).toBeNull();
      expect(b.logDirs[0].partitions).toEqual([{ topic: small, partition: 0, sizeBytes: expect.any(Number), offsetLag: 0, future: false }]);
      expect(b.logDirs[0].totalBytes).toBeGreaterThan(b.logDirs[0].usableBytes);
    }
    const csv = (await runKafka(['log-dirs', '--topic-list', small, '--broker-list', '2', '-o', 'csv'])).stdout.trim().split('\n');
    expect(csv[0]).toBe('broker,log_dir,topic,partition,size_bytes,offset_lag,future');
    expect(csv.slice(1)).toEqual([expect.stringMatching(new RegExp(`^2,\\S+,${small},0,\\d+,0,false$`))]);
  });

  it('a broker that does not exist: one line naming the brokers that do (exit 5)', async () => {
    const r = await runKafka(['log-dirs', '--broker-list', '1,7']);
    expect([r.code, r.stderr]).toEqual([5, 'error: The given brokers do not exist from --broker-list: 7. Current existent brokers: 1,2,3\n']);
    const usage = await runKafka(['log-dirs', '--broker-list', 'one']);
    expect([usage.code, usage.stderr]).toEqual([2, "error: --broker-list takes broker ids such as 1,2, got 'one'\n"]);
  });
});
