import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_KAFKA_VERSION } from '../../src/cluster/local/paths.js';
import { kafkaTool, TOOLS } from '../support/kafka-tool.js';
import { watchCluster } from '../support/watch-cluster.js';
import { runKafka } from '../support/run-kafka.js';
import { until } from '../support/until.js';

/** A broker of its own with a SASL_SSL listener: every command goes through TLS and SCRAM/PLAIN for real. */
describe('SASL_SSL and mutual TLS end to end (local runtime with a generated CA, SCRAM users, a client certificate)', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'kafka-cli-sasl-'));
  watchCluster(stateDir);
  const configHome = mkdtempSync(join(tmpdir(), 'kafka-cli-sasl-config-'));
  let sasl: { bootstrapServers: string; caFile: string; clientProperties: string; storeProperties: Record<'JKS' | 'PKCS12', string>; users: string[] };
  let mtls: { bootstrapServers: string; caFile: string; clientProperties: string; storeProperties: Record<'JKS' | 'PKCS12', string> };
  let plaintext = '';
  const secure = (args: string[], input?: string) =>
    runKafka([...args, '--bootstrap-server', sasl.bootstrapServers, '--command-config', sasl.clientProperties], { noBootstrap: true, input });
  const withProperties = (text: string) => {
    const file = join(stateDir, `client-${Math.random().toString(36).slice(2)}.properties`);
    writeFileSync(file, text);
    return file;
  };

  beforeAll(async () => {
    const up = await runKafka(
      ['cluster', 'up', '--runtime', 'local', '--state-dir', stateDir, '--port', '0', '--heap-mb', '512', '--sasl-ssl', '--sasl-user', 'alice=alice-secret', '--sasl-user', 'bob=bob-secret', '--ssl', '-o', 'json'],
      { noBootstrap: true, timeoutMs: 240_000 },
    );
    expect(up.code, up.stderr).toBe(0);
    sasl = JSON.parse(up.stdout).saslSsl;
    plaintext = JSON.parse(up.stdout).bootstrapServers;
    mtls = JSON.parse(up.stdout).ssl;
    expect(sasl.users).toEqual(['alice', 'bob']);
  }, 240_000);

  afterAll(async () => {
    await runKafka(['cluster', 'down', '--wipe', '--runtime', 'local', '--state-dir', stateDir], { noBootstrap: true });
  });

  it('topics, producer, consumer (with a group) and consumer-groups work through SASL_SSL with SCRAM-SHA-512', async () => {
    expect((await secure(['topics', 'create', 'secure-orders', '--partitions', '3'])).code).toBe(0);
    const described = JSON.parse((await secure(['topics', 'describe', 'secure-orders', '-o', 'json'])).stdout);
    expect(described.topics[0].partitionCount).toBe(3);

    const lines = Array.from({ length: 500 }, (_, i) => `k${i % 7}:v${i}`);
    const produced = await secure(['console-producer', '--topic', 'secure-orders', '--property', 'parse.key=true', '--property', 'key.separator=:'], lines.join('\n') + '\n');
    expect(produced.code, produced.stderr).toBe(0);

    const consumed = await secure(['console-consumer', '--topic', 'secure-orders', '--from-beginning', '-e', '--group', 'secure-readers']);
    expect(consumed.code, consumed.stderr).toBe(0);
    expect(consumed.stdout.trim().split('\n').sort()).toEqual(lines.map((l) => l.split(':')[1]).sort());

    const group = JSON.parse((await secure(['consumer-groups', 'describe', 'secure-readers', '-o', 'json'])).stdout);
    expect(group.groups[0].totalLag).toBe(0);
    expect((await secure(['cluster', 'describe', '-o', 'json'])).code).toBe(0);
  }, 120_000);

  it('the console tools take their security settings from --producer.config, --consumer.config and --consumer-property, as Kafka’s do', async () => {
    expect((await secure(['topics', 'create', 'secure-tool-configs'])).code).toBe(0);
    const at = ['--topic', 'secure-tool-configs', '--bootstrap-server', sasl.bootstrapServers];
    const produced = await runKafka(['console-producer', ...at, '--producer.config', sasl.clientProperties], { noBootstrap: true, input: 'one\ntwo\n' });
    expect(produced.code, produced.stderr).toBe(0);
    const consumed = await runKafka(['console-consumer', ...at, '--from-beginning', '-e', '--consumer.config', sasl.clientProperties], { noBootstrap: true });
    expect(consumed).toMatchObject({ code: 0, stdout: 'one\ntwo\n' });
    // A property on the command line wins over the file: a wrong password is refused.
    const wrong = await runKafka(
      ['console-consumer', ...at, '--from-beginning', '-e', '--consumer.config', sasl.clientProperties, '--consumer-property', 'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="nope";'],
      { noBootstrap: true },
    );
    expect(wrong.code, wrong.stderr).toBe(4);
    expect(wrong.stderr).toMatch(/^error: authentication failed for user 'alice'/);
  }, 60_000);

  it('the generated client.properties is Kafka’s own format: Kafka’s console consumer reads what we wrote with it', async () => {
    expect((await secure(['topics', 'create', 'secure-kafka-tool'])).code).toBe(0);
    expect((await secure(['console-producer', '--topic', 'secure-kafka-tool'], 'one\ntwo\n')).code).toBe(0);
    const theirs = await kafkaTool(
      TOOLS.consoleConsumer,
      ['--topic', 'secure-kafka-tool', '--from-beginning', '--max-messages', '2', '--command-config', sasl.clientProperties, '--timeout-ms', '30000'],
      { bootstrap: sasl.bootstrapServers, version: DEFAULT_KAFKA_VERSION },
    );
    expect(theirs.stdout, theirs.stderr).toBe('one\ntwo\n');
  }, 60_000);

  it('SCRAM-SHA-256 through a profile (kafka config add) and PLAIN through client.properties', async () => {
    const env = { XDG_CONFIG_HOME: configHome, KAFKA_CLI_CONFIG: undefined, KAFKA_CLI_PROFILE: undefined };
    const add = await runKafka(
      ['config', 'add', 'secure', '--bootstrap-server', sasl.bootstrapServers, '--security-protocol', 'SASL_SSL', '--sasl-mechanism', 'SCRAM-SHA-256', '--sasl-username', 'bob', '--sasl-password', 'bob-secret', '--ssl-ca-location', sasl.caFile],
      { noBootstrap: true, env },
    );
    expect(add.code, add.stderr).toBe(0);
    const viaProfile = await runKafka(['topics', '--list', '--profile', 'secure', '--exclude-internal'], { noBootstrap: true, env });
    expect(viaProfile.stdout, viaProfile.stderr).toContain('secure-orders\n');

    const plain = withProperties(
      `security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="alice-secret";\nssl.truststore.type=PEM\nssl.truststore.location=${sasl.caFile}\n`,
    );
    const viaPlain = await runKafka(['topics', '--list', '--bootstrap-server', sasl.bootstrapServers, '--command-config', plain], { noBootstrap: true });
    expect(viaPlain.stdout, viaPlain.stderr).toContain('secure-orders\n');
  });

  it('a wrong password: one line naming the user and mechanism, exit 4, no hang — for admin, producer and consumer alike', async () => {
    const wrong = withProperties(readFileSync(sasl.clientProperties, 'utf8').replace('alice-secret', 'not-the-password'));
    for (const args of [['topics', '--list'], ['console-producer', '--topic', 'secure-orders'], ['console-consumer', '--topic', 'secure-orders', '--group', 'x']]) {
      const r = await runKafka([...args, '--bootstrap-server', sasl.bootstrapServers, '--command-config', wrong], { noBootstrap: true, input: 'never sent\n', timeoutMs: 30_000 });
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(4);
      expect(r.stderr).toBe(
        "error: authentication failed for user 'alice' with SCRAM-SHA-512: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512 — check the SASL username, password and mechanism (--command-config)\n",
      );
      expect(r.ms).toBeLessThan(15_000);
    }
  }, 60_000);

  it('a SCRAM user made by `kafka configs` authenticates over SASL_SSL, and is refused once its credential is deleted', async () => {
    const as = (user: string, password: string, mechanism: string) =>
      withProperties(readFileSync(sasl.clientProperties, 'utf8').replace('username="alice"', `username="${user}"`).replace('alice-secret', password).replace(/^sasl\.mechanism=.*$/m, `sasl.mechanism=${mechanism}`));
    const list = (file: string) => runKafka(['topics', '--list', '--bootstrap-server', sasl.bootstrapServers, '--command-config', file], { noBootstrap: true });
    const carol = as('carol', 'carol-secret', 'SCRAM-SHA-256');
    expect((await list(carol)).code).toBe(4);
    const added = await secure(['configs', '--alter', '--user', 'carol', '--add-config', 'SCRAM-SHA-256=[iterations=8192,password=carol-secret]']);
    expect(added.stdout, added.stderr).toBe('Completed updating config for user carol.\n');
    await until('the credential to be described', async () => (await secure(['configs', '--describe', '--user', 'carol', '-o', 'kafka'])).stdout === "SCRAM credential configs for user-principal 'carol' are SCRAM-SHA-256=iterations=8192\n", 30_000);
    // A credential reaches every broker through the metadata log: the first attempts may come too early.
    await until('carol to authenticate', async () => (await list(carol)).code === 0, 30_000);
    const wrong = await list(as('carol', 'not-carols', 'SCRAM-SHA-256'));
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toMatch(/authentication failed for user 'carol' with SCRAM-SHA-256/);
    // Only the mechanism that has a credential works.
    expect((await list(as('carol', 'carol-secret', 'SCRAM-SHA-512'))).code).toBe(4);
    expect((await secure(['configs', '--alter', '--user', 'carol', '--delete-config', 'SCRAM-SHA-256'])).code).toBe(0);
    await until('carol to be refused', async () => (await list(carol)).code === 4, 30_000);
    await until('the credential to be gone', async () => (await secure(['configs', '--describe', '--user', 'carol', '-o', 'kafka'])).stdout === '', 30_000);
  }, 120_000);

  it('a plaintext client on a TLS port, and a TLS client on a plaintext port, are told which side speaks what (at once, exit 3)', async () => {
    const plainOnTls = await runKafka(['topics', '--list', '--bootstrap-server', mtls.bootstrapServers], { noBootstrap: true });
    expect(plainOnTls.stderr).toBe(`error: ${mtls.bootstrapServers} answered with TLS: it is a TLS listener — connect with TLS: security.protocol=SSL or SASL_SSL (--command-config or a profile)\n`);
    expect(plainOnTls.code).toBe(3);
    expect(plainOnTls.ms).toBeLessThan(10_000);
    const tlsOnPlain = await runKafka(['topics', '--list', '--bootstrap-server', plaintext, '--command-config', mtls.clientProperties], { noBootstrap: true });
    expect(tlsOnPlain.stderr).toMatch(/^error: the broker closed the connection during the TLS handshake: .* — is it a plaintext listener\? then drop security.protocol SSL\/SASL_SSL \(--command-config\)\n$/);
    expect(tlsOnPlain.code).toBe(3);
    expect(tlsOnPlain.ms).toBeLessThan(10_000);
  });

  it('an untrusted certificate (no truststore): one line about TLS, exit 4', async () => {
    const untrusted = withProperties(readFileSync(sasl.clientProperties, 'utf8').replace(/^ssl\.truststore.*$/gm, ''));
    const r = await runKafka(['topics', '--list', '--bootstrap-server', sasl.bootstrapServers, '--command-config', untrusted], { noBootstrap: true, timeoutMs: 30_000 });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^error: TLS handshake failed: .*self-signed certificate in certificate chain — check the ssl\.truststore settings \(--command-config\)\n$/);
  });

  it('mutual TLS: a PEM keystore (client key and certificate) from client.properties, for us and for Kafka’s own tool', async () => {
    const viaSsl = (args: string[], input?: string, properties = mtls.clientProperties) =>
      runKafka([...args, '--bootstrap-server', mtls.bootstrapServers, '--command-config', properties], { noBootstrap: true, input });
    expect((await viaSsl(['topics', 'create', 'mtls-orders'])).code).toBe(0);
    expect((await viaSsl(['console-producer', '--topic', 'mtls-orders'], 'x\ny\n')).code).toBe(0);
    expect((await viaSsl(['console-consumer', '--topic', 'mtls-orders', '--from-beginning', '-e'])).stdout).toBe('x\ny\n');
    const theirs = await kafkaTool('org.apache.kafka.tools.TopicCommand', ['--list', '--topic', 'mtls-orders', '--command-config', mtls.clientProperties], { bootstrap: mtls.bootstrapServers, version: DEFAULT_KAFKA_VERSION });
    expect(theirs.stdout, theirs.stderr).toBe('mtls-orders\n');

    const noCertificate = withProperties(readFileSync(mtls.clientProperties, 'utf8').replace(/^ssl\.keystore.*$/gm, ''));
    const refused = await viaSsl(['topics', '--list'], undefined, noCertificate);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toBe('error: TLS handshake failed: the broker wants a client certificate it trusts — set ssl.keystore.location to a keystore (JKS, PKCS12 or PEM) with the key and certificate (--command-config)\n');
  }, 60_000);

  it.each(['JKS', 'PKCS12'] as const)('%s trust- and keystores (made by keytool) from one client.properties, for us and for Kafka’s own tool, on mutual TLS and SASL_SSL', async (type) => {
    const properties = readFileSync(mtls.storeProperties[type], 'utf8');
    expect(properties).toContain(`ssl.keystore.type=${type}\n`);
    expect(properties).toContain(`ssl.truststore.type=${type}\n`);
    const topic = `stores-${type.toLowerCase()}`;
    const viaSsl = (args: string[], input?: string) =>
      runKafka([...args, '--bootstrap-server', mtls.bootstrapServers, '--command-config', mtls.storeProperties[type]], { noBootstrap: true, input });
    expect((await viaSsl(['topics', 'create', topic])).code).toBe(0);
    expect(await viaSsl(['console-producer', '--topic', topic], 'from-a-java-store\n')).toMatchObject({ code: 0, stderr: '' });
    expect((await viaSsl(['console-consumer', '--topic', topic, '--from-beginning', '-e'])).stdout).toBe('from-a-java-store\n');
    const theirs = await kafkaTool('org.apache.kafka.tools.TopicCommand', ['--list', '--topic', topic, '--command-config', mtls.storeProperties[type]], { bootstrap: mtls.bootstrapServers, version: DEFAULT_KAFKA_VERSION });
    expect(theirs.stdout, theirs.stderr).toBe(`${topic}\n`);

    const viaSasl = ['topics', '--list', '--topic', topic, '--bootstrap-server', sasl.bootstrapServers, '--command-config', sasl.storeProperties[type]];
    expect(await runKafka(viaSasl, { noBootstrap: true })).toMatchObject({ code: 0, stdout: `${topic}\n` });
    const theirsSasl = await kafkaTool('org.apache.kafka.tools.TopicCommand', ['--list', '--topic', topic, '--command-config', sasl.storeProperties[type]], { bootstrap: sasl.bootstrapServers, version: DEFAULT_KAFKA_VERSION });
    expect(theirsSasl.stdout, theirsSasl.stderr).toBe(`${topic}\n`);

    const wrongPassword = withProperties(properties.replace(/^ssl\.keystore\.password=.*$/m, 'ssl.keystore.password=wrong'));
    const refused = await runKafka(['topics', '--list', '--bootstrap-server', mtls.bootstrapServers, '--command-config', wrongPassword], { noBootstrap: true });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(`^error: ssl\\.keystore\\.location '.*' cannot be read as a ${type} store \\(.*\\) — check ssl\\.keystore\\.password and ssl\\.key\\.password and ssl\\.keystore\\.type\n$`));
  }, 90_000);
});
