import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { connect } from '../../src/core/client.js';
import { resolveConnection } from '../../src/core/connection.js';
import { kafkaTool, startKafkaTool, TOOLS } from '../support/kafka-tool.js';
import { until } from '../support/until.js';
import { kcatWrite } from '../support/kcat.js';
import { BIN, type PipedResult, piped, runKafka, uniqueName } from '../support/run-kafka.js';

async function topic(partitions = 1): Promise<string> {
  const name = uniqueName('cons');
  expect((await runKafka(['topics', 'create', name, '--partitions', String(partitions)])).code).toBe(0);
  return name;
}
const consume = (...args: string[]) => runKafka(['console-consumer', ...args], { timeoutMs: 60_000 });

/** Binary keys, values and headers, written through the client core (the console producer reads text lines). */
async function produceRecords(topic: string, records: Array<{ key: Buffer | null; value: Buffer | null; headers: Array<[string, Buffer | null]> }>): Promise<void> {
  const client = await connect(resolveConnection({ bootstrapServer: [inject('bootstrap')] }, {}, null), () => undefined);
  try {
    const sink = await client.producer({ maxRequestBytes: 1 << 20, acks: -1, compression: 'none', batchBytes: 16384, lingerMs: 0, sync: false, requestTimeoutMs: 10_000, retries: 3, retryBackoffMs: 100, retryBackoffMaxMs: 1000, deliveryTimeoutMs: 30_000, allowAutoTopicCreation: false, partitioner: 'default', ignoreKeys: false, idempotent: true, maxInFlight: 5 });
    records.forEach((r, i) => void sink.write({ topic, partition: 0, ...r }, i + 1));
    const report = await sink.flush();
    expect(report).toMatchObject({ acknowledged: records.length, failed: 0 });
    await sink.close();
  } finally {
    await client.close();
  }
}

/** `kafka ARGS | head -n LINES`. */
function intoHead(args: string, lines: number): Promise<PipedResult> {
  return piped(args, `head -n ${lines}`);
}

describe('kafka console-consumer (real broker)', () => {
  it('output is byte-identical to Kafka’s ConsoleConsumer for the formatter properties', async () => {
    const t = await topic();
    const input = 'h1:a,h2:NULL\tk1\tv1\nNULL\tNULL\tv2\nh3:c\tk3\tNULL\n';
    expect((await runKafka(['console-producer', '--topic', t, '--property', 'parse.key=true', '--property', 'parse.headers=true', '--property', 'null.marker=NULL'], { input })).code).toBe(0);
    const combos: string[][] = [
      [],
      ['print.key=true'],
      ['print.key=true', 'print.timestamp=true', 'print.partition=true', 'print.offset=true', 'print.headers=true'],
      ['print.key=true', 'key.separator= | ', 'line.separator=;\n', 'null.literal=<nil>', 'print.headers=true', 'headers.separator=&'],
      ['print.value=false', 'print.key=true', 'print.offset=true'],
    ];
    for (const props of combos) {
      const propArgs = props.flatMap((p) => ['--property', p]);
      const ours = await consume('--topic', t, '--from-beginning', '--max-messages', '3', ...propArgs);
      // Kafka 4.2+ prints a deprecation notice on stdout for --property: give it the new name.
      const theirs = await kafkaTool(TOOLS.consoleConsumer, ['--topic', t, '--from-beginning', '--max-messages', '3', ...props.flatMap((p) => ['--formatter-property', p])]);
      expect(theirs.status, theirs.stderr).toBe(0);
      expect(ours.stdout, `properties ${props.join(' ')}`).toBe(theirs.stdout);
      expect(ours.stderr).toBe('Processed a total of 3 messages\n');
    }
  }, 120_000);

  it('Kafka’s deserializer classes (Long, Double, Integer, UUID, Bytes; headers too): output byte-identical to Kafka’s ConsoleConsumer', async () => {
    const t = uniqueName('deser');
    expect((await runKafka(['topics', 'create', t])).code).toBe(0);
    const long = (n: bigint) => { const b = Buffer.alloc(8); b.writeBigInt64BE(n); return b; };
    const double = (n: number) => { const b = Buffer.alloc(8); b.writeDoubleBE(n); return b; };
    const doubles = [1.5, 0.001, 1e7, 123456789.123, -2.5e-5, 0.1, 1e21, 0, -0, Number.NaN];
    await produceRecords(t, doubles.map((v, i) => ({ key: long(BigInt(i) * 1_000_000_007n - 5n), value: double(v), headers: [['n', long(BigInt(-i))]] })));
    const same = async (count: number, args: string[]) => {
      const ours = await runKafka(['console-consumer', '--topic', t, '--from-beginning', '--max-messages', String(count), ...args]);
      const theirs = await kafkaTool(TOOLS.consoleConsumer, ['--topic', t, '--from-beginning', '--max-messages', String(count), ...args.map((a) => a.replace(/^(\w+Deserializer)$/, 'org.apache.kafka.common.serialization.$1'))]);
      expect(ours.code, ours.stderr).toBe(theirs.status);
      expect(ours.stdout, args.join(' ')).toBe(theirs.stdout);
      return ours;
    };
    await same(10, ['--key-deserializer', 'LongDeserializer', '--value-deserializer', 'DoubleDeserializer', '--formatter-property', 'print.key=true', '--formatter-property', 'print.headers=true', '--formatter-property', 'headers.deserializer=org.apache.kafka.common.serialization.LongDeserializer']);
    await same(10, ['--value-deserializer', 'BytesDeserializer']);

    const u = uniqueName('deser-uuid');
    expect((await runKafka(['topics', 'create', u])).code).toBe(0);
    const int = (n: number) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
    await produceRecords(u, [
      { key: Buffer.from('123E4567-E89B-12D3-A456-426614174000'), value: int(-7), headers: [] },
      { key: Buffer.from('1-2-3-4-5'), value: int(2147483647), headers: [] },
    ]);
    const uuid = ['--key-deserializer', 'UUIDDeserializer', '--value-deserializer', 'IntegerDeserializer', '--formatter-property', 'print.key=true'];
    const ours = await runKafka(['console-consumer', '--topic', u, '--from-beginning', '--max-messages', '2', ...uuid]);
    const theirs = await kafkaTool(TOOLS.consoleConsumer, ['--topic', u, '--from-beginning', '--max-messages', '2', ...uuid.map((a) => a.replace(/^(\w+Deserializer)$/, 'org.apache.kafka.common.serialization.$1'))]);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stdout).toBe('123e4567-e89b-12d3-a456-426614174000\t-7\n00000001-0002-0003-0004-000000000005\t2147483647\n');
  }, 120_000);

  it('headers keep their order and repeats, integer-like keys included, as Kafka prints them', async () => {
    const t = uniqueName('headers');
    expect((await runKafka(['topics', 'create', t])).code).toBe(0);
    await produceRecords(t, [{ key: null, value: Buffer.from('v'), headers: [['b', Buffer.from('x')], ['1', Buffer.from('y')], ['b', Buffer.from('z')], ['0', null]] }]);
    const args = ['--topic', t, '--from-beginning', '--max-messages', '1', '--formatter-property', 'print.headers=true'];
    const ours = await runKafka(['console-consumer', ...args]);
    const theirs = await kafkaTool(TOOLS.consoleConsumer, args);
    expect(ours.stdout).toBe('b:x,1:y,b:z,0:null\tv\n');
    expect(ours.stdout).toBe(theirs.stdout);
    expect((await runKafka(['console-consumer', '--topic', t, '--from-beginning', '-e', '--format', '%h\n'])).stdout).toBe('b=x,1=y,b=z,0=\n');
  });

  it('a record a deserializer cannot read: exit 1 naming the problem, or skipped with --skip-message-on-error, as Kafka does', async () => {
    const t = uniqueName('deser-bad');
    expect((await runKafka(['topics', 'create', t])).code).toBe(0);
    const long = (n: bigint) => { const b = Buffer.alloc(8); b.writeBigInt64BE(n); return b; };
    await produceRecords(t, [
      { key: long(1n), value: Buffer.from('one'), headers: [] },
      { key: Buffer.from('abc'), value: Buffer.from('two'), headers: [] },
      { key: null, value: Buffer.from('three'), headers: [] },
      { key: long(4n), value: Buffer.from('four'), headers: [] },
    ]);
    const args = ['--topic', t, '--from-beginning', '--max-messages', '4', '--key-deserializer', 'org.apache.kafka.common.serialization.LongDeserializer', '--formatter-property', 'print.key=true'];
    const stop = await runKafka(['console-consumer', ...args]);
    const theirsStop = await kafkaTool(TOOLS.consoleConsumer, args);
    expect(stop.code).toBe(1);
    expect(theirsStop.status).toBe(1);
    expect(stop.stdout).toBe(theirsStop.stdout);
    expect(stop.stderr).toBe('Processed a total of 2 messages\nerror: Size of data received by LongDeserializer is not 8 — pass --skip-message-on-error to skip such records\n');
    const skip = await runKafka(['console-consumer', ...args, '--skip-message-on-error']);
    const theirsSkip = await kafkaTool(TOOLS.consoleConsumer, [...args, '--skip-message-on-error']);
    expect(skip.code).toBe(0);
    expect(skip.stdout).toBe(theirsSkip.stdout);
    expect(skip.stderr.split('\n').filter((l) => l.startsWith('Error processing message'))).toHaveLength(2);
  }, 120_000);

  it('-e exits with exact counts on a multi-partition topic', async () => {
    const t = await topic(3);
    const lines = Array.from({ length: 3000 }, (_, i) => `v${i}`);
    expect((await runKafka(['console-producer', '--topic', t], { input: lines.join('\n') })).code).toBe(0);
    const r = await consume('--topic', t, '--from-beginning', '-e');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').sort()).toEqual([...lines].sort());
    expect(r.stderr).toBe('Processed a total of 3000 messages\n');
    // latest + -e on an idle topic: nothing to read, exits at once
    const idle = await consume('--topic', t, '-e');
    expect([idle.code, idle.stdout]).toEqual([0, '']);
  });

  it('--partition with --offset, --max-messages, --from-timestamp', async () => {
    const t = await topic(2);
    kcatWrite(t, ['a', 'b', 'c', 'd', 'e'], { partition: 1 });
    const fromOffset = await consume('--topic', t, '--partition', '1', '--offset', '2', '-e');
    expect(fromOffset.stdout).toBe('c\nd\ne\n');
    const limited = await consume('--topic', t, '--partition', '1', '--offset', 'earliest', '--max-messages', '2');
    expect(limited.stdout).toBe('a\nb\n');
    const cutoff = Date.now();
    await new Promise((r) => setTimeout(r, 50));
    kcatWrite(t, ['late'], { partition: 1 });
    expect((await consume('--topic', t, '--from-timestamp', String(cutoff), '-e')).stdout).toBe('late\n');
    expect((await consume('--topic', t, '--from', '-1h', '-e')).stdout.split('\n').filter(Boolean)).toHaveLength(6);
  });

  it('-o json, --format, --grep and --include', async () => {
    const t = await topic();
    kcatWrite(t, ['k1:hello', 'k2:ERROR boom', 'k3:world'], { keyed: true });
    const json = await consume('--topic', t, '--from-beginning', '-e', '-o', 'json');
    const docs = json.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(docs[1]).toMatchObject({ topic: t, partition: 0, offset: 1, key: 'k2', value: 'ERROR boom', headers: {}, timestampType: 'CreateTime' });
    expect((await consume('--topic', t, '--from-beginning', '-e', '--format', '%k@%o=%v\\n')).stdout).toBe('k1@0=hello\nk2@1=ERROR boom\nk3@2=world\n');
    expect((await consume('--topic', t, '--from-beginning', '-e', '--grep', '^ERROR')).stdout).toBe('ERROR boom\n');
    expect((await consume('--include', `${t}|nothing-else`, '--from-beginning', '-e')).stdout).toBe('hello\nERROR boom\nworld\n');
  });

  it('--grep matches in linear time: a pattern that would backtrack forever on a long record ends at once', async () => {
    const t = await topic();
    kcatWrite(t, [`${'a'.repeat(100_000)}b`, 'aaa']);
    const r = await consume('--topic', t, '--from-beginning', '-e', '--grep', '(a+)+$');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('aaa\n');
    expect(r.ms).toBeLessThan(15_000);
    const bad = await consume('--topic', t, '--grep', '(a');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: invalid --grep regex '\(a': .* — RE2 syntax: no backreferences or lookaround\n$/);
  });

  it('with --group: commits what was printed; a restart gets the rest, nothing repeated or skipped', async () => {
    const t = await topic(2);
    const group = uniqueName('grp');
    const lines = Array.from({ length: 20 }, (_, i) => `r${i}`);
    expect((await runKafka(['console-producer', '--topic', t], { input: lines.join('\n') })).code).toBe(0);
    const first = await consume('--topic', t, '--group', group, '--from-beginning', '--max-messages', '7');
    expect(first.code).toBe(0);
    const firstLines = first.stdout.trim().split('\n');
    expect(firstLines).toHaveLength(7);
    const second = await consume('--topic', t, '--group', group, '--from-beginning', '--timeout-ms', '4000');
    const secondLines = second.stdout.trim().split('\n');
    expect(secondLines).toHaveLength(13);
    expect([...firstLines, ...secondLines].sort()).toEqual([...lines].sort());
    const lag = JSON.parse((await runKafka(['consumer-groups', 'describe', group, '-o', 'json'])).stdout);
    expect(lag.groups[0].totalLag).toBe(0);
  }, 90_000);

  it('with --group and enable.auto.commit=false: nothing is committed, as with Kafka’s tool; the next run reads it all again', async () => {
    const t = await topic(2);
    const group = uniqueName('nocommit');
    const lines = Array.from({ length: 10 }, (_, i) => `r${i}`);
    expect((await runKafka(['console-producer', '--topic', t], { input: lines.join('\n') })).code).toBe(0);
    for (let run = 0; run < 2; run++) {
      const r = await consume('--topic', t, '--group', group, '--from-beginning', '--max-messages', '10', '--consumer-property', 'enable.auto.commit=false');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim().split('\n').sort(), `run ${run}`).toEqual([...lines].sort());
    }
    const offsets = JSON.parse((await runKafka(['consumer-groups', 'describe', group, '--offsets', '-o', 'json'])).stdout);
    // A group with a committed offset lists its partition here.
    expect(offsets.groups[0].partitions).toEqual([]);
  }, 90_000);

  it('--group shared with Kafka’s own console consumer: the range assignor splits the partitions, each record printed by one of them, once', async () => {
    const t = await topic(6);
    const group = uniqueName('with-java');
    const java = await startKafkaTool(TOOLS.consoleConsumer, ['--topic', t, '--group', group]);
    const ours = spawn(BIN, ['console-consumer', '--topic', t, '--group', group], { env: { ...process.env, KAFKA_BOOTSTRAP_SERVERS: inject('bootstrap') } });
    const out = { java: '', ours: '' };
    java.stdout!.on('data', (d) => (out.java += d));
    ours.stdout.on('data', (d) => (out.ours += d));
    try {
      type Member = { clientId: string; partitions: number; assignment: string };
      let members: Member[] = [];
      await until('both in the group, three partitions each', async () => {
        const r = await runKafka(['consumer-groups', '--describe', '--group', group, '--members', '--verbose', '-o', 'json']);
        const described = r.code === 0 ? (JSON.parse(r.stdout).groups[0] as { state: string; members?: Member[] } | undefined) : undefined;
        members = described?.state === 'Stable' ? (described.members ?? []) : [];
        return members.length === 2 && members.every((m) => m.partitions === 3);
      }, 60_000);
      // Range: each member a run of consecutive partitions.
      expect(members.map((m) => m.assignment).sort()).toEqual([`${t}:0,1,2`, `${t}:3,4,5`]);
      expect(members.map((m) => m.clientId).sort()).toEqual(['console-consumer', 'kafka-cli']);
      const lines = Array.from({ length: 3000 }, (_, i) => `k${i}\tv${i}`);
      expect((await runKafka(['console-producer', '--topic', t, '--property', 'parse.key=true'], { input: lines.join('\n') })).code).toBe(0);
      const printed = () => [...out.java.split('\n'), ...out.ours.split('\n')].filter(Boolean);
      await until('every record printed', () => printed().length >= 3000, 60_000);
      expect(printed().sort()).toEqual(lines.map((_, i) => `v${i}`).sort());
      expect(out.ours.split('\n').filter(Boolean).length).toBeGreaterThan(0);
      expect(out.java.split('\n').filter(Boolean).length).toBeGreaterThan(0);
    } finally {
      ours.kill('SIGTERM');
      java.kill('SIGTERM');
      await Promise.all([new Promise((r) => ours.on('close', r)), new Promise((r) => java.on('close', r))]);
    }
  }, 120_000);

  it('partitions added while reading are read from their beginning, with and without --group (no record written to them is skipped)', async () => {
    const t = await topic(1);
    const env = { ...process.env, KAFKA_BOOTSTRAP_SERVERS: inject('bootstrap') };
    const readers = [[], ['--group', uniqueName('grow')]].map((args) => {
      const child = spawn(BIN, ['console-consumer', '--topic', t, ...args], { env });
      const reader = { child, out: '', exited: new Promise((resolve) => child.on('close', resolve)) };
      child.stdout.on('data', (d) => (reader.out += d));
      return reader;
    });
    try {
      // Tailing (no --from-beginning): each reader is ready once it prints what is written now.
      await until('both readers tailing', () => {
        kcatWrite(t, ['ready'], { partition: 0 });
        return readers.every((r) => r.out.includes('ready\n'));
      }, 60_000, 1000);
      expect((await runKafka(['topics', '--alter', '--topic', t, '--partitions', '3'])).code).toBe(0);
      // Written at once, before the readers can know of the new partitions.
      kcatWrite(t, ['on-1'], { partition: 1 });
      kcatWrite(t, ['on-2'], { partition: 2 });
      await until('both readers printing the records of the new partitions', () => readers.every((r) => r.out.includes('on-1\n') && r.out.includes('on-2\n')), 30_000);
    } finally {
      for (const r of readers) r.child.kill('SIGTERM');
      await Promise.all(readers.map((r) => r.exited));
    }
  }, 120_000);

  it('without --group no consumer group is left behind', async () => {
    const t = await topic();
    kcatWrite(t, ['x']);
    const before = (await runKafka(['consumer-groups', '--list'])).stdout;
    expect((await consume('--topic', t, '--from-beginning', '-e')).stdout).toBe('x\n');
    const after = (await runKafka(['consumer-groups', '--list'])).stdout;
    expect(after).toBe(before);
  });

  it('stdout closed early (| head -n 10): exit 0, quietly', async () => {
    const t = await topic();
    expect((await runKafka(['console-producer', '--topic', t], { input: Array.from({ length: 50_000 }, (_, i) => `line-${i}`).join('\n') })).code).toBe(0);
    const result = await intoHead(`console-consumer --topic ${t} --from-beginning`, 10);
    expect(result.out.split('\n').filter(Boolean)).toHaveLength(10);
    expect(result.status).toBe('0');
    expect(result.err).not.toMatch(/error|EPIPE/i);
  });

  it('| head -1 on a quiet topic: stops once head has its line, without waiting for another record', async () => {
    const t = await topic();
    const group = uniqueName('head-group');
    expect((await runKafka(['console-producer', '--topic', t], { input: 'only\n' })).code).toBe(0);
    // Nothing else is ever written to the topic: before, the consumer ran until the test's timeout.
    const result = await intoHead(`console-consumer --topic ${t} --from-beginning --group ${group}`, 1);
    expect(result).toMatchObject({ out: 'only\n', status: '0', timedOut: false });
    expect(result.err).toBe('');
    // It stopped as a consumer stops: the group's position was committed.
    const lag = await runKafka(['consumer-groups', '--describe', '--group', group, '-o', 'json']);
    expect(JSON.parse(lag.stdout)).toMatchObject({ groups: [{ group, partitions: [{ currentOffset: 1, lag: 0 }] }] });
  });

  it('-e into a pipe whose reader stays (| cat): exits once at the end, as without a pipe', async () => {
    const t = await topic(3);
    expect((await runKafka(['console-producer', '--topic', t], { input: 'a\nb\nc\n' })).code).toBe(0);
    // The thread watching the pipe must not hold the process up (it did: the run never ended).
    const result = await piped(`console-consumer --topic ${t} --from-beginning -e`, 'cat');
    expect(result).toMatchObject({ status: '0', timedOut: false, err: 'Processed a total of 3 messages\n' });
    expect(result.out.split('\n').filter(Boolean).sort()).toEqual(['a', 'b', 'c']);
  });

  it('consumer-groups --watch | head -1 stops after the first round, not after the next one', async () => {
    const result = await intoHead('consumer-groups --describe --all-groups --watch 3600', 1);
    expect(result).toMatchObject({ status: '0', timedOut: false, err: '' });
    expect(result.out).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('a named topic is looked up by name: the metadata of every topic (megabytes on a large cluster) is asked for once at most, with or without --group', async () => {
    const t = await topic(3);
    await kcatWrite(t, ['one', 'two', 'three']);
    const traced = { env: { NODE_OPTIONS: `--require ${fileURLToPath(new URL('../support/trace-requests.cjs', import.meta.url))}` }, timeoutMs: 60_000 };
    for (const extra of [[], ['--group', uniqueName('by-name')]]) {
      const r = await runKafka(['console-consumer', '--topic', t, '--from-beginning', '--max-messages', '3', ...extra], traced);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['one', 'three', 'two']);
      const metadata = r.stderr.split('\n').filter((l) => /^REQUEST \d+ 3 /.test(l));
      expect(metadata.filter((l) => l.endsWith(' every-topic')), extra.join(' ')).toHaveLength(1);
      expect(metadata.some((l) => l.endsWith(' topics=1'))).toBe(true);
    }
  });

  it('into a pipe, it ends on its own once done: the thread watching for the reader to go keeps nothing alive', async () => {
    const t = await topic(2);
    await kcatWrite(t, ['one', 'two']);
    const traced = { env: { NODE_OPTIONS: `--require ${fileURLToPath(new URL('../support/trace-exit.cjs', import.meta.url))}` } };
    for (const bound of ['-e', '--max-messages 1']) {
      const r = await piped(`console-consumer --topic ${t} --from-beginning ${bound}`, 'cat', traced);
      expect(r.status, r.err).toBe('0');
      expect(r.err, bound).toContain('TRACE: ended on its own\n');
    }
  });

  it('a missing topic is a one-line error (exit 5); bad options are usage errors (exit 2)', async () => {
    const missing = await consume('--topic', uniqueName('absent'), '-e');
    expect(missing.code).toBe(5);
    expect(missing.stderr).toMatch(/^error: topic '.*' does not exist/);
    const bad = await consume('--topic', 't', '--partition', '0', '--offset', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("error: The provided offset value 'soon' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.\n");
  });
});

describe('kafka console-consumer: isolation and signals (real broker)', () => {
  it('--isolation-level read_committed hides an aborted transaction; the default shows it, as Kafka’s tool', async () => {
    const t = await topic();
    // kafkajs directly (tests may use any client) to write one committed and one aborted transaction.
    const { kafkajs } = await import('../../src/core/kafkajs/load.js');
    const kafka = new kafkajs.Kafka({ brokers: inject('bootstrap').split(','), logLevel: kafkajs.logLevel.NOTHING });
    const producer = kafka.producer({ transactionalId: uniqueName('tx'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (const [value, commit] of [['kept', true], ['aborted', false]] as const) {
      const tx = await producer.transaction();
      await tx.send({ topic: t, messages: [{ value }] });
      if (commit) await tx.commit();
      else await tx.abort();
    }
    await producer.disconnect();
    expect((await consume('--topic', t, '--from-beginning', '-e', '--isolation-level', 'read_committed')).stdout).toBe('kept\n');
    expect((await consume('--topic', t, '--from-beginning', '-e')).stdout).toBe('kept\naborted\n');
    expect((await consume('--topic', t, '--from-beginning', '-e', '--consumer-property', 'isolation.level=read_committed')).stdout).toBe('kept\n');
    const config = join(mkdtempSync(join(tmpdir(), 'cc-')), 'consumer.properties');
    writeFileSync(config, '# Kafka consumer properties\nisolation.level=read_committed\n');
    expect((await consume('--topic', t, '--from-beginning', '-e', '--consumer.config', config)).stdout).toBe('kept\n');
  });

  it('Ctrl-C while rejoining a group that waits for a silent member: stops at once (exit 130), not after the rebalance', async () => {
    const t = await topic(2);
    const group = uniqueName('rejoin');
    const env = { ...process.env, KAFKA_BOOTSTRAP_SERVERS: inject('bootstrap') };
    const start = () => {
      const child = spawn(BIN, ['console-consumer', '--topic', t, '--group', group, '--verbose'], { env });
      const member = { child, stderr: '', exited: new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code))) };
      child.stderr.on('data', (d) => (member.stderr += d));
      return member;
    };
    const [first, frozen] = [start(), start()];
    let third: ReturnType<typeof start> | null = null;
    try {
      await until('two members, each with a partition', () => [first, frozen].every((m) => / owns \S+:\d+$/m.test(m.stderr) && m.stderr.includes('generation 2')), 60_000);
      // A member that stops answering holds up the next rebalance until its session times out (30 s).
      frozen.child.kill('SIGSTOP');
      third = start();
      await until('the first member rejoining', () => first.stderr.includes('rebalancing: owned'), 30_000);
      const interruptedAt = Date.now();
      first.child.kill('SIGINT');
      expect(await first.exited).toBe(130);
      expect(Date.now() - interruptedAt).toBeLessThan(5_000);
      expect(first.stderr.trim().split('\n').at(-1)).toBe('Processed a total of 0 messages');
    } finally {
      frozen.child.kill('SIGCONT');
      for (const m of [first, frozen, third]) m?.child.kill('SIGKILL');
    }
  }, 120_000);

  it('SIGTERM with --group: commits what was printed, leaves the group at once, exits 143', async () => {
    const t = await topic();
    const group = uniqueName('term');
    kcatWrite(t, ['a', 'b', 'c']);
    const child = spawn(BIN, ['console-consumer', '--topic', t, '--group', group, '--from-beginning'], { env: { ...process.env, KAFKA_BOOTSTRAP_SERVERS: inject('bootstrap') } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const deadline = Date.now() + 30_000;
    while (out.split('\n').filter(Boolean).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(143);
    const described = JSON.parse((await runKafka(['consumer-groups', 'describe', group, '-o', 'json'])).stdout);
    expect(described.groups[0]).toMatchObject({ state: 'Empty', totalLag: 0 });
    // Left cleanly: the next member starts without waiting for the old session to expire.
    kcatWrite(t, ['d']);
    const next = await consume('--topic', t, '--group', group, '--max-messages', '1');
    expect(next.stdout).toBe('d\n');
    expect(next.ms).toBeLessThan(10_000);
  }, 60_000);
});
