import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { claimOf, expectDelivery, numberedLines, tallyTopic } from '../support/delivery-checker.js';
import { kafkaTool } from '../support/kafka-tool.js';
import { kcatRead } from '../support/kcat.js';
import { BIN, runKafka, uniqueName } from '../support/run-kafka.js';
import { until } from '../support/until.js';

const traceLoads = fileURLToPath(new URL('../support/trace-loads.cjs', import.meta.url));

async function topic(partitions = 1): Promise<string> {
  const name = uniqueName('prod');
  const r = await runKafka(['topics', 'create', name, '--partitions', String(partitions)]);
  expect(r.code).toBe(0);
  return name;
}

const produce = (t: string, input: string | Buffer, ...args: string[]) => runKafka(['console-producer', '--topic', t, ...args], { input, timeoutMs: 120_000 });

describe('kafka console-producer (real broker, checked with kcat)', () => {
  it('100,000 keyed lines on 4 partitions (RF 3, min.insync.replicas=2): each once, per-key order kept, no holes', async () => {
    const t = await topic(4);
    const r = await produce(t, numberedLines(100_000, true), '--property', 'parse.key=true', '--property', 'key.separator=:');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const tally = tallyTopic(inject('bootstrap'), t, 100_000, claimOf(r.code, r.stderr, 100_000), true);
    expectDelivery(r.code, r.stderr, tally);
    expect(Object.keys(tally.perPartition)).toHaveLength(4);
  }, 180_000);

  it('one record per line: \\r\\n stripped, an empty line is an empty record, a trailing newline adds none', async () => {
    const t = await topic();
    expect((await produce(t, 'a\r\n\nb\nc')).code).toBe(0);
    expect(kcatRead(t).map((r) => r.payload)).toEqual(['a', '', 'b', 'c']);
  });

  it('every flag of Kafka’s tool is taken: those that change nothing here say so on stderr, and the records land', async () => {
    const t = await topic();
    const r = await produce(t, 'a\nb\n', '--line-reader', 'org.apache.kafka.tools.LineMessageReader', '--retry-backoff-ms', '50', '--max-partition-memory-bytes', '4096', '--metadata-expiry-ms', '60000', '--max-memory-bytes', '1000000', '--max-block-ms', '1000', '--socket-buffer-size', '65536');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'warning: --max-block-ms (max.block.ms) has no effect on this producer',
      'warning: --max-memory-bytes (buffer.memory) has no effect on this producer',
      'warning: --metadata-expiry-ms (metadata.max.age.ms) has no effect on this producer',
      'warning: --socket-buffer-size (send.buffer.bytes) has no effect on this producer',
      'Warning: --max-partition-memory-bytes is deprecated and will be removed in Apache Kafka 5.0. Use --batch-size instead.',
    ]);
    expect(kcatRead(t).map((record) => record.payload)).toEqual(['a', 'b']);
  });

  it('partitioner.class=RoundRobinPartitioner sends record by record to the next partition; partitioner.ignore.keys=true stops keys picking partitions; another partitioner is refused', async () => {
    const spread = await topic(3);
    expect((await produce(spread, 'a\nb\nc\nd\ne\nf\n', '--producer-property', 'partitioner.class=org.apache.kafka.clients.producer.RoundRobinPartitioner')).code).toBe(0);
    const byPartition = (t: string) => kcatRead(t).map((r) => `${r.partition}:${r.payload}`).sort();
    expect(byPartition(spread)).toEqual(['0:a', '0:d', '1:b', '1:e', '2:c', '2:f']);
    // Java's murmur2 puts key k in partition 2 of 3; without keys, the first sticky partition is 0.
    const keyed = await topic(3);
    expect((await produce(keyed, 'k:x\nk:y\n', '--property', 'parse.key=true', '--property', 'key.separator=:')).code).toBe(0);
    const ignored = await topic(3);
    expect((await produce(ignored, 'k:x\nk:y\n', '--property', 'parse.key=true', '--property', 'key.separator=:', '--producer-property', 'partitioner.ignore.keys=true')).code).toBe(0);
    expect([byPartition(keyed), byPartition(ignored)]).toEqual([['2:x', '2:y'], ['0:x', '0:y']]);
    const other = await produce(spread, 'z\n', '--producer-property', 'partitioner.class=com.example.MyPartitioner');
    expect(other).toMatchObject({ code: 2, stderr: 'error: partitioner.class com.example.MyPartitioner is not available — use org.apache.kafka.clients.producer.RoundRobinPartitioner, or drop it for the default (murmur2 of the key; sticky without one)\n' });
  });

  it('keys, headers and null.marker are parsed as Kafka does', async () => {
    const t = await topic();
    const input = 'h1:v1,h2:NULL\tk1\tval1\nNULL\tNULL\tval2\nh3:x\tk3\tNULL\n';
    const r = await produce(t, input, '--property', 'parse.key=true', '--property', 'parse.headers=true', '--property', 'null.marker=NULL');
    expect(r.code).toBe(0);
    const got = kcatRead(t).map((x) => ({ key: x.key, value: x.payload, headers: x.headers ?? [] }));
    expect(got).toEqual([
      { key: 'k1', value: 'val1', headers: ['h1', 'v1', 'h2', null] },
      { key: null, value: 'val2', headers: [] },
      { key: 'k3', value: null, headers: ['h3', 'x'] },
    ]);
  });

  it('a custom key separator via the short alias', async () => {
    const t = await topic();
    expect((await produce(t, 'a:1\nb:2:3\n', '--parse-key', '--key-separator', ':')).code).toBe(0);
    expect(kcatRead(t).map((x) => [x.key, x.payload])).toEqual([['a', '1'], ['b', '2:3']]);
  });

  it('a line without the key separator stops with the line number (exit 7); ignore.error keeps going', async () => {
    const t = await topic();
    const bad = await produce(t, 'a\t1\nbroken\nc\t3\n', '--property', 'parse.key=true');
    expect(bad.code).toBe(7);
    expect(bad.stderr).toMatch(/1 of 2 record\(s\) acknowledged; first failure at line 2: No key separator found on line number 2: 'broken'/);
    const ok = await produce(t, 'd\t4\nbroken2\n', '--property', 'parse.key=true', '--property', 'ignore.error=true');
    expect(ok.code).toBe(0);
    expect(kcatRead(t).map((x) => [x.key, x.payload])).toEqual([['a', '1'], ['d', '4'], [null, 'broken2']]);
  });

  it('a topic that does not exist (auto-create off): exit 5, counts and the first failed line', async () => {
    const r = await produce(uniqueName('absent'), 'x\ny\n');
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/0 of \d record\(s\) acknowledged; first failure at line 1: .*(not host this topic|does not exist|UNKNOWN_TOPIC)/i);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a record larger than max.request.size fails at its line; ignore.error reports how many failed', async () => {
    const t = await topic();
    const big = 'x'.repeat(5000);
    const stop = await produce(t, `a\nb\n${big}\nc\n`, '--producer-property', 'max.request.size=2000');
    expect(stop.code).toBe(7);
    expect(stop.stderr).toMatch(/stopped reading at the first failure; 2 of 3 record\(s\) acknowledged; first failure at line 3: the record is \d+ bytes/);
    const keepGoing = await produce(t, `d\n${big}\ne\n`, '--producer-property', 'max.request.size=2000', '--property', 'ignore.error=true');
    expect(keepGoing.code).toBe(7);
    expect(keepGoing.stderr).toMatch(/1 record\(s\) failed; 2 of 3 record\(s\) acknowledged; first failure at line 2/);
    expect(kcatRead(t).map((x) => x.payload)).toEqual(['a', 'b', 'd', 'e']);
  });

  it('--file, --format json, --value-file and --partition', async () => {
    const t = await topic(3);
    const dir = mkdtempSync(join(tmpdir(), 'prod-'));
    writeFileSync(join(dir, 'lines.txt'), 'f1\nf2\n');
    writeFileSync(join(dir, 'records.jsonl'), '{"key":"j","value":"v1","headers":{"h":"1"},"partition":1}\n{"value":{"n":2}}\n');
    writeFileSync(join(dir, 'blob.bin'), Buffer.from('line1\nline2\n'));
    expect((await runKafka(['console-producer', '--topic', t, '--file', join(dir, 'lines.txt'), '--partition', '2'])).code).toBe(0);
    expect((await runKafka(['console-producer', '--topic', t, '--format', 'json', '--file', join(dir, 'records.jsonl'), '--partition', '0'])).code).toBe(0);
    expect((await runKafka(['console-producer', '--topic', t, '--value-file', join(dir, 'blob.bin'), '--partition', '0'])).code).toBe(0);
    const got = kcatRead(t).sort((a, b) => a.partition - b.partition || a.offset - b.offset).map((x) => [x.partition, x.key, x.payload]);
    expect(got).toEqual([[0, null, '{"n":2}'], [0, null, 'line1\nline2\n'], [1, 'j', 'v1'], [2, null, 'f1'], [2, null, 'f2']]);
  });

  it('every input mode keeps the bytes and digits it was given (read back byte for byte by kcat)', async () => {
    const t = await topic();
    // --parse-key with invalid UTF-8 in key and value; JSON numbers beyond a double's precision.
    expect((await produce(t, Buffer.from([0x6b, 0xff, 0x3a, 0x76, 0xfe, 0x0a]), '--property', 'parse.key=true', '--property', 'key.separator=:')).code).toBe(0);
    const json = await produce(t, '{"key":12345678901234567890,"value":0.1e400}\n{"value":9007199254740993}\n', '--format', 'json');
    expect(json.code, json.stderr).toBe(0);
    const read = spawnSync('kcat', ['-b', inject('bootstrap'), '-C', '-t', t, '-e', '-q', '-f', '%k|%s\n'], { timeout: 60_000 });
    expect(read.stdout.toString('latin1').split('\n').filter(Boolean)).toEqual(['k\xff|v\xfe', '12345678901234567890|0.1e400', '|9007199254740993']);
    const misspelt = await produce(t, '{"valeu":"x"}\n', '--format', 'json');
    expect(misspelt.code).toBe(7);
    expect(misspelt.stderr).toMatch(/first failure at line 1: line 1: unknown field "valeu"/);
  });

  it.each(['none', 'gzip', 'snappy', 'lz4', 'zstd'])('compression %s is readable by kcat and by us', async (codec) => {
    const t = await topic();
    const lines = Array.from({ length: 500 }, (_, i) => `${codec}-${i}-${'z'.repeat(50)}`);
    const r = await produce(t, lines.join('\n'), '--compression-codec', codec);
    expect(r.code).toBe(0);
    expect(kcatRead(t).map((x) => x.payload)).toEqual(lines);
    const ours = await runKafka(['console-consumer', '--topic', t, '--from-beginning', '-e'], { env: { NODE_OPTIONS: `--require ${traceLoads}` } });
    expect(ours.stdout).toBe(lines.join('\n') + '\n');
    // A codec's package loads when a batch needs it, not before (LZ4's is a native addon); a reader never loads the checksum's.
    const codecPackages = { none: [], gzip: [], snappy: ['kafkajs-snappy'], lz4: ['lz4-napi'], zstd: ['@bokuweb/zstd-wasm'] }[codec];
    expect(ours.stderr.split('\n').filter((l) => l.startsWith('TRACE: ') && !l.includes(' kafkajs loaded'))).toEqual(codecPackages!.map((p) => `TRACE: ${p} loaded`));
  });

  it('--sync and acks=1 deliver every record; no prompt on stdout when not a TTY', async () => {
    const t = await topic();
    const r = await produce(t, '1\n2\n3\n', '--sync', '--request-required-acks', '1');
    expect([r.code, r.stdout]).toEqual([0, '']);
    expect(kcatRead(t).map((x) => x.payload)).toEqual(['1', '2', '3']);
  });

  it('Ctrl-C with stdin still open: reports the counts of what it read and sent, exits 130', async () => {
    const t = await topic();
    const child = spawn(BIN, ['console-producer', '--topic', t], { env: { ...process.env, KAFKA_BOOTSTRAP_SERVERS: inject('bootstrap') }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.write('one\ntwo\nthree\n');
    // Interrupted with stdin still open, once what it read is on the broker.
    await until('the three records on the broker', () => kcatRead(t).length === 3, 30_000);
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toBe('Interrupted: 3 of 3 record(s) acknowledged.\n');
    expect(kcatRead(t).map((x) => x.payload)).toEqual(['one', 'two', 'three']);
  });

  it('idempotent by default, as Kafka’s producer: one producer id, sequences up to the last record (Kafka’s TransactionsCommand reads them)', async () => {
    const producers = async (t: string, partition: number) => {
      const r = await kafkaTool('org.apache.kafka.tools.TransactionsCommand', ['describe-producers', '--topic', t, '--partition', String(partition)]);
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim().split('\n').slice(1).map((line) => line.trim().split(/\s+/)).map(([id, epoch, , lastSequence]) => ({ id: Number(id), epoch: Number(epoch), lastSequence: Number(lastSequence) }));
    };
    const t = await topic(1);
    // 200,000 lines: many requests, several in flight at once.
    const lines = Array.from({ length: 200_000 }, (_, i) => `${i}`);
    expect((await produce(t, lines.join('\n') + '\n')).code).toBe(0);
    const [only, ...others] = await producers(t, 0);
    expect(others).toEqual([]);
    expect(only!.id).toBeGreaterThanOrEqual(0);
    expect(only!.lastSequence).toBe(199_999);
    // Pipelined, yet in order and without duplicates.
    expect(kcatRead(t).map((r) => r.payload)).toEqual(lines);

    const plain = await topic(1);
    expect((await produce(plain, 'a\nb\n', '--producer-property', 'enable.idempotence=false')).code).toBe(0);
    expect((await produce(plain, 'c\n', '--request-required-acks', '1')).code).toBe(0);
    expect(await producers(plain, 0)).toEqual([]);
    expect(kcatRead(plain).map((r) => r.payload)).toEqual(['a', 'b', 'c']);

    const conflicting = await produce(plain, 'x\n', '--request-required-acks', '1', '--producer-property', 'enable.idempotence=true');
    expect(conflicting.code).toBe(2);
    expect(conflicting.stderr).toBe('error: enable.idempotence=true needs acks=all — drop one of --request-required-acks / enable.idempotence\n');
  }, 120_000);

  it('a topic with a small max.message.bytes: batches are split until they fit, in order; a record that cannot fit fails at its line', async () => {
    const t = uniqueName('small-batches');
    expect((await runKafka(['topics', 'create', t, '--config', 'max.message.bytes=20000'])).code).toBe(0);
    const lines = Array.from({ length: 20_000 }, (_, i) => `${i}`.padStart(100, '.'));
    for (const extra of [[], ['--producer-property', 'enable.idempotence=false']]) {
      const r = await produce(t, lines.join('\n') + '\n', ...extra);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(kcatRead(t).map((x) => x.payload)).toEqual([...lines, ...lines]);
    const tooBig = await produce(t, `a\n${'x'.repeat(30_000)}\nb\n`);
    expect(tooBig.code).toBe(7);
    expect(tooBig.stderr).toMatch(/first failure at line 2: .*larger than the max message size/);
  }, 120_000);

  it('bad option values are usage errors (exit 2)', async () => {
    const r = await produce('t', '', '--request-required-acks', 'most');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: invalid acks 'most' — use all (-1), 1 or 0\n");
  });
  describe('--transactional-id: all or nothing', () => {
    const numbers = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
    const start = (t: string, ...args: string[]) => {
      const child = spawn(BIN, ['console-producer', '--topic', t, ...args], { env: { ...process.env, KAFKA_BOOTSTRAP_SERVERS: inject('bootstrap') }, stdio: ['pipe', 'pipe', 'pipe'] });
      const run = { child, stderr: '', exited: new Promise<number | null>((resolve) => child.on('close', resolve)) };
      child.stderr.on('data', (d) => (run.stderr += d));
      child.stdin.on('error', () => undefined);
      return run;
    };
    const transactionState = async (id: string) => {
      const r = await runKafka(['transactions', 'describe', '--transactional-id', id, '-o', 'json']);
      return r.code === 0 ? (JSON.parse(r.stdout) as { state: string }).state : null;
    };

    it('the whole input in one transaction, or 1000 lines at a time: everything committed, in order, and the coordinator says CompleteCommit', async () => {
      const t = await topic(1);
      const id = uniqueName('tx-whole');
      const r = await produce(t, numbers(1, 2500).join('\n') + '\n', '--transactional-id', id, '--transaction-size', '1000', '--progress');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr.split('\n').filter((l) => !/records acknowledged, .* records\/s/.test(l))).toEqual(['lines 1-2500 committed in 3 transaction(s).', '']);
      expect(kcatRead(t).map((x) => x.payload)).toEqual(numbers(1, 2500));
      expect(await transactionState(id)).toBe('CompleteCommit');
      const once = await topic(3);
      expect((await produce(once, 'a\nb\nc\n', '--transactional-id', uniqueName('tx-once'))).code).toBe(0);
      expect(kcatRead(once).map((x) => x.payload).sort()).toEqual(['a', 'b', 'c']);
    });

    it('Ctrl-C mid-input: the open transaction is aborted (in the log, invisible to read_committed), stderr says which lines were committed, exit 130', async () => {
      const t = await topic(1);
      const id = uniqueName('tx-int');
      const run = start(t, '--transactional-id', id, '--transaction-size', '1000', '--linger-ms', '0');
      run.child.stdin.write(numbers(1, 2500).join('\n') + '\n');
      // The third transaction's 500 lines are on the broker, not committed.
      await until('2,500 records in the log', () => kcatRead(t, 'read_uncommitted').length === 2500, 30_000);
      expect(kcatRead(t).map((x) => x.payload)).toEqual(numbers(1, 2000));
      run.child.kill('SIGINT');
      expect(await run.exited).toBe(130);
      expect(run.stderr).toBe('Interrupted: lines 1-2000 committed in 2 transaction(s), lines 2001-2500 aborted.\n');
      expect(kcatRead(t).map((x) => x.payload)).toEqual(numbers(1, 2000));
      expect(await transactionState(id)).toBe('CompleteAbort');
    });

    it('a line that fails stops reading and aborts its transaction: the committed ones stay, one line says which (exit 7)', async () => {
      const t = await topic(2);
      const input = numbers(1, 1500).map((n) => (n === '1400' ? '{"value": ' : JSON.stringify({ value: n })));
      const r = await produce(t, input.join('\n') + '\n', '--format', 'json', '--transactional-id', uniqueName('tx-bad'), '--transaction-size', '1000');
      expect(r.code).toBe(7);
      expect(r.stderr).toMatch(/^error: stopped reading at the first failure; lines 1-1000 committed in 1 transaction\(s\), lines 1001-1400 aborted; first failure at line 1400: .*\n$/);
      expect(kcatRead(t).map((x) => Number(x.payload)).sort((a, b) => a - b)).toEqual(numbers(1, 1000).map(Number));
    });

    it('a second producer of the same transactional id fences the first: its open transaction is aborted and it stops with one line (exit 1)', async () => {
      const t = await topic(1);
      const id = uniqueName('tx-fence');
      const first = start(t, '--transactional-id', id, '--linger-ms', '0');
      first.child.stdin.write('a1\na2\n');
      await until('the first producer’s transaction open', async () => (await transactionState(id)) === 'Ongoing', 30_000);
      const second = await produce(t, 'b1\nb2\n', '--transactional-id', id);
      expect(second.code, second.stderr).toBe(0);
      first.child.stdin.end('a3\n');
      expect(await first.exited).toBe(1);
      // Whichever request meets the fence first: the commit (at the coordinator), or a produce (at the
      // partition's leader; the abort that follows finds the transaction aborted already).
      const fenced = `another producer with transactional id '${id}' started: this one is fenced`;
      expect([`error: ${fenced}; no line committed, lines 1-3 not committed — run one producer per transactional id\n`, `error: stopped reading at the first failure; no line committed, lines 1-3 aborted; first failure at line 3: ${fenced}\n`]).toContain(first.stderr);
      expect(first.stderr.trim().split('\n')).toHaveLength(1);
      expect(kcatRead(t).map((x) => x.payload)).toEqual(['b1', 'b2']);
      expect(kcatRead(t, 'read_uncommitted').map((x) => x.payload)).toEqual(['a1', 'a2', 'b1', 'b2']);
    });
  });
});
