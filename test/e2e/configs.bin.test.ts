import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCluster } from '../../src/commands/cluster/run.js';
import { startLocalCluster, stopLocalCluster } from '../../src/cluster/local/local-cluster.js';
import { DEFAULT_KAFKA_VERSION } from '../../src/cluster/local/paths.js';
import { followerController } from '../support/controllers.js';
import { kafkaTool, TOOLS } from '../support/kafka-tool.js';
import { BIN, runKafka, uniqueName } from '../support/run-kafka.js';
import { until } from '../support/until.js';
import { watchCluster } from '../support/watch-cluster.js';

/** kafka configs against Kafka's ConfigCommand of the same release, on the 3-broker test cluster. */
describe('kafka configs (3 brokers, compared with kafka-configs)', () => {
  const topic = uniqueName('cfg');
  const group = uniqueName('cfg-g');
  const metrics = uniqueName('cfg-m');
  const user = uniqueName('cfg-u');
  const client = uniqueName('cfg-c');
  const dir = mkdtempSync(join(tmpdir(), 'links-'));
  const asKafkaTool = join(dir, 'kafka-configs');
  symlinkSync(BIN, asKafkaTool);

  beforeAll(async () => {
    expect((await runKafka(['topics', 'create', topic, '--partitions', '3'])).code).toBe(0);
    // Each change made by Kafka's tool, so that ours is compared reading what theirs wrote.
    for (const args of [
      ['--alter', '--topic', topic, '--add-config', 'retention.ms=3600000,cleanup.policy=[compact,delete]'],
      ['--alter', '--group', group, '--add-config', 'consumer.session.timeout.ms=50000'],
      ['--alter', '--client-metrics', metrics, '--add-config', 'interval.ms=60000,metrics=[org.apache.kafka.producer.]'],
      ['--alter', '--user', user, '--add-config', 'producer_byte_rate=1048576,consumer_byte_rate=20000000'],
      ['--alter', '--user', user, '--client', client, '--add-config', 'request_percentage=50.5'],
      ['--alter', '--user', user, '--add-config', 'SCRAM-SHA-256=[iterations=8192,password=pw]'],
      ['--alter', '--ip', '127.0.0.9', '--add-config', 'connection_creation_rate=10'],
    ]) {
      const r = await kafkaTool(TOOLS.configs, args);
      expect(r.status, r.stderr).toBe(0);
    }
    // Every broker answers from its copy of the metadata, which may trail the last change by a moment.
    await until('the last change to be read back', async () => (await runKafka(['configs', '--describe', '--ip', '127.0.0.9', '-o', 'kafka'])).stdout !== '', 30_000);
  }, 120_000);

  afterAll(async () => {
    for (const args of [
      ['--alter', '--user', user, '--delete-config', 'producer_byte_rate,consumer_byte_rate'],
      ['--alter', '--user', user, '--client', client, '--delete-config', 'request_percentage'],
      ['--alter', '--user', user, '--delete-config', 'SCRAM-SHA-256'],
      ['--alter', '--ip', '127.0.0.9', '--delete-config', 'connection_creation_rate'],
    ]) {
      await runKafka(['configs', ...args]);
    }
  });

  it.each([
    [['--describe', '--topic', topic]],
    [['--describe', '--entity-type', 'topics', '--entity-name', topic, '--all']],
    [['--describe', '--broker', '2']],
    [['--describe', '--broker', '1', '--all']],
    [['--describe', '--entity-type', 'brokers']],
    [['--describe', '--broker-defaults']],
    [['--describe', '--broker-logger', '3']],
    [['--describe', '--group', group]],
    [['--describe', '--client-metrics', metrics]],
    [['--describe', '--user', user]],
    [['--describe', '--user', user, '--client', client]],
    [['--describe', '--entity-type', 'users', '--entity-name', user, '--entity-type', 'clients']],
    [['--describe', '--ip', '127.0.0.9']],
    [['--describe', '--topic', 'no-such-topic']],
    [['--describe', '--broker', '9']],
    [['--describe', '--group', 'no-such-group']],
  ])('as kafka-configs, -o kafka by default: ConfigCommand’s text, byte for byte: %j', async (args) => {
    const ours = await runKafka(args, { binary: asKafkaTool });
    const theirs = await kafkaTool(TOOLS.configs, args);
    expect(theirs.status, theirs.stderr).toBe(0);
    expect(ours.code, ours.stderr).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stdout.length).toBeGreaterThan(0);
  });

  it('every user and the SCRAM users among them, as ConfigCommand lists them', async () => {
    const args = ['--describe', '--entity-type', 'users'];
    const ours = await runKafka(args, { binary: asKafkaTool });
    const theirs = await kafkaTool(TOOLS.configs, args);
    expect(ours.stdout, ours.stderr).toBe(theirs.stdout);
    expect(ours.stdout).toContain(`SCRAM credential configs for user-principal '${user}' are SCRAM-SHA-256=iterations=8192\n`);
    expect(ours.stdout).toContain(`Quota configs for user-principal '${user}' are consumer_byte_rate=2.0E7, producer_byte_rate=1048576.0\n`);
  });

  it('--bootstrap-controller: a controller’s own configs and the brokers’ defaults, as ConfigCommand reads them from the controllers; topics need the brokers (exit 7)', async () => {
    const controller = await followerController();
    for (const args of [['--entity-type', 'brokers', '--entity-default', '--describe'], ['--entity-type', 'brokers', '--entity-name', '1', '--describe'], ['--entity-type', 'brokers', '--entity-name', '2', '--describe', '--all']]) {
      const [ours, theirs] = await Promise.all([runKafka(['configs', '--bootstrap-controller', controller, ...args, '-o', 'kafka'], { noBootstrap: true }), kafkaTool(TOOLS.configs, args, { controller })]);
      expect(theirs.status, theirs.stderr).toBe(0);
      expect(ours).toMatchObject({ code: 0, stderr: '', stdout: theirs.stdout });
    }
    // A change made through the controllers is what the brokers then report.
    const defaults = ['--entity-type', 'brokers', '--entity-default'];
    expect(await runKafka(['configs', '--bootstrap-controller', controller, ...defaults, '--alter', '--add-config', 'log.cleaner.backoff.ms=15001'], { noBootstrap: true })).toMatchObject({ code: 0, stderr: '' });
    // (once the broker's metadata has caught up with the controller's)
    const brokersSay = async () => (await kafkaTool(TOOLS.configs, [...defaults, '--describe'])).stdout;
    await until('the brokers to report the default set through the controllers', async () => (await brokersSay()).includes('  log.cleaner.backoff.ms=15001 sensitive=false'));
    expect(await runKafka(['configs', '--bootstrap-controller', controller, ...defaults, '--alter', '--delete-config', 'log.cleaner.backoff.ms'], { noBootstrap: true })).toMatchObject({ code: 0, stderr: '' });
    await until('the brokers to report it deleted', async () => !(await brokersSay()).includes('log.cleaner.backoff.ms'));
    const topics = await runKafka(['configs', '--bootstrap-controller', controller, '--entity-type', 'topics', '--describe'], { noBootstrap: true });
    expect(topics).toMatchObject({ code: 7, stdout: '', stderr: 'error: this needs the brokers: the KRaft controllers keep no topics, groups or partitions for clients — connect through a broker with --bootstrap-server\n' });
  });

  it('a table for people, JSON for scripts', async () => {
    const table = await runKafka(['configs', '--describe', '--topic', topic]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toBe(
      [
        `ENTITY${' '.repeat(topic.length + 2)}CONFIG          VALUE           SOURCE`,
        `topic ${topic}  cleanup.policy  compact,delete  DYNAMIC_TOPIC_CONFIG`,
        `topic ${topic}  retention.ms    3600000         DYNAMIC_TOPIC_CONFIG`,
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await runKafka(['configs', '--describe', '--user', user, '-o', 'json'])).stdout);
    expect(json.quotas).toEqual([{ entity: { user }, values: { consumer_byte_rate: 20000000, producer_byte_rate: 1048576 } }]);
    expect(json.scramCredentials).toEqual([{ user, credentials: [{ mechanism: 'SCRAM-SHA-256', iterations: 8192 }], error: null }]);
    const all = JSON.parse((await runKafka(['configs', '--describe', '--broker', '1', '--all', '-o', 'json'])).stdout);
    expect(all.entities[0]).toMatchObject({ type: 'broker', name: '1' });
    expect(all.entities[0].configs.find((c: { name: string }) => c.name === 'broker.id')).toMatchObject({ value: '1', source: 'STATIC_BROKER_CONFIG', readOnly: true });
  });

  it('changes made by ours are read back by Kafka’s tool; a delete removes only what it names', async () => {
    const name = uniqueName('cfg-alter');
    expect((await runKafka(['topics', 'create', name])).code).toBe(0);
    const altered = await runKafka(['configs', '--alter', '--topic', name, '--add-config', 'retention.ms=1000,max.message.bytes=2000']);
    expect(altered.code, altered.stderr).toBe(0);
    expect(altered.stdout).toBe(`Completed updating config for topic ${name}.\n`);
    expect((await runKafka(['configs', '--alter', '--topic', name, '--delete-config', 'retention.ms'])).code).toBe(0);
    // A broker answers from its copy of the metadata, which may trail the change by a moment.
    const expected = `Dynamic configs for topic ${name} are:\n  max.message.bytes=2000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:max.message.bytes=2000, DEFAULT_CONFIG:message.max.bytes=1048588}\n`;
    await until('Kafka’s tool to read both changes', async () => (await kafkaTool(TOOLS.configs, ['--describe', '--topic', name])).stdout === expected, 30_000);
    const file = join(dir, 'configs.properties');
    writeFileSync(file, '# Kafka properties\nsegment.ms=600000\n');
    expect((await runKafka(['configs', '--alter', '--topic', name, '--add-config-file', file])).code).toBe(0);
    await until('Kafka’s tool to read the file’s config', async () => (await kafkaTool(TOOLS.configs, ['--describe', '--topic', name])).stdout.includes('  segment.ms=600000 '), 30_000);
  });

  it.each([
    [['configs', '--describe'], 2, /^error: At least one entity type must be specified/],
    [['configs', '--topic', 't'], 2, /^error: Command must include exactly one action: --describe, --alter/],
    [['configs', '--alter', '--topic', 't'], 2, /^error: At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter/],
    [['configs', '--alter', '--topic', 't', '--add-config', 'a'], 2, /^error: Invalid entity config: all configs to be added must be in the format "key=val"/],
    [['configs', '--describe', '--broker', 'one'], 2, /^error: The entity name for brokers must be a valid integer broker id, but it is: one/],
    [['configs', '--describe', '--topic', 't', '--entity-type', 'topics'], 2, /^error: --entity-\{type,name,default\} should not be used in conjunction with specific entity flags/],
    [['configs', '--alter', '--user', 'u', '--add-config', 'SCRAM-SHA-256=[iterations=100,password=x]'], 2, /^error: Iterations 100 is less than the minimum 4096 required for SCRAM-SHA-256/],
    [['configs', '--alter', '--user', 'u', '--add-config', 'SCRAM-SHA-256=[password=x],producer_byte_rate=1'], 2, /^error: Cannot alter both quota and SCRAM credential configs simultaneously/],
    [['configs', '--alter', '--client', 'c', '--add-config', 'producer_byte_rate=fast'], 2, /^error: Cannot parse quota configuration value for producer_byte_rate: fast/],
    [['configs', '--alter', '--client', 'c', '--delete-config', 'producer_byte_rate'], 7, /^error: Invalid config\(s\): producer_byte_rate/],
    [['configs', '--alter', '--topic', 'no-such-topic-here', '--add-config', 'retention.ms=1'], 5, /^error: The topic 'no-such-topic-here' does not exist\./],
    [['configs', '--alter', '--broker-logger', '1', '--add-config', 'no.such.Logger=DEBUG'], 7, /^error: Invalid broker logger\(s\): no.such.Logger/],
    [['configs', '--describe', '--topic', 'no-such-topic-here'], 5, /^error: topic 'no-such-topic-here' does not exist/],
  ])('bad input is one line and a documented exit code: %j', async (args, code, line) => {
    const r = await runKafka(args);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(line);
    expect(r.stdout).toBe('');
  });

  it('a producer quota set by ours throttles a producer with that client id (and no other)', async () => {
    const name = uniqueName('cfg-quota');
    const throttled = uniqueName('throttled');
    expect((await runKafka(['topics', 'create', name, '--partitions', '3'])).code).toBe(0);
    // 100 KiB/s on each of the three brokers. A broker throttles by holding back the requests that
    // follow an over-quota one, so the input is several requests' worth: 6 MB takes many seconds.
    const set = await runKafka(['configs', '--alter', '--client', throttled, '--add-config', 'producer_byte_rate=102400']);
    expect(set.code, set.stderr).toBe(0);
    const input = Array.from({ length: 6000 }, (_, i) => `${i}-${'q'.repeat(1000)}`).join('\n') + '\n';
    const produceAs = (id: string) => {
      const file = join(dir, `${id}.properties`);
      writeFileSync(file, `client.id=${id}\n`);
      return runKafka(['console-producer', '--topic', name, '--command-config', file], { input, timeoutMs: 120_000 });
    };
    const free = await produceAs(uniqueName('free'));
    expect(free.code, free.stderr).toBe(0);
    const slow = await produceAs(throttled);
    expect(slow.code, slow.stderr).toBe(0);
    expect(slow.ms, `throttled ${slow.ms} ms, free ${free.ms} ms`).toBeGreaterThan(5000);
    expect(slow.ms, `throttled ${slow.ms} ms, free ${free.ms} ms`).toBeGreaterThan(2 * free.ms);
    const read = await runKafka(['console-consumer', '--topic', name, '--from-beginning', '-e']);
    expect(read.stdout.trim().split('\n')).toHaveLength(12000);
    expect((await runKafka(['configs', '--alter', '--client', throttled, '--delete-config', 'producer_byte_rate'])).code).toBe(0);
  }, 180_000);
});

/** Changes to a running broker of its own (its log file is read, its defaults changed). */
describe('kafka configs changes a running broker', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'kafka-cli-configs-'));
  watchCluster(stateDir);
  let bootstrap = '';
  const kafka = (args: string[], input?: string) => runKafka(args, { bootstrap, input });

  beforeAll(async () => {
    bootstrap = (await startLocalCluster({ version: DEFAULT_KAFKA_VERSION, brokers: 1, stateDir, port: 0, heapMb: 384 }, process.env, (b) => probeCluster(b, process.env), () => undefined)).bootstrapServers;
  }, 240_000);

  afterAll(async () => {
    await stopLocalCluster(stateDir, true);
  });

  it('a dynamic broker default takes effect at once: message.max.bytes refuses a record, and lets it through once deleted', async () => {
    expect((await kafka(['topics', 'create', 'limits'])).code).toBe(0);
    const record = 'x'.repeat(5000) + '\n';
    expect((await kafka(['console-producer', '--topic', 'limits'], record)).code).toBe(0);
    const set = await kafka(['configs', '--alter', '--broker-defaults', '--add-config', 'message.max.bytes=2000']);
    expect(set.stdout, set.stderr).toBe('Completed updating default config for brokers in the cluster.\n');
    // The broker applies a dynamic config as it reads the metadata log: the next records may still pass.
    await until('the broker to refuse a 5 KB record', async () => (await kafka(['console-producer', '--topic', 'limits'], record)).code !== 0, 30_000);
    const refused = await kafka(['console-producer', '--topic', 'limits'], record);
    expect(refused.code).toBe(7);
    expect(refused.stderr).toMatch(/larger than the max message size the server will accept/);
    expect((await kafka(['configs', '--alter', '--broker-defaults', '--delete-config', 'message.max.bytes'])).code).toBe(0);
    await until('the broker to take a 5 KB record again', async () => (await kafka(['console-producer', '--topic', 'limits'], record)).code === 0, 30_000);
  }, 120_000);

  it('a logger level set on the running broker: DEBUG request lines reach its log, and stop once deleted', async () => {
    const log = join(stateDir, 'node-1', 'server.log');
    const probe = (id: string) => {
      const file = join(stateDir, `${id}.properties`);
      writeFileSync(file, `client.id=${id}\n`);
      return kafka(['topics', '--list', '--command-config', file]);
    };
    const set = await kafka(['configs', '--alter', '--broker-logger', '1', '--add-config', 'kafka.request.logger=DEBUG']);
    expect(set.stdout, set.stderr).toBe('Completed updating config for broker-logger 1.\n');
    expect((await probe('logged-probe')).code).toBe(0);
    await until('the request log to name the probe', () => readFileSync(log, 'utf8').includes('logged-probe'), 20_000);
    expect((await kafka(['configs', '--alter', '--broker-logger', '1', '--delete-config', 'kafka.request.logger'])).code).toBe(0);
    const level = await kafka(['configs', '--describe', '--broker-logger', '1', '-o', 'json']);
    expect(JSON.parse(level.stdout).entities[0].configs.find((c: { name: string }) => c.name === 'kafka.request.logger').value).toBe('INFO');
    expect((await probe('quiet-probe')).code).toBe(0);
    // A request logged at DEBUG would be written as it completes; a later request marks the point where it would be there.
    expect((await probe('later-probe')).code).toBe(0);
    expect(readFileSync(log, 'utf8')).not.toContain('quiet-probe');
  }, 120_000);
});
