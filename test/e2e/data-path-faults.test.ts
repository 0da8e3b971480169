import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCluster } from '../../src/commands/cluster/run.js';
import { readState, startLocalCluster, startLocalNode, stopLocalCluster } from '../../src/cluster/local/local-cluster.js';
import { DEFAULT_KAFKA_VERSION } from '../../src/cluster/local/paths.js';
import { claimOf, expectDelivery, numberedLines, recordScenario, tallyTopic, tallyTransactions } from '../support/delivery-checker.js';
import { kafkaTool } from '../support/kafka-tool.js';
import { watchCluster } from '../support/watch-cluster.js';
import { BIN, runKafka } from '../support/run-kafka.js';
import { until } from '../support/until.js';

/**
 * Producer, group consumers and readers on a production-shaped cluster: 3 brokers, multi-partition topics, RF 3,
 * min.insync.replicas=2, under faults. Every run is read back with kcat and checked by the
 * delivery checker (missing, duplicated, out of order, holes; the claim against what landed).
 */
describe('the data paths on 3 brokers, multi-partition, RF 3, min.insync.replicas=2, under faults', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'kafka-cli-pfaults-'));
  watchCluster(stateDir);
  let bootstrap = '';
  let topicCounter = 0;
  const kafka = (...args: string[]) => runKafka([...args, '--bootstrap-server', bootstrap], { noBootstrap: true });

  beforeAll(async () => {
    bootstrap = (
      await startLocalCluster({ version: DEFAULT_KAFKA_VERSION, brokers: 3, stateDir, port: 0, heapMb: 512 }, process.env, (b) => probeCluster(b, process.env), () => undefined)
    ).bootstrapServers;
  }, 240_000);

  afterAll(async () => {
    await stopLocalCluster(stateDir, true);
  });

  const newTopic = async (partitions: number) => {
    const topic = `faults-${topicCounter++}`;
    const created = await kafka('topics', 'create', topic, '--partitions', String(partitions), '--replication-factor', '3', '--config', 'min.insync.replicas=2');
    expect(created.code, created.stderr).toBe(0);
    return topic;
  };
  const leaderOf = async (topic: string, partition: number): Promise<number> =>
    JSON.parse((await kafka('topics', 'describe', topic, '-o', 'json')).stdout).topics[0].partitions[partition].leader;
  const pidOf = (id: number) => readState(stateDir)!.nodes.find((n) => n.id === id)!.pid!;

  const untilFullIsr = (topic: string) =>
    until(`every replica of ${topic} in sync`, async () => {
      const r = await kafka('topics', 'describe', topic, '-o', 'json');
      return r.code === 0 && JSON.parse(r.stdout).topics[0].partitions.every((p: { isr: number[] }) => p.isr.length === 3);
    }, 120_000);

  /** Starts a stopped broker again and waits until the cluster counts it (a topic with RF 3 needs it). */
  const restart = async (id: number) => {
    await startLocalNode(stateDir, id, process.env, () => undefined);
    await until('three registered brokers', async () => (await probeCluster(bootstrap, process.env).catch(() => ({ brokers: 0 }))).brokers === 3, 60_000);
  };

  /** Feeds numbered lines over a few seconds; `at(sentSoFar)` injects the fault. */
  async function produceWhile(topic: string, input: string, extra: string[], at: (linesSent: number) => void | Promise<void>) {
    const started = Date.now();
    const producer = spawn(BIN, ['console-producer', '--topic', topic, '--bootstrap-server', bootstrap, ...extra], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    producer.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => producer.on('close', resolve));
    producer.stdin.on('error', () => undefined); // a producer that gave up closes its stdin
    const lines = input.split(/(?<=\n)/);
    for (let i = 0; i < lines.length && producer.exitCode === null; i += 10_000) {
      if (!producer.stdin.write(lines.slice(i, i + 10_000).join(''))) await Promise.race([new Promise((resolve) => producer.stdin.once('drain', resolve)), exited]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await at(i + 10_000);
    }
    producer.stdin.end();
    const code = await exited;
    return { code, stderr, seconds: (Date.now() - started) / 1000 };
  }

  it('a fresh 3-partition topic gets every line exactly once, in order, run after run (a later batch used to overtake a retried first one)', async () => {
    const input = numberedLines(200_000);
    for (let run = 0; run < 5; run++) {
      const topic = await newTopic(3);
      const started = Date.now();
      const produced = await runKafka(['console-producer', '--topic', topic, '--bootstrap-server', bootstrap], { noBootstrap: true, input, timeoutMs: 120_000 });
      const tally = tallyTopic(bootstrap, topic, 200_000, claimOf(produced.code, produced.stderr, 200_000));
      expectDelivery(produced.code, produced.stderr, tally, (Date.now() - started) / 1000);
      expect(produced.code, produced.stderr).toBe(0);
    }
  }, 600_000);

  it('keyed lines on 6 partitions: each key in order, none missing or twice', async () => {
    const input = numberedLines(100_000, true);
    for (let run = 0; run < 2; run++) {
      const topic = await newTopic(6);
      const started = Date.now();
      const produced = await runKafka(['console-producer', '--topic', topic, '--property', 'parse.key=true', '--property', 'key.separator=:', '--bootstrap-server', bootstrap], { noBootstrap: true, input, timeoutMs: 120_000 });
      const tally = tallyTopic(bootstrap, topic, 100_000, claimOf(produced.code, produced.stderr, 100_000), true);
      expectDelivery(produced.code, produced.stderr, tally, (Date.now() - started) / 1000);
      expect(produced.code, produced.stderr).toBe(0);
      expect(Object.keys(tally.perPartition).length).toBeGreaterThan(1);
    }
  }, 300_000);

  it('the leader of a partition killed mid-stream, then restarted: every line once, in order; one producer state on the partition', async () => {
    const topic = await newTopic(3);
    const leader = await leaderOf(topic, 0);
    try {
      const r = await produceWhile(topic, numberedLines(300_000), [], (sent) => {
        if (sent === 100_000) process.kill(pidOf(leader), 'SIGKILL');
      });
      expectDelivery(r.code, r.stderr, tallyTopic(bootstrap, topic, 300_000, claimOf(r.code, r.stderr, 300_000)), r.seconds);
      expect(r.code, r.stderr).toBe(0);
      expect(await leaderOf(topic, 0)).not.toBe(leader);
      const producers = await kafkaTool('org.apache.kafka.tools.TransactionsCommand', ['describe-producers', '--topic', topic, '--partition', '0'], { bootstrap });
      expect(producers.stdout.trim().split('\n').length, producers.stdout + producers.stderr).toBe(2); // header + one producer
    } finally {
      await restart(leader);
    }
  }, 240_000);

  it('a leader frozen for 20 s (SIGSTOP) mid-stream: every line once, in order', async () => {
    const topic = await newTopic(3);
    const leader = await leaderOf(topic, 1);
    const pid = pidOf(leader);
    let thawed: Promise<void> | null = null;
    const r = await produceWhile(topic, numberedLines(200_000), ['--request-timeout-ms', '10000'], (sent) => {
      if (sent !== 50_000) return;
      process.kill(pid, 'SIGSTOP');
      thawed = new Promise((resolve) => setTimeout(() => { process.kill(pid, 'SIGCONT'); resolve(); }, 20_000));
    });
    await thawed;
    // Read back once the thawed broker has caught up: right after SIGCONT it may still answer as
    // the partition's leader, and kcat would read nothing from it.
    await untilFullIsr(topic);
    expectDelivery(r.code, r.stderr, tallyTopic(bootstrap, topic, 200_000, claimOf(r.code, r.stderr, 200_000)), r.seconds);
    expect(r.code, r.stderr).toBe(0);
  }, 240_000);

  it('every broker frozen: the producer ends within its delivery timeout, and what it claims is what landed', async () => {
    const topic = await newTopic(3);
    const pids = readState(stateDir)!.nodes.map((n) => n.pid!);
    let thaw = () => undefined as void;
    const r = await produceWhile(topic, numberedLines(100_000), ['--request-timeout-ms', '5000', '--producer-property', 'delivery.timeout.ms=15000'], (sent) => {
      if (sent !== 30_000) return;
      for (const pid of pids) process.kill(pid, 'SIGSTOP');
      thaw = () => { for (const pid of pids) process.kill(pid, 'SIGCONT'); };
    }).finally(() => thaw());
    expect(r.code, r.stderr).not.toBe(0);
    expect(r.seconds, r.stderr).toBeLessThan(90);
    expect(r.stderr).toMatch(/record\(s\) acknowledged/);
    // Whatever was in flight when the cluster froze may land once it thaws: read once every replica is back in sync.
    await untilFullIsr(topic);
    expectDelivery(r.code, r.stderr, tallyTopic(bootstrap, topic, 100_000, claimOf(r.code, r.stderr, 100_000)), r.seconds);
  }, 240_000);

  describe('console-producer --transactional-id', () => {
    const coordinatorOf = async (id: string): Promise<number | null> => {
      const r = await kafka('transactions', 'describe', '--transactional-id', id, '-o', 'json');
      return r.code === 0 ? (JSON.parse(r.stdout) as { coordinatorId: number }).coordinatorId : null;
    };

    for (let run = 1; run <= 2; run++) {
      it(`a producer killed (SIGKILL) mid-input: read_committed readers see whole transactions only, and the next producer of the id aborts the rest at once (run ${run} of 2)`, async () => {
        const topic = await newTopic(6);
        const id = `tx-killed-${topicCounter}`;
        const size = 20_000;
        const producer = spawn(BIN, ['console-producer', '--topic', topic, '--bootstrap-server', bootstrap, '--transactional-id', id, '--transaction-size', String(size)], { stdio: ['pipe', 'ignore', 'pipe'] });
        const exited = new Promise<number | null>((resolve) => producer.on('close', resolve));
        producer.stdin.on('error', () => undefined);
        producer.stdin.write(numberedLines(55_000));
        // Killed with two transactions committed and part of the third in the log.
        await until('two transactions committed and a third under way', () => {
          const t = tallyTransactions(bootstrap, topic, 55_000, size);
          return t.committed >= 2 * size && t.inLog > t.committed;
        }, 60_000);
        producer.kill('SIGKILL');
        await exited;
        const killed = tallyTransactions(bootstrap, topic, 55_000, size);
        recordScenario({ sent: 55_000, committed: killed.committed, inLog: killed.inLog, duplicated: killed.duplicated, outOfOrder: killed.outOfOrder });
        expect(killed, JSON.stringify(killed)).toMatchObject({ wholeTransactions: true, duplicated: 0, outOfOrder: 0 });
        expect(killed.committed).toBe(2 * size);
        expect(killed.inLog).toBeGreaterThan(killed.committed);
        expect(await coordinatorOf(id)).not.toBeNull();
        // Not after transaction.timeout.ms (60 s): the next producer of the id fences the dead one and aborts its transaction.
        const next = await runKafka(['console-producer', '--topic', topic, '--bootstrap-server', bootstrap, '--transactional-id', id], { noBootstrap: true, input: 'after\n', timeoutMs: 30_000 });
        expect(next.code, next.stderr).toBe(0);
        const read = spawnSync('kcat', ['-b', bootstrap, '-C', '-t', topic, '-e', '-q', '-X', 'isolation.level=read_committed'], { encoding: 'utf8', maxBuffer: 1 << 30 });
        const values = read.stdout.split('\n').filter(Boolean);
        expect(values.length).toBe(2 * size + 1);
        expect(values).toContain('after');
      }, 180_000);
    }

    it('the transaction coordinator killed mid-input: the producer finds the new one; every line committed once, in order', async () => {
      const topic = await newTopic(6);
      const id = `tx-coordinator-${topicCounter}`;
      let killed: number | null = null;
      try {
        const r = await produceWhile(topic, numberedLines(200_000), ['--transactional-id', id, '--transaction-size', '30000'], async (sent) => {
          if (sent !== 60_000) return;
          killed = await coordinatorOf(id);
          expect(killed).not.toBeNull();
          process.kill(pidOf(killed!), 'SIGKILL');
        });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).toBe('');
        const t = tallyTransactions(bootstrap, topic, 200_000, 30_000);
        recordScenario({ sent: 200_000, committed: t.committed, inLog: t.inLog, duplicated: t.duplicated, outOfOrder: t.outOfOrder, exit: r.code, seconds: r.seconds });
        expect(t, JSON.stringify(t)).toMatchObject({ committed: 200_000, duplicated: 0, outOfOrder: 0 });
        const moved = await coordinatorOf(id);
        expect(moved).not.toBe(killed);
      } finally {
        if (killed !== null) await restart(killed);
      }
    }, 240_000);
  });

  it('a share consumer whose partition leader is killed mid-stream: it keeps going; every record printed, none lost (share groups deliver at least once)', async () => {
    const topic = await newTopic(3);
    const group = `share-faults-${topicCounter}`;
    expect((await kafka('configs', '--alter', '--group', group, '--add-config', 'share.auto.offset.reset=earliest')).code).toBe(0);
    const sent = 30_000;
    const produced = await runKafka(['console-producer', '--topic', topic, '--bootstrap-server', bootstrap], { noBootstrap: true, input: numberedLines(sent), timeoutMs: 120_000 });
    expect(produced.code, produced.stderr).toBe(0);
    const leader = await leaderOf(topic, 0);
    // Kafka's share coordinator on the killed broker stalls every partition's delivery for some 10-15 s while it moves:
    // the idle timeout leaves room for that (and for a 30 s acquisition lock on records in flight).
    const consumer = spawn(BIN, ['console-share-consumer', '--topic', topic, '--group', group, '--bootstrap-server', bootstrap, '--timeout-ms', '40000', '--consumer-property', 'max.poll.records=200'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    consumer.stdout.on('data', (d) => (out += d));
    consumer.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => consumer.on('close', resolve));
    try {
      await until('a third of the records printed', () => out.split('\n').length > sent / 3, 60_000, 50);
      process.kill(pidOf(leader), 'SIGKILL');
      const code = await exited;
      const printed = out.split('\n').filter(Boolean).map(Number);
      const distinct = new Set(printed);
      let missing = 0;
      for (let n = 1; n <= sent; n++) if (!distinct.has(n)) missing++;
      recordScenario({ sent, printed: printed.length, missing, duplicated: printed.length - distinct.size, exit: code });
      expect(code, err).toBe(0);
      expect(missing, `printed ${printed.length}, ${distinct.size} distinct; ${err.trim().split('\n').slice(-3).join(' | ')}`).toBe(0);
      expect(err.trim().split('\n').at(-1)).toBe(`Processed a total of ${printed.length} messages`);
    } finally {
      consumer.kill('SIGKILL');
      await restart(leader);
    }
  }, 240_000);

  it('share groups turned off (share.version 0, on this file’s own cluster): console-share-consumer says so in one line (exit 7); on again, it reads', async () => {
    const topic = await newTopic(1);
    const group = `share-off-${topicCounter}`;
    expect((await kafka('configs', '--alter', '--group', group, '--add-config', 'share.auto.offset.reset=earliest')).code).toBe(0);
    expect((await runKafka(['console-producer', '--topic', topic, '--bootstrap-server', bootstrap], { noBootstrap: true, input: 'q\n' })).code).toBe(0);
    expect((await kafka('features', 'disable', '--feature', 'share.version')).code).toBe(0);
    try {
      const off = await kafka('console-share-consumer', '--topic', topic, '--group', group, '--timeout-ms', '2000');
      expect(off).toMatchObject({ code: 7, stdout: '', stderr: 'error: the brokers have no share groups (KIP-932: Kafka 4.1 or later, with the share.version feature enabled; `kafka features upgrade --feature share.version=1`)\n' });
    } finally {
      expect((await kafka('features', 'upgrade', '--feature', 'share.version=2')).code).toBe(0);
    }
    expect(await kafka('console-share-consumer', '--topic', topic, '--group', group, '--max-messages', '1')).toMatchObject({ code: 0, stdout: 'q\n' });
  }, 120_000);

  it('a producer to a missing topic on a cluster that auto-creates: refused and not created, unless allow.auto.create.topics=true, then created and delivered', async () => {
    const missing = `missing-${topicCounter++}`;
    const refused = await runKafka(['console-producer', '--topic', missing, '--bootstrap-server', bootstrap], { noBootstrap: true, input: 'x\n' });
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/topic '.*' does not exist/);
    expect((await kafka('topics', '--list')).stdout.split('\n')).not.toContain(missing);
    const created = await runKafka(['console-producer', '--topic', missing, '--producer-property', 'allow.auto.create.topics=true', '--bootstrap-server', bootstrap], { noBootstrap: true, input: 'x\ny\n' });
    expect(created.code, created.stderr).toBe(0);
    const read = await kafka('console-consumer', '--topic', missing, '--from-beginning', '-e');
    expect(read.stdout.trim().split('\n').sort()).toEqual(['x', 'y']);
  }, 120_000);

  /** A long-running console-consumer whose stdout is counted as it comes. */
  function startConsumer(topic: string, extra: string[]) {
    const child = spawn(BIN, ['console-consumer', '--topic', topic, '--bootstrap-server', bootstrap, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    const state = { lines: [] as string[], stderr: '', carry: '', child, exited: new Promise<number | null>((resolve) => child.on('close', resolve)) };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      const parts = (state.carry + d).split('\n');
      state.carry = parts.pop()!;
      state.lines.push(...parts);
    });
    child.stderr.on('data', (d) => (state.stderr += d));
    return state;
  }
  const committedTotal = async (group: string): Promise<number> => {
    const r = await kafka('consumer-groups', '--describe', '--group', group, '-o', 'json');
    if (r.code !== 0) return -1;
    const rows: Array<{ currentOffset: number | null }> = JSON.parse(r.stdout).groups[0].partitions;
    return rows.reduce((n, p) => n + (p.currentOffset ?? 0), 0);
  };
  const produce = async (topic: string, count: number) => {
    const r = await runKafka(['console-producer', '--topic', topic, '--bootstrap-server', bootstrap], { noBootstrap: true, input: numberedLines(count), timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
  };

  it('a group consumer that has caught up commits what it printed within auto.commit.interval.ms, without exiting', async () => {
    const topic = await newTopic(6);
    await produce(topic, 1000);
    const group = `${topic}-g`;
    const consumer = startConsumer(topic, ['--group', group, '--from-beginning']);
    try {
      await until('1000 printed lines', () => consumer.lines.length >= 1000);
      await until('the committed offsets to reach the end', async () => (await committedTotal(group)) === 1000, 15_000);
      expect(consumer.child.exitCode).toBeNull();
    } finally {
      consumer.child.kill('SIGTERM');
      await consumer.exited;
    }
  }, 120_000);

  /** The broker coordinating a group, once the group is Stable; null before. */
  const stableCoordinator = async (group: string): Promise<number | null> => {
    const r = await kafka('consumer-groups', '--describe', '--group', group, '--state', '-o', 'json');
    if (r.code !== 0) return null;
    const described = JSON.parse(r.stdout).groups[0] as { state: string; coordinator: string } | undefined;
    return described?.state === 'Stable' ? Number(/\((\d+)\)$/.exec(described.coordinator)![1]) : null;
  };

  // Before, a commit tried by kafkajs's stopped client did nothing, yet was counted as made.
  // Frozen: its heartbeat held up its fetches for a request timeout and it exited "no broker answered";
  // killed: the connection is refused. Either way the group moves to another broker.
  for (const fault of ['frozen (SIGSTOP)', 'killed (SIGKILL)'] as const) {
    const killed = fault.startsWith('killed');
    it(`a group consumer whose coordinator is ${fault} finds the new one: it keeps running, every record printed, every one committed (2 runs)`, async () => {
      for (let run = 0; run < 2; run++) {
        const topic = await newTopic(6);
        const group = `${topic}-g`;
        const total = 60_000;
        const consumer = startConsumer(topic, ['--group', group, '--from-beginning', '--verbose']);
        let stopped: number | null = null;
        try {
          let coordinator: number | null = null;
          await until('the consumer in a stable group', async () => (coordinator = await stableCoordinator(group)) !== null, 60_000);
          await produce(topic, total);
          await until('every record printed', () => consumer.lines.length >= total, 60_000);
          // At once, so that what was printed since the last commit is still to be committed.
          stopped = coordinator!;
          process.kill(pidOf(stopped), killed ? 'SIGKILL' : 'SIGSTOP');
          const stoppedAt = Date.now();
          const groupLines = () => consumer.stderr.split('\n').filter((l) => l.startsWith(`group ${group}:`) || l.startsWith('warning') || l.startsWith('error')).join(' | ');
          await until('every record committed while the old coordinator is down', async () => (await committedTotal(group)) === total || consumer.child.exitCode !== null, 150_000).catch((err: Error) => {
            throw new Error(`${err.message} (run ${run + 1}: ${groupLines()})`);
          });
          const distinct = new Set(consumer.lines).size;
          recordScenario({ sent: total, landed: consumer.lines.length, missing: total - distinct, duplicated: consumer.lines.length - distinct, exit: consumer.child.exitCode, seconds: (Date.now() - stoppedAt) / 1000 });
          expect(consumer.child.exitCode, groupLines()).toBeNull();
          expect(await committedTotal(group), groupLines()).toBe(total);
          expect(distinct).toBe(total);
        } finally {
          if (stopped !== null) {
            if (killed) await restart(stopped);
            else process.kill(pidOf(stopped), 'SIGCONT');
          }
          consumer.child.kill('SIGTERM');
          await consumer.exited;
          await untilFullIsr(topic);
        }
      }
    }, 600_000);
  }

  /**
   * Three members that each own partitions in a settled group. Members waiting in a rebalance are
   * listed too, while the first to join still owns every partition: records produced then all go to it.
   */
  const sharedByThree = async (group: string): Promise<boolean> => {
    const r = await kafka('consumer-groups', '--describe', '--group', group, '--members', '-o', 'json');
    if (r.code !== 0) return false;
    const described = JSON.parse(r.stdout).groups[0] as { state: string; members?: Array<{ assignment?: unknown[] }> } | undefined;
    return described?.state === 'Stable' && described.members?.length === 3 && described.members.every((m) => (m.assignment?.length ?? 0) > 0);
  };

  // A graceful stop is where duplicates came from (the survivors did not commit before giving
  // partitions away): repeated, since a race shows only now and then.
  for (const [signal, runs] of [['SIGTERM', 5], ['SIGKILL', 3]] as const) {
    it(`three members, one stopped with ${signal} mid-stream: nothing missing${signal === 'SIGTERM' ? ', nothing printed twice' : ''} (${runs} run${runs > 1 ? 's' : ''})`, async () => {
      for (let run = 0; run < runs; run++) {
        const topic = await newTopic(6);
        const total = 300_000;
        const group = `${topic}-g`;
        const started = Date.now();
        // --verbose: each member says what it joined with, committed and left unprinted, for the diagnosis below.
        const members = [0, 1, 2].map(() => startConsumer(topic, ['--group', group, '--from-beginning', '--verbose']));
        const groupLines = (m: (typeof members)[number]) => m.stderr.split('\n').filter((l) => l.startsWith(`group ${group}:`) || l.startsWith('warning') || /^\[kafkajs (WARN|ERROR)\]/.test(l)).slice(-60).join(' | ');
        try {
          // Records arrive once all three share the partitions, so that stopping one moves partitions between the others.
          await until('three members sharing the partitions', () => sharedByThree(group), 60_000);
          await produce(topic, total);
          const printed = () => members.reduce((n, m) => n + m.lines.length, 0);
          await until('a third of the records printed', () => printed() >= total / 3, 120_000);
          members[0]!.child.kill(signal);
          await members[0]!.exited;
          const stoppedAt = Date.now();
          const distinct = new Set<string>();
          const seen = [0, 0, 0];
          try {
            await until('every record printed by someone', () => {
              members.forEach((m, i) => {
                for (; seen[i]! < m.lines.length; seen[i]!++) distinct.add(m.lines[seen[i]!]!);
              });
              return distinct.size >= total;
            }, 180_000);
          } catch (err) {
            // Where it stuck: the group's view of each partition, and each member's state.
            const described = await kafka('consumer-groups', '--describe', '--group', group, '-o', 'json');
            const state = members.map((m, i) => `member ${i}: ${m.lines.length} lines, exit ${m.child.exitCode}, group events: ${groupLines(m)}`).join('; ');
            throw new Error(`${(err as Error).message} (run ${run + 1}: distinct ${distinct.size} of ${total}; ${state}; group ${described.stdout.replace(/\s+/g, ' ').slice(0, 3000)})`);
          }
          try {
            // Every record may be printed long before the group commits the end: a member killed
            // outright keeps its partitions until its session times out (30 s), then their new
            // owners print from the last commit again and commit on their next tick (5 s).
            await until('the group to commit the end', async () => (await committedTotal(group)) === total, Math.max(30_000, stoppedAt + 90_000 - Date.now()));
          } catch (err) {
            const described = await kafka('consumer-groups', '--describe', '--group', group, '-o', 'json');
            const state = members.map((m, i) => `member ${i}: ${m.lines.length} lines, exit ${m.child.exitCode}, group events: ${groupLines(m)}`).join('; ');
            throw new Error(`${(err as Error).message} (run ${run + 1}, ${Math.round((Date.now() - stoppedAt) / 1000)} s after the stop: ${state}; group ${described.stdout.replace(/\s+/g, ' ').slice(0, 3000)})`);
          }
          const duplicated = printed() - distinct.size;
          const summary = `run ${run + 1}: printed ${printed()}, distinct ${distinct.size}, duplicated ${duplicated}`;
          recordScenario({ sent: total, landed: printed(), missing: total - distinct.size, duplicated, exit: members[0]!.child.exitCode, seconds: (Date.now() - started) / 1000 });
          expect(distinct.size, summary).toBe(total);
          // A member killed outright cannot commit what it printed last: its next owner prints that again.
          if (signal === 'SIGTERM') expect(duplicated, summary).toBe(0);
        } finally {
          for (const m of members) m.child.kill('SIGTERM');
          await Promise.all(members.map((m) => m.exited));
        }
      }
    }, 900_000);
  }

  it('a reader without a group keeps reading while a broker dies: every record once, in partition order, no exit (2 runs)', async () => {
    for (let run = 0; run < 2; run++) {
      const topic = await newTopic(3);
      const victim = await leaderOf(topic, 2);
      const reader = startConsumer(topic, ['--from-beginning', '--property', 'print.partition=true']);
      try {
        const total = 200_000;
        const r = await produceWhile(topic, numberedLines(total), [], (sent) => {
          if (sent === 100_000) process.kill(pidOf(victim), 'SIGKILL');
        });
        expect(r.code, r.stderr).toBe(0);
        await until('the reader to print every record', () => reader.lines.length >= total || reader.child.exitCode !== null, 120_000);
        expect(reader.child.exitCode, reader.stderr).toBeNull();
        const last = new Map<string, number>();
        let outOfOrder = 0;
        for (const line of reader.lines) {
          const [partition, value] = line.split('\t') as [string, string];
          if ((last.get(partition) ?? 0) > Number(value)) outOfOrder++;
          last.set(partition, Number(value));
        }
        const summary = `run ${run + 1}: printed ${reader.lines.length}, distinct ${new Set(reader.lines).size}, out of order ${outOfOrder}`;
        recordScenario({ sent: total, landed: reader.lines.length, missing: total - new Set(reader.lines).size, duplicated: reader.lines.length - new Set(reader.lines).size, outOfOrder, exit: reader.child.exitCode, seconds: r.seconds });
        expect(new Set(reader.lines).size, summary).toBe(total);
        expect(reader.lines.length, summary).toBe(total);
        expect(outOfOrder, summary).toBe(0);
      } finally {
        reader.child.kill('SIGTERM');
        await reader.exited;
        await restart(victim);
      }
    }
  }, 600_000);

  it('the first bootstrap server just killed: topics, groups and cluster describe, and the group list, ask the others', async () => {
    const topic = await newTopic(3);
    await produce(topic, 100);
    const group = `${topic}-g`;
    expect((await kafka('console-consumer', '--topic', topic, '--group', group, '--from-beginning', '-e')).code).toBe(0);
    const first = readState(stateDir)!.nodes[0]!;
    expect(bootstrap.split(',')[0]).toBe(`127.0.0.1:${first.port}`);
    process.kill(first.pid!, 'SIGKILL');
    try {
      const described = await kafka('topics', '--describe', '--topic', topic, '-o', 'json');
      expect(described.code, described.stderr).toBe(0);
      expect(JSON.parse(described.stdout).topics[0].partitions).toHaveLength(3);
      const groups = await kafka('consumer-groups', '--describe', '--group', group, '-o', 'json');
      expect(groups.code, groups.stderr).toBe(0);
      expect(JSON.parse(groups.stdout).groups[0].partitions.reduce((n: number, p: { currentOffset: number }) => n + p.currentOffset, 0)).toBe(100);
      const cluster = await kafka('cluster', 'describe', '-o', 'json');
      expect(cluster.code, cluster.stderr).toBe(0);
      const listed = await kafka('consumer-groups', '--list');
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stdout.split('\n')).toContain(group);
    } finally {
      await restart(first.id);
    }
  }, 180_000);

  it('the first bootstrap server frozen (SIGSTOP): topics, cluster describe, a producer and a reader start from the others', async () => {
    const topic = await newTopic(3);
    await produce(topic, 1000);
    const more = await newTopic(3);
    const first = readState(stateDir)!.nodes[0]!;
    expect(bootstrap.split(',')[0]).toBe(`127.0.0.1:${first.port}`);
    // Frozen, it accepts connections and never answers: kafkajs waited the whole request timeout on it (exit 3).
    process.kill(first.pid!, 'SIGSTOP');
    try {
      const listed = await kafka('topics', '--list');
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stdout.split('\n')).toContain(topic);
      const described = await kafka('topics', '--describe', '--topic', topic, '-o', 'json');
      expect(described.code, described.stderr).toBe(0);
      expect(JSON.parse(described.stdout).topics[0].partitions).toHaveLength(3);
      const cluster = await kafka('cluster', 'describe', '-o', 'json');
      expect(cluster.code, cluster.stderr).toBe(0);
      const read = await runKafka(['console-consumer', '--topic', topic, '--from-beginning', '-e', '--bootstrap-server', bootstrap], { noBootstrap: true, timeoutMs: 60_000 });
      expect(read.code, read.stderr).toBe(0);
      expect(new Set(read.stdout.trim().split('\n')).size).toBe(1000);
      const produced = await runKafka(['console-producer', '--topic', more, '--bootstrap-server', bootstrap], { noBootstrap: true, input: numberedLines(1000), timeoutMs: 120_000 });
      expect(produced.code, produced.stderr).toBe(0);
      expectDelivery(produced.code, produced.stderr, tallyTopic(bootstrap.split(',').slice(1).join(','), more, 1000, claimOf(produced.code, produced.stderr, 1000)));
    } finally {
      process.kill(first.pid!, 'SIGCONT');
      await untilFullIsr(topic);
    }
  }, 240_000);

  // Before, a group consumer waited for ever without a word.
  for (const { who, args, withinMs, lastLine } of [
    { who: 'a group consumer', args: ['--group', 'frozen-g'], withinMs: 45_000, lastLine: /^error: no broker answered this consumer for \d+s — is the cluster up\? raise --request-timeout-ms to wait longer$/ },
    { who: 'a reader without a group', args: [], withinMs: 30_000, lastLine: /^error: no broker answered a fetch for \d+s: .* — is the cluster up\? raise --request-timeout-ms to wait longer$/ },
  ]) {
    it(`${who}, every broker frozen: it ends within its request timeout with one line, nothing printed twice`, async () => {
      const topic = await newTopic(3);
      await produce(topic, 1000);
      const consumer = startConsumer(topic, [...args, '--from-beginning', '--request-timeout-ms', '10000']);
      const pids = readState(stateDir)!.nodes.map((n) => n.pid!);
      try {
        await until('everything printed', () => consumer.lines.length >= 1000);
        for (const pid of pids) process.kill(pid, 'SIGSTOP');
        const frozenAt = Date.now();
        const code = await Promise.race([consumer.exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 90_000))]);
        const distinct = new Set(consumer.lines).size;
        recordScenario({ sent: 1000, landed: consumer.lines.length, missing: 1000 - distinct, duplicated: consumer.lines.length - distinct, exit: typeof code === 'number' ? code : null, seconds: (Date.now() - frozenAt) / 1000 });
        expect(code, consumer.stderr).toBe(3);
        expect(Date.now() - frozenAt).toBeLessThan(withinMs);
        expect(consumer.stderr.trim().split('\n').at(-1)).toMatch(lastLine);
        expect(distinct).toBe(1000);
        expect(consumer.lines).toHaveLength(1000);
      } finally {
        for (const pid of pids) process.kill(pid, 'SIGCONT');
        consumer.child.kill('SIGKILL');
        await until('three registered brokers', async () => (await probeCluster(bootstrap, process.env).catch(() => ({ brokers: 0 }))).brokers === 3, 60_000);
      }
    }, 180_000);
  }
});
