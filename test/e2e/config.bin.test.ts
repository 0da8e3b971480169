import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { KEY, runOnTerminal } from '../support/pty.js';
import { runKafka, uniqueName } from '../support/run-kafka.js';

function configEnv() {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-config-'));
  return { XDG_CONFIG_HOME: dir, KAFKA_CLI_CONFIG: undefined, KAFKA_CLI_PROFILE: undefined, path: join(dir, 'kafka-cli', 'config.json') };
}

describe('kafka config: profiles round trip', () => {
  it('add → list → use → every command follows the profile; --profile and KAFKA_CLI_PROFILE pick another', async () => {
    const { path, ...env } = configEnv();
    const kafka = (...args: string[]) => runKafka(args, { noBootstrap: true, env });
    const added = await kafka('config', 'add', 'test', '--bootstrap-server', inject('bootstrap'), '--property', 'client.id=from-profile');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toBe(`Saved profile 'test' (current) to ${path}.\n`);
    expect(added.stdout).toBe('');
    expect((await kafka('config', 'add', 'nowhere', '--bootstrap-server', '127.0.0.1:1')).code).toBe(0);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      currentProfile: 'test',
      profiles: { test: { bootstrapServers: inject('bootstrap').split(','), properties: { 'client.id': 'from-profile' } }, nowhere: { bootstrapServers: ['127.0.0.1:1'] } },
    });

    const list = await kafka('config', 'list');
    expect(list.stdout.split('\n')[0]).toMatch(/^CURRENT\s+NAME\s+BOOTSTRAP SERVERS\s+SECURITY$/);
    expect(list.stdout).toMatch(/^\*\s+test\s+127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+)*\s+PLAINTEXT$/m);
    expect(JSON.parse((await kafka('config', 'list', '-o', 'json')).stdout).currentProfile).toBe('test');

    // No flag, no env: the current profile's cluster answers.
    const topic = uniqueName('profile');
    expect((await kafka('topics', 'create', topic)).code).toBe(0);
    expect((await kafka('topics', '--list', '--topic', topic)).stdout).toBe(`${topic}\n`);

    // --profile and the env variable win over the current profile.
    const unreachable = await kafka('topics', '--list', '--profile', 'nowhere', '--request-timeout-ms', '2000');
    expect(unreachable.code).toBe(3);
    const viaEnv = await runKafka(['topics', '--list', '--request-timeout-ms', '2000'], { noBootstrap: true, env: { ...env, KAFKA_CLI_PROFILE: 'nowhere' } });
    expect(viaEnv.code).toBe(3);

    expect((await kafka('config', 'use', 'nowhere')).stderr).toBe("Switched to profile 'nowhere'.\n");
    expect((await kafka('config', 'current')).stdout).toBe('nowhere\n');
    expect((await kafka('topics', '--list', '--request-timeout-ms', '2000')).code).toBe(3);
    expect((await kafka('topics', '--list', '--topic', topic, '--profile', 'test')).stdout).toBe(`${topic}\n`);

    expect((await kafka('config', 'delete', 'nowhere')).code).toBe(0);
    const none = await kafka('config', 'current');
    expect(none.code).toBe(5);
    expect(none.stderr).toBe('error: no current profile — pick one with `kafka config use NAME`\n');
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')).profiles)).toEqual(['test']);
  });

  it('SASL settings become Kafka client properties; show masks the password unless --show-secrets', async () => {
    const { path, ...env } = configEnv();
    const kafka = (...args: string[]) => runKafka(args, { noBootstrap: true, env });
    const added = await kafka('config', 'add', 'prod', '--bootstrap-server', 'b1:9093,b2:9093', '--security-protocol', 'SASL_SSL', '--sasl-mechanism', 'SCRAM-SHA-256', '--sasl-username', 'app', '--sasl-password', 'p"a\\ss', '--no-hostname-verification');
    expect(added.code, added.stderr).toBe(0);
    const shown = await kafka('config', 'show', 'prod');
    expect(shown.stdout).toBe(
      'name: prod (current)\nbootstrap-servers: b1:9093,b2:9093\nsecurity.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-256\n' +
        'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="app" password="********";\n' +
        'ssl.endpoint.identification.algorithm=\n',
    );
    const secret = JSON.parse((await kafka('config', 'show', '--show-secrets', '-o', 'json')).stdout);
    expect(secret.properties['sasl.jaas.config']).toBe('org.apache.kafka.common.security.scram.ScramLoginModule required username="app" password="p\\"a\\\\ss";');
    expect(readFileSync(path, 'utf8')).toContain('SCRAM-SHA-256');
  });

  it('mistakes are one line each with the right exit code', async () => {
    const { path: _path, ...env } = configEnv();
    const kafka = (...args: string[]) => runKafka(args, { noBootstrap: true, env });
    await kafka('config', 'add', 'a', '--bootstrap-server', 'h:1');
    const cases: Array<[string[], number, string]> = [
      [['config', 'add', 'a', '--bootstrap-server', 'h:2'], 6, "error: profile 'a' already exists — pass --overwrite to replace it, or delete it first\n"],
      [['config', 'add', 'b'], 2, 'error: kafka config add needs --bootstrap-server — e.g. kafka config add prod --bootstrap-server b1:9092\n'],
      [['config', 'add', 'b', '--bootstrap-server', 'nohost'], 2, "error: invalid bootstrap server 'nohost' — use host:port, e.g. --bootstrap-server host1:9092,host2:9092\n"],
      [['config', 'add', 'b', '--bootstrap-server', 'h:1', '--sasl-username', 'u'], 2, 'error: --sasl-username needs --security-protocol SASL_SSL or SASL_PLAINTEXT\n'],
      [['config', 'add', 'b', '--bootstrap-server', 'h:1', '--security-protocol', 'SSL', '--ssl-ca-location', '/nonexistent.pem'], 2, "error: cannot read ssl.truststore.location '/nonexistent.pem': ENOENT\n"],
      [['config', 'use', 'zz'], 5, `error: no profile named 'zz' — known: a (${_path})\n`],
      [['config', 'show', 'a', '--bootstrap-server', 'h:1'], 2, 'error: --bootstrap-server belongs to `kafka config add`\n'],
      [['topics', '--list', '--profile', 'zz'], 2, `error: unknown profile 'zz' — known profiles: a (${_path})\n`],
      [['config', 'init'], 2, 'error: kafka config init asks questions on a terminal — in scripts use `kafka config add NAME --bootstrap-server HOST:PORT [--security-protocol ...]`\n'],
    ];
    for (const [args, code, stderr] of cases) {
      const r = await kafka(...args);
      expect(r.stderr, args.join(' ')).toBe(stderr);
      expect(r.code, args.join(' ')).toBe(code);
    }
    expect((await kafka('config', 'add', 'a', '--bootstrap-server', 'h:2', '--overwrite')).code).toBe(0);
    expect(JSON.parse((await kafka('config', 'show', 'a', '-o', 'json')).stdout).bootstrapServers).toEqual(['h:2']);
  });

  it('a config file of another shape, a directory, a dangling current profile or an unusable path is refused, never read as empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-badcfg-'));
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const cases: Array<[string, string]> = [
      [file('array.json', '[]'), 'is not a kafka-cli config: it is not a JSON object — fix or remove it'],
      [file('number.json', '{"profiles":5}'), 'is not a kafka-cli config: "profiles" is not an object — fix or remove it'],
      [file('noservers.json', '{"profiles":{"p":{}}}'), `is not a kafka-cli config: profile 'p' has no "bootstrapServers" list — fix or remove it`],
      [dir, 'cannot be read (EISDIR) — fix or remove it, or point KAFKA_CLI_CONFIG at another file'],
    ];
    for (const [path, problem] of cases) {
      // A KAFKA_BOOTSTRAP_SERVERS that would have been used if the file were taken as empty.
      const r = await runKafka(['topics', '--list'], { env: { KAFKA_CLI_CONFIG: path } });
      expect(r.stderr, path).toBe(`error: config file ${path} ${problem}\n`);
      expect(r.code, path).toBe(2);
    }
    const dangling = file('dangling.json', '{"currentProfile":"gone","profiles":{"p":{"bootstrapServers":["h:1"]}}}');
    const r = await runKafka(['topics', '--list'], { noBootstrap: true, env: { KAFKA_CLI_CONFIG: dangling } });
    expect(r.stderr).toBe(`error: the config file's current profile 'gone' does not exist — known profiles: p (${dangling}); pick one with \`kafka config use NAME\`\n`);
    expect(r.code).toBe(2);
    const inProc = await runKafka(['config', 'add', 'p', '--bootstrap-server', 'h:1'], { env: { KAFKA_CLI_CONFIG: '/proc/kafka-cli-test/config.json' }, timeoutMs: 10_000 });
    expect(inProc.stderr).toBe("error: the config directory '/proc/kafka-cli-test' cannot be created: ENOENT on /proc/kafka-cli-test — pick a directory you can write to\n");
    expect(inProc.code).toBe(2);
  });
});

describe('kafka config init on a real terminal', () => {
  it('asks, tests the connection against the broker, saves the profile and makes it current', async () => {
    const { path, ...env } = configEnv();
    const r = await runOnTerminal(
      ['config', 'init'],
      [
        ['Profile name', `lab${KEY.enter}`],
        ['Bootstrap servers', `${'\u007f'.repeat('localhost:9092'.length)}${inject('bootstrap')}${KEY.enter}`],
        ['PLAINTEXT', KEY.enter],
        ['Test the connection now?', KEY.enter],
        ['current profile?', KEY.enter],
      ],
      env,
    );
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toMatch(/Connected: cluster \S+, 3 brokers\./);
    expect(r.screen).toContain(`Saved profile 'lab' (current) to ${path}.`);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ currentProfile: 'lab', profiles: { lab: { bootstrapServers: inject('bootstrap').split(',') } } });
    const topics = await runKafka(['topics', '--list'], { noBootstrap: true, env });
    expect(topics.code, topics.stderr).toBe(0);
  });

  it('a broker that does not answer: says so, and saves nothing unless told to', async () => {
    const { path, ...env } = configEnv();
    const r = await runOnTerminal(
      ['config', 'init'],
      [
        ['Profile name', `gone${KEY.enter}`],
        ['Bootstrap servers', `${'\u007f'.repeat('localhost:9092'.length)}127.0.0.1:1${KEY.enter}`],
        ['PLAINTEXT', `${KEY.down}${KEY.down}${KEY.down}${KEY.enter}`],
        ['SASL mechanism', KEY.enter],
        ['SASL username', `app${KEY.enter}`],
        ['SASL password', `secret${KEY.enter}`],
        ['CA certificate', KEY.enter],
        ['Verify the broker host names', KEY.enter],
        ['Test the connection now?', KEY.enter],
        ['Save the profile anyway?', KEY.enter],
      ],
      env,
    );
    expect(r.code, r.screen).toBe(1);
    expect(r.screen).toMatch(/Could not connect: .*127\.0\.0\.1:1/);
    expect(r.screen).not.toContain('secret');
    expect(r.screen).toContain('Nothing saved.');
    expect(() => readFileSync(path)).toThrow();
  });

  it('OAUTHBEARER and a JKS truststore: asks for the token endpoint, client and the store password, and saves Kafka’s properties', async () => {
    const { path, ...env } = configEnv();
    const truststore = join(mkdtempSync(join(tmpdir(), 'kafka-cli-init-store-')), 'truststore.jks');
    const made = spawnSync('keytool', ['-genkeypair', '-alias', 'ca', '-keyalg', 'RSA', '-dname', 'CN=test CA', '-keystore', truststore, '-storetype', 'JKS', '-storepass', 'store-secret', '-keypass', 'store-secret'], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const r = await runOnTerminal(
      ['config', 'init'],
      [
        ['Profile name', `cloud${KEY.enter}`],
        ['Bootstrap servers', `${'\u007f'.repeat('localhost:9092'.length)}b1.example:9093${KEY.enter}`],
        ['PLAINTEXT', `${KEY.down}${KEY.down}${KEY.down}${KEY.enter}`],
        ['SASL mechanism', `${KEY.down}${KEY.down}${KEY.down}${KEY.enter}`],
        ['OAuth token endpoint URL', `https://idp.example/oauth2/token${KEY.enter}`],
        ['OAuth client id', `my-app${KEY.enter}`],
        ['OAuth client secret', `client-secret${KEY.enter}`],
        ['OAuth scope', `kafka${KEY.enter}`],
        ['CA certificate', `${truststore}${KEY.enter}`],
        ['Truststore password', `store-secret${KEY.enter}`],
        ['Verify the broker host names', KEY.enter],
        ['Test the connection now?', `n${KEY.enter}`],
        ['current profile?', KEY.enter],
      ],
      env,
    );
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).not.toContain('client-secret');
    expect(r.screen).not.toContain('store-secret');
    expect(JSON.parse(readFileSync(path, 'utf8')).profiles.cloud.properties).toEqual({
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'OAUTHBEARER',
      'sasl.oauthbearer.token.endpoint.url': 'https://idp.example/oauth2/token',
      'sasl.jaas.config': 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId="my-app" clientSecret="client-secret" scope="kafka";',
      'sasl.login.callback.handler.class': 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler',
      'ssl.truststore.type': 'JKS',
      'ssl.truststore.location': truststore,
      'ssl.truststore.password': 'store-secret',
    });
  });
});
