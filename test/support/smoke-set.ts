import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { piped, type RunOptions, runKafka, uniqueName } from './run-kafka.js';

export interface SmokeTarget {
  /** The Node executable to run the tool with (default: the one on PATH). */
  node?: string;
  /** The cluster (default: the suite's). */
  bootstrap?: string;
}

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * The end-to-end smoke set: the commands people run most, each through the built binary, checked
 * for output and for a silent stderr (a runtime's warnings printed on our behalf fail it). Declares
 * its tests in the calling describe block; `target` is read when they run (after beforeAll).
 */
export function smokeTests(target: () => SmokeTarget): void {
  const run = (args: string[], options: RunOptions = {}) => runKafka(args, { ...target(), ...options });
  const topic = uniqueName('smoke');
  const group = uniqueName('smoke-group');

  it('starts: --version, completion', async () => {
    expect(await run(['--version'], { noBootstrap: true })).toMatchObject({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    const script = await run(['completion', 'bash'], { noBootstrap: true });
    expect(script).toMatchObject({ code: 0, stderr: '' });
    expect(script.stdout).toContain('_kafka_completions');
    const words = await run(['--get-yargs-completions', 'kafka', ''], { noBootstrap: true });
    expect(words).toMatchObject({ code: 0, stderr: '' });
    expect(words.stdout.split('\n')).toEqual(expect.arrayContaining(['topics', 'console-producer', 'console-consumer', 'consumer-groups', 'cluster']));
  });

  it('topics: create, list, describe', async () => {
    expect(await run(['topics', '--create', '--topic', topic, '--partitions', '3'])).toMatchObject({ code: 0, stdout: '', stderr: `Created topic ${topic}.\n` });
    const list = await run(['topics', '--list']);
    expect(list).toMatchObject({ code: 0, stderr: '' });
    expect(list.stdout.split('\n')).toContain(topic);
    const described = await run(['topics', '--describe', '--topic', topic, '-o', 'json']);
    expect(described).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(described.stdout)).toMatchObject({ topics: [{ name: topic, partitionCount: 3 }] });
  });

  it('console-producer from stdin; console-consumer without a group, then with one', async () => {
    expect(await run(['console-producer', '--topic', topic], { input: 'a\nb\nc\n' })).toMatchObject({ code: 0, stdout: '', stderr: '' });
    for (const groupArgs of [[], ['--group', group]]) {
      const consumed = await run(['console-consumer', '--topic', topic, '--from-beginning', '-e', ...groupArgs]);
      expect(consumed).toMatchObject({ code: 0, stderr: 'Processed a total of 3 messages\n' });
      expect(consumed.stdout.split('\n').filter(Boolean).sort()).toEqual(['a', 'b', 'c']);
    }
  });

  it('console-share-consumer: the records of a share group on Kafka 4.x; before 4.1, one line saying there are none', async () => {
    const { kafkaVersion } = JSON.parse((await run(['cluster', 'describe', '-o', 'json'])).stdout) as { kafkaVersion: string | null };
    const shareGroup = uniqueName('smoke-share');
    if (Number((kafkaVersion ?? '0').split('.')[0]) < 4) {
      expect(await run(['console-share-consumer', '--topic', topic, '--group', shareGroup])).toMatchObject({ code: 7, stdout: '', stderr: expect.stringMatching(/^error: the brokers have no share groups \(KIP-932: Kafka 4\.1 or later.*\n$/) });
      return;
    }
    expect((await run(['configs', '--alter', '--group', shareGroup, '--add-config', 'share.auto.offset.reset=earliest'])).code).toBe(0);
    const consumed = await run(['console-share-consumer', '--topic', topic, '--group', shareGroup, '--max-messages', '3']);
    expect(consumed).toMatchObject({ code: 0, stderr: 'Processed a total of 3 messages\n' });
    expect(consumed.stdout.split('\n').filter(Boolean).sort()).toEqual(['a', 'b', 'c']);
  });

  it('streams-groups: none to list before Kafka 4.1, and one line saying so for a group; on 4.x a missing group is exit 5', async () => {
    const { kafkaVersion } = JSON.parse((await run(['cluster', 'describe', '-o', 'json'])).stdout) as { kafkaVersion: string | null };
    const app = uniqueName('smoke-streams');
    const listed = await run(['streams-groups', '--list']);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout.split('\n')).not.toContain(app);
    for (const args of [['--describe', '--group', app], ['--reset-offsets', '--group', app, '--all-input-topics', '--to-earliest', '--dry-run']]) {
      if (Number((kafkaVersion ?? '0').split('.')[0]) < 4) {
        expect(await run(['streams-groups', ...args])).toMatchObject({ code: 7, stdout: '', stderr: 'error: the brokers have no streams groups (KIP-1071 needs Kafka 4.1 or later)\n' });
      } else {
        expect(await run(['streams-groups', ...args])).toMatchObject({ code: 5, stdout: '', stderr: `error: Streams group '${app}' does not exist. — list them with \`kafka groups --streams\`\n` });
      }
    }
  });

  it('console-producer --transactional-id: one transaction committed, one aborted by a bad line; read_committed sees the first only', async () => {
    const transactional = uniqueName('smoke-tx');
    const id = uniqueName('smoke-tx-id');
    expect((await run(['topics', '--create', '--topic', transactional, '--partitions', '2'])).code).toBe(0);
    expect(await run(['console-producer', '--topic', transactional, '--transactional-id', id], { input: 'x\ny\n' })).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const aborted = await run(['console-producer', '--topic', transactional, '--transactional-id', id, '--format', 'json'], { input: '{"value":"z"}\n{"value":\n' });
    expect(aborted.code).toBe(7);
    expect(aborted.stderr).toMatch(/^error: stopped reading at the first failure; no line committed, lines 1-2 aborted; first failure at line 2: /);
    const consumed = await run(['console-consumer', '--topic', transactional, '--from-beginning', '-e', '--isolation-level', 'read_committed']);
    expect(consumed).toMatchObject({ code: 0, stderr: 'Processed a total of 2 messages\n' });
    expect(consumed.stdout.split('\n').filter(Boolean).sort()).toEqual(['x', 'y']);
  });

  it('consumer-groups: describe, reset', async () => {
    const lag = async () => {
      const described = await run(['consumer-groups', '--describe', '--group', group, '-o', 'json']);
      expect(described).toMatchObject({ code: 0, stderr: '' });
      return (JSON.parse(described.stdout) as { groups: Array<{ totalLag: number }> }).groups[0]!.totalLag;
    };
    expect(await lag()).toBe(0);
    const reset = await run(['consumer-groups', '--reset-offsets', '--group', group, '--topic', topic, '--to-earliest', '--execute']);
    expect(reset).toMatchObject({ code: 0, stderr: 'Reset 3 offset(s).\n' });
    expect(await lag()).toBe(3);
  });

  it('lag as metrics; get-offsets, delete-records, log-dirs, cluster check', async () => {
    const metrics = await run(['consumer-groups', '--describe', '--group', group, '-o', 'prometheus']);
    expect(metrics).toMatchObject({ code: 0, stderr: '' });
    const lagLines = metrics.stdout.split('\n').filter((l) => l.startsWith(`kafka_consumergroup_lag{consumergroup="${group}"`));
    expect(lagLines.reduce((n, l) => n + Number(l.split(' ').at(-1)), 0)).toBe(3);
    const offsets = async (time: string) => {
      const r = await run(['get-offsets', '--topic', topic, '--time', time, '-o', 'kafka']);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      return r.stdout;
    };
    const latest = await offsets('latest');
    expect(latest.split('\n').filter(Boolean).reduce((n, l) => n + Number(l.split(':')[2]), 0)).toBe(3);
    expect(await offsets('earliest')).toBe(`${topic}:0:0\n${topic}:1:0\n${topic}:2:0\n`);
    expect(await run(['delete-records', '--topic', topic, '--all', '--yes', '-o', 'json'])).toMatchObject({ code: 0, stderr: '' });
    expect(await offsets('earliest')).toBe(latest);
    const dirs = await run(['log-dirs', '--topic-list', topic, '-o', 'json']);
    expect(dirs).toMatchObject({ code: 0, stderr: '' });
    const replicas = (JSON.parse(dirs.stdout) as { brokers: Array<{ logDirs: Array<{ partitions: Array<{ topic: string; partition: number }> }> }> }).brokers.flatMap((b) => b.logDirs.flatMap((d) => d.partitions));
    expect(new Set(replicas.map((p) => p.partition))).toEqual(new Set([0, 1, 2]));
    // The cluster is shared: other tests' topics may well hold findings. The report itself is checked.
    const check = await run(['cluster', 'check', '-o', 'json']);
    expect([0, 8, 10]).toContain(check.code);
    expect(check.stderr).toMatch(/^(|error: cluster check: \d+ critical, \d+ warning\(s\), \d+ note\(s\)\n)$/);
    expect((JSON.parse(check.stdout) as { findings: Array<{ check: string }> }).findings.map((f) => f.check)).toContain('log-dir-usage');
  });

  it('configs: a topic config and a client quota, set, read and removed', async () => {
    expect(await run(['configs', '--alter', '--topic', topic, '--add-config', 'retention.ms=3600000'])).toMatchObject({ code: 0, stdout: `Completed updating config for topic ${topic}.\n`, stderr: '' });
    // A broker answers from its copy of the metadata, which may trail the change by a moment.
    const describedAs = async (args: string[], expected: string) => {
      let last = await run(args);
      for (let tries = 0; last.stdout !== expected && tries < 50; tries++) last = await run(args);
      expect(last).toMatchObject({ code: 0, stdout: expected, stderr: '' });
    };
    await describedAs(['configs', '--describe', '--topic', topic, '-o', 'csv'], `ENTITY,CONFIG,VALUE,SOURCE\ntopic ${topic},retention.ms,3600000,DYNAMIC_TOPIC_CONFIG\n`);
    const client = uniqueName('smoke-client');
    expect(await run(['configs', '--alter', '--client', client, '--add-config', 'producer_byte_rate=1048576'])).toMatchObject({ code: 0, stderr: '' });
    await describedAs(['configs', '--describe', '--client', client, '-o', 'kafka'], `Quota configs for client-id '${client}' are producer_byte_rate=1048576.0\n`);
    expect(await run(['configs', '--alter', '--client', client, '--delete-config', 'producer_byte_rate'])).toMatchObject({ code: 0, stderr: '' });
    await describedAs(['configs', '--describe', '--client', client, '-o', 'kafka'], '');
  });

  it('cluster describe; metadata-quorum and features on KRaft, one line and none on ZooKeeper; groups; transactions', async () => {
    const described = await run(['cluster', 'describe']);
    expect(described).toMatchObject({ code: 0, stderr: '' });
    expect(described.stdout).toMatch(/^Cluster id: +\S+\nKafka version: +\d+\.\d+/);
    const { controller, kafkaVersion } = JSON.parse((await run(['cluster', 'describe', '-o', 'json'])).stdout) as { controller: { id: number; source: string }; kafkaVersion: string | null };
    const quorum = await run(['metadata-quorum', 'describe', '--status', '-o', 'json']);
    if (controller.source === 'kraft-quorum') {
      expect(quorum).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(quorum.stdout)).toMatchObject({ leaderId: controller.id, voters: expect.arrayContaining([expect.objectContaining({ nodeId: controller.id, status: 'Leader' })]) });
    } else {
      expect(quorum).toMatchObject({ code: 5, stdout: '', stderr: 'error: the cluster has no KRaft metadata quorum (its brokers run with ZooKeeper) — describe its controller with `kafka cluster describe`\n' });
    }
    const features = await run(['features', 'describe', '-o', 'json']);
    expect(features).toMatchObject({ code: 0, stderr: '' });
    const names = (JSON.parse(features.stdout) as { features: Array<{ name: string }> }).features.map((f) => f.name);
    if (controller.source === 'kraft-quorum') expect(names).toContain('metadata.version');
    else expect(names).not.toContain('metadata.version');
    // Groups of every type, and transactions (Kafka 3.0+ can list them).
    const groups = await run(['groups', '-o', 'json']);
    expect(groups).toMatchObject({ code: 0, stderr: '' });
    expect((JSON.parse(groups.stdout) as { groups: Array<{ group: string }> }).groups.map((g) => g.group)).toContain(group);
    const transactions = await run(['transactions', 'list', '-o', 'json']);
    if ((kafkaVersion ?? '').startsWith('2.')) expect(transactions).toMatchObject({ code: 7, stderr: 'error: the brokers cannot list transactions (Kafka 3.0 or later is needed)\n' });
    else expect(transactions).toMatchObject({ code: 0, stderr: '' });
  });

  it('console-consumer | head -1 on a quiet topic ends with head', async () => {
    const quiet = uniqueName('smoke-quiet');
    expect((await run(['topics', '--create', '--topic', quiet, '--partitions', '1'])).code).toBe(0);
    expect((await run(['console-producer', '--topic', quiet], { input: 'only\n' })).code).toBe(0);
    // No write follows the first record: only the watch on the pipe's reader can end the run.
    const result = await piped(`console-consumer --topic ${quiet} --from-beginning`, 'head -n 1', target());
    expect(result).toMatchObject({ status: '0', timedOut: false, err: '', out: 'only\n' });
  });
}
