import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaTool, TOOLS } from '../support/kafka-tool.js';
import { runKafka } from '../support/run-kafka.js';
import { smokeTests } from '../support/smoke-set.js';
import { until } from '../support/until.js';
import { watchCluster } from '../support/watch-cluster.js';

/**
 * The releases people still run beside the suite's own (the default 4.x): 2.8 and 3.6 on ZooKeeper
 * (3.6 on ZooKeeper is the tutorial's docker stack, cp-kafka 7.6) and 3.9 on KRaft, each started by
 * `kafka cluster up` and given the smoke set.
 */
const RELEASES = [
  { version: '2.8.2', zookeeper: true, release: '2.8' },
  { version: '3.6.2', zookeeper: true, release: '3.6' },
  { version: '3.9.2', zookeeper: false, release: '3.9' },
];

describe.each(RELEASES)('Kafka $version (zookeeper: $zookeeper)', ({ version, zookeeper, release }) => {
  const stateDir = mkdtempSync(join(tmpdir(), `kafka-cli-release-${version}-`));
  const cluster = (...args: string[]) => runKafka(['cluster', ...args, '--state-dir', stateDir, '--runtime', 'local'], { noBootstrap: true, timeoutMs: 240_000 });
  let bootstrap = '';

  beforeAll(async () => {
    watchCluster(stateDir);
    // KRaft clusters enforce ACLs (PLAINTEXT clients, as here, are super users) so that acls can be compared.
    const up = await cluster('up', '--kafka-version', version, '--port', '0', '--heap-mb', '384', ...(zookeeper ? ['--zookeeper'] : ['--authorizer']), '-o', 'json');
    expect(up.code, up.stderr).toBe(0);
    const state = JSON.parse(up.stdout) as { bootstrapServers: string; running: boolean; zookeeper: { running: boolean } | null };
    expect(state.running).toBe(true);
    expect(state.zookeeper?.running ?? false).toBe(zookeeper);
    bootstrap = state.bootstrapServers;
  }, 300_000);

  afterAll(async () => {
    await cluster('down', '--wipe');
  }, 60_000);

  smokeTests(() => ({ bootstrap }));

  it(`names the brokers' release (${release}) and shows topic ids, as Kafka's tools do`, async () => {
    const on = (...args: string[]) => runKafka(args, { bootstrap });
    const report = JSON.parse((await on('cluster', 'describe', '-o', 'json')).stdout) as { kafkaVersion: string; brokers: Array<{ version: string }> };
    expect(report.kafkaVersion).toBe(release);
    const topic = `ids-${version}`;
    expect((await on('topics', '--create', '--topic', topic)).code).toBe(0);
    const described = await on('topics', '--describe', '--topic', topic, '-o', 'kafka');
    expect(described.stdout).toMatch(new RegExp(`^Topic: ${topic}\\tTopicId: [\\w-]{22}\\tPartitionCount: 1\\t`));
    // By id: Metadata v12, which 2.8 brokers do not answer.
    const id = /TopicId: ([\w-]{22})/.exec(described.stdout)![1]!;
    const byId = await on('topics', '--describe', '--topic-id', id, '-o', 'kafka');
    if (release === '2.8') expect(byId).toMatchObject({ code: 7, stderr: 'error: the brokers cannot look topics up by id (Metadata v12) — describe the topic by its name instead\n' });
    else expect(byId.stdout.split('\n')[0]).toBe(described.stdout.split('\n')[0]);
  });

  if (!zookeeper) {
    it(`get-offsets and log-dirs -o kafka print what that release's GetOffsetShell and LogDirsCommand print`, async () => {
      const on = (...args: string[]) => runKafka(args, { bootstrap });
      const topic = `offsets-${version}`;
      expect((await on('topics', '--create', '--topic', topic, '--partitions', '3')).code).toBe(0);
      expect((await runKafka(['console-producer', '--topic', topic], { bootstrap, input: 'a\nb\nc\nd\n' })).code).toBe(0);
      for (const args of [['--topic', topic], ['--topic', topic, '--time', 'earliest'], ['--topic-partitions', `${topic}:1-`, '--time', '-3']]) {
        const ours = await on('get-offsets', ...args, '-o', 'kafka');
        const theirs = await kafkaTool(TOOLS.getOffsets, args, { version, bootstrap });
        expect(theirs.status, theirs.stderr).toBe(0);
        expect(ours.stdout).toBe(theirs.stdout);
      }
      const ours = await on('log-dirs', '--describe', '--topic-list', topic, '-o', 'kafka');
      const theirs = await kafkaTool(TOOLS.logDirs, ['--describe', '--topic-list', topic], { version, bootstrap });
      expect(theirs.status, theirs.stderr).toBe(0);
      expect(ours.stdout).toBe(theirs.stdout);
    });
  }

  if (!zookeeper) {
    it(`configs -o kafka prints what that release's ConfigCommand prints`, async () => {
      const on = (...args: string[]) => runKafka(args, { bootstrap });
      const topic = `configs-${version}`;
      expect((await on('topics', '--create', '--topic', topic)).code).toBe(0);
      for (const change of [
        ['--alter', '--topic', topic, '--add-config', 'retention.ms=3600000,cleanup.policy=[compact,delete]'],
        ['--alter', '--broker-defaults', '--add-config', 'log.cleaner.threads=2'],
        ['--alter', '--user', 'ada', '--add-config', 'producer_byte_rate=1048576,consumer_byte_rate=20000000'],
        ['--alter', '--user', 'ada', '--client', 'app', '--add-config', 'request_percentage=50'],
        ['--alter', '--user', 'ada', '--add-config', 'SCRAM-SHA-512=[iterations=8192,password=pw]'],
      ]) {
        const r = await on('configs', ...change);
        expect(r.code, r.stderr).toBe(0);
      }
      // A broker answers from its copy of the metadata, which may trail the last change by a moment.
      await until('the last change to be read back', async () => (await on('configs', '--describe', '--user', 'ada', '-o', 'kafka')).stdout.includes('SCRAM-SHA-512=iterations=8192'), 30_000);
      for (const args of [
        ['--describe', '--topic', topic],
        ['--describe', '--topic', topic, '--all'],
        ['--describe', '--entity-type', 'brokers'],
        ['--describe', '--broker', '1', '--all'],
        ['--describe', '--entity-type', 'users'],
        ['--describe', '--user', 'ada', '--client', 'app'],
      ]) {
        const ours = await on('configs', ...args, '-o', 'kafka');
        const theirs = await kafkaTool(TOOLS.configsOf(version), args, { version, bootstrap });
        expect(theirs.status, theirs.stderr).toBe(0);
        expect(ours.stdout, JSON.stringify(args)).toBe(theirs.stdout);
      }
    }, 120_000);
  }

  if (!zookeeper) {
    it(`acls -o kafka prints what that release's AclCommand prints`, async () => {
      const on = (...args: string[]) => runKafka(args, { bootstrap });
      const theirs = (args: string[]) => kafkaTool(TOOLS.aclsOf(version), args, { version, bootstrap });
      // Resources and their entries come in the order of Java hash maps of enum hashes, new in every
      // JVM: several are compared as sorted lines (3.x puts a space before a block's first entry and
      // after its last, wherever they fall); a single one, above, as it is.
      const normalized = (text: string) =>
        text
          .split('\n')
          .map((line) => line.replace(/^ (?=\t)/, '').replace(/(?<=\)) $/, ''))
          .sort()
          .join('\n');
      const add = (topic: string, principal: string) => ['--add', '--allow-principal', principal, '--operation', 'Read', '--topic', topic];
      for (let round = 0; round < 2; round++) {
        const ours = await on('acls', ...add('acl-ours', 'User:dan'), '-o', 'kafka');
        const java = await theirs(add('acl-theirs', 'User:dan'));
        expect(java.status, java.stderr).toBe(0);
        expect(ours.stdout.replaceAll('acl-ours', 'acl-x'), `round ${round + 1}`).toBe(java.stdout.replaceAll('acl-theirs', 'acl-x'));
      }
      const producer = ['--add', '--allow-principal', 'User:eve', '--producer', '--topic'];
      const ours = await on('acls', ...producer, 'acl-ours', '-o', 'kafka');
      const java = await theirs([...producer, 'acl-theirs']);
      expect(normalized(ours.stdout.replaceAll('acl-ours', 'acl-x'))).toBe(normalized(java.stdout.replaceAll('acl-theirs', 'acl-x')));
      for (const list of [['--list', '--topic', 'acl-theirs'], ['--list'], ['--list', '--principal', 'User:dan']]) {
        const mine = await on('acls', ...list, '-o', 'kafka');
        const reference = await theirs(list);
        expect(reference.status, reference.stderr).toBe(0);
        expect(normalized(mine.stdout), JSON.stringify(list)).toBe(normalized(reference.stdout));
      }
    }, 120_000);
  }

  if (zookeeper) {
    it('status shows ZooKeeper; down then up keeps the data', async () => {
      const status = await cluster('status');
      expect(status.stdout).toMatch(/^ZooKeeper: 127\.0\.0\.1:\d+ \(running;/m);
      expect((await cluster('down')).code).toBe(0);
      const stopped = JSON.parse((await cluster('status', '-o', 'json')).stdout) as { running: boolean; zookeeper: { running: boolean } };
      expect(stopped).toMatchObject({ running: false, zookeeper: { running: false } });
      const again = await cluster('up', '-o', 'json');
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain('with its data');
      const list = await runKafka(['topics', '--list'], { bootstrap });
      expect(list).toMatchObject({ code: 0, stderr: '' });
      expect(list.stdout.split('\n')).toContain(`ids-${version}`);
    }, 240_000);
  }
});
