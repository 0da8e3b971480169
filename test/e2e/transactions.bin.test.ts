import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaTool, startKafkaTool, TOOLS } from '../support/kafka-tool.js';
import { runKafka, uniqueName } from '../support/run-kafka.js';
import { until } from '../support/until.js';

/** A table of Kafka's newer tools as cells: padded cells, tab-ended. */
const cells = (text: string) => text.replace(/\n$/, '').split('\n').map((line) => line.split('\t').slice(0, -1));

describe('transactions (kafka-transactions): one committed, one left open by a producer killed mid-transaction', () => {
  const topic = uniqueName('tx');
  const committed = uniqueName('tx-committed');
  const open = uniqueName('tx-open');
  let openProducer: ChildProcess | undefined;
  const describeJson = async (id: string) => {
    const r = await runKafka(['transactions', 'describe', '--transactional-id', id, '-o', 'json']);
    return r.code === 0 ? (JSON.parse(r.stdout) as { state: string; partitions: unknown[] }) : null;
  };
  const producersJson = async (partition: number) =>
    (JSON.parse((await runKafka(['transactions', 'describe-producers', '--topic', topic, '--partition', String(partition), '-o', 'json'])).stdout) as {
      producers: Array<{ producerId: number; currentTransactionStartOffset: number | null }>;
    }).producers;

  beforeAll(async () => {
    expect((await runKafka(['topics', '--create', '--topic', topic, '--partitions', '2'])).code).toBe(0);
    // Kafka's own transactional producer: 200 records in committed transactions.
    const perf = (id: string, records: string, extra: string[]) => ['--topic', topic, '--num-records', records, '--record-size', '20', '--transactional-id', id, ...extra];
    const done = await kafkaTool(TOOLS.producerPerformance, perf(committed, '200', ['--throughput', '-1', '--transaction-duration-ms', '50']));
    expect(done.status, done.stderr).toBe(0);
    // One that opens a transaction on both partitions and is killed before it ends it.
    openProducer = await startKafkaTool(TOOLS.producerPerformance, [...perf(open, '100000000', ['--throughput', '50', '--transaction-duration-ms', '600000']), '--producer-props', 'transaction.timeout.ms=900000']);
    await until('a transaction open on both partitions', async () => (await describeJson(open))?.partitions.length === 2, 90_000, 500);
    openProducer.kill('SIGKILL');
  }, 240_000);

  afterAll(() => {
    openProducer?.kill('SIGKILL');
  });

  it('list, describe and describe-producers -o kafka are TransactionsCommand’s tables', async () => {
    const [oursList, theirsList] = await Promise.all([runKafka(['transactions', 'list', '-o', 'kafka']), kafkaTool(TOOLS.transactions, ['list'])]);
    expect(oursList).toMatchObject({ code: 0, stderr: '' });
    const row = (text: string, id: string) => cells(text).find((r) => r[0]!.trim() === id)?.map((c) => c.trim());
    expect(cells(oursList.stdout)[0]!.map((c) => c.trim())).toEqual(['TransactionalId', 'Coordinator', 'ProducerId', 'TransactionState']);
    for (const id of [committed, open]) expect(row(oursList.stdout, id)).toEqual(row(theirsList.stdout, id));
    expect(row(oursList.stdout, open)![3]).toBe('Ongoing');

    for (const id of [committed, open]) {
      const [ours, theirs] = await Promise.all([runKafka(['transactions', 'describe', '--transactional-id', id, '-o', 'kafka']), kafkaTool(TOOLS.transactions, ['describe', '--transactional-id', id])]);
      expect(ours).toMatchObject({ code: 0, stderr: '' });
      // The duration is now minus the start: it moves between the two runs.
      const withoutDuration = (text: string) => cells(text).map((r) => r.map((c, i) => (i === 7 ? c.replace(/\d/g, '#').length : c)));
      expect(withoutDuration(ours.stdout)).toEqual(withoutDuration(theirs.stdout));
    }
    for (const partition of ['0', '1']) {
      const args = ['describe-producers', '--topic', topic, '--partition', partition];
      const [ours, theirs] = await Promise.all([runKafka(['transactions', ...args, '-o', 'kafka']), kafkaTool(TOOLS.transactions, args)]);
      expect(ours).toMatchObject({ code: 0, stdout: theirs.stdout, stderr: '' });
    }
  });

  it('list --transactional-id-pattern and --duration-filter select what the brokers select (the rows of Kafka’s tool)', async () => {
    const ids = (text: string) => cells(text).slice(1).map((r) => r[0]!.trim()).sort();
    const both = `${committed}|${open}`;
    for (const [filters, want] of [
      [['--transactional-id-pattern', open], [open]],
      [['--transactional-id-pattern', both, '--duration-filter', '0'], [committed, open].sort()],
      [['--transactional-id-pattern', both, '--duration-filter', '3600000'], []],
    ] as const) {
      const [ours, theirs] = await Promise.all([runKafka(['transactions', 'list', ...filters, '-o', 'kafka']), kafkaTool(TOOLS.transactions, ['list', ...filters])]);
      expect(ours, filters.join(' ')).toMatchObject({ code: 0, stderr: '' });
      expect(ids(ours.stdout), filters.join(' ')).toEqual(want);
      expect(ids(theirs.stdout), filters.join(' ')).toEqual(want);
    }
    expect(await runKafka(['transactions', 'list', '--transactional-id-pattern', 'a('])).toMatchObject({ code: 2, stderr: "error: --transactional-id-pattern 'a(' is not a valid RE2 regex: missing closing )\n" });
  });

  it('find-hanging finds none while the coordinator still expects to end the open one (as Kafka’s tool)', async () => {
    const args = ['find-hanging', '--topic', topic, '--max-transaction-timeout', '0'];
    const [ours, theirs] = await Promise.all([runKafka(['transactions', ...args, '-o', 'kafka']), kafkaTool(TOOLS.transactions, args)]);
    expect(ours).toMatchObject({ code: 0, stdout: theirs.stdout, stderr: '' });
    expect(cells(ours.stdout)).toHaveLength(1);
  });

  it('abort --start-offset ends the open transaction: no producer has one open, and a read_committed reader gets to the end', async () => {
    for (const partition of [0, 1]) {
      const openAt = (await producersJson(partition)).find((p) => p.currentTransactionStartOffset !== null)?.currentTransactionStartOffset;
      expect(openAt, `partition ${partition}`).toEqual(expect.any(Number));
      const aborted = await runKafka(['transactions', 'abort', '--topic', topic, '--partition', String(partition), '--start-offset', String(openAt)]);
      expect(aborted).toMatchObject({ code: 0, stdout: '' });
      expect((await producersJson(partition)).every((p) => p.currentTransactionStartOffset === null)).toBe(true);
    }
    const read = await runKafka(['console-consumer', '--topic', topic, '--from-beginning', '-e', '--isolation-level', 'read_committed'], { timeoutMs: 60_000 });
    expect(read.code, read.stderr).toBe(0);
    // The committed producer's 200 records, none of the aborted transaction's.
    expect(read.stdout.split('\n').filter(Boolean)).toHaveLength(200);
    const again = await runKafka(['transactions', 'abort', '--topic', topic, '--partition', '0', '--start-offset', '0']);
    expect(again).toMatchObject({ code: 5, stderr: expect.stringMatching(/^error: Could not find any open transactions starting at offset 0 on partition .*-0 — /) });
  });

  it('Kafka’s argument rules, with its messages (exit 2)', async () => {
    const cases: Array<[string[], string]> = [
      [['find-hanging'], 'The `find-hanging` command requires either --topic or --broker-id to limit the scope of the search'],
      [['find-hanging', '--broker-id', '1', '--partition', '0'], 'The --partition argument requires --topic to be provided'],
      [['abort', '--topic', 't', '--partition', '0'], 'The transaction to abort must be identified either with --start-offset'],
      [['abort', '--topic', 't', '--partition', '0', '--producer-id', '5'], 'Missing required argument --producer-epoch'],
      [['describe'], 'argument --transactional-id is required'],
    ];
    for (const [args, message] of cases) {
      const r = await runKafka(['transactions', ...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.startsWith(`error: ${message}`), r.stderr).toBe(true);
    }
  });
});
