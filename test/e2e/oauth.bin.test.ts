import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdentityProvider, type IdentityProvider } from '../support/identity-provider.js';
import { BIN, runKafka } from '../support/run-kafka.js';
import { watchCluster } from '../support/watch-cluster.js';

const TOKEN_LIFETIME_SECONDS = 20;

/** A port on 127.0.0.1 that nothing listens on (just freed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `kafka cluster up` with an OAUTHBEARER listener; its PLAINTEXT and OAUTH bootstrap servers. */
async function clusterWithOAuth(stateDir: string, oauthFlags: string[]): Promise<{ plaintext: string; oauth: string }> {
  watchCluster(stateDir);
  const up = await runKafka(['cluster', 'up', '--runtime', 'local', '--state-dir', stateDir, '--port', '0', '--heap-mb', '384', ...oauthFlags, '-o', 'json'], { noBootstrap: true, timeoutMs: 240_000 });
  expect(up.code, up.stderr).toBe(0);
  const state = JSON.parse(up.stdout) as { bootstrapServers: string; oauth: { bootstrapServers: string } };
  return { plaintext: state.bootstrapServers, oauth: state.oauth.bootstrapServers };
}

describe('OAUTHBEARER against Kafka’s own JWT validator (JWKS and token endpoint served on 127.0.0.1)', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'kafka-cli-oauth-'));
  let idp: IdentityProvider;
  let servers = { plaintext: '', oauth: '' };
  const properties = (clientId: string, secret: string, tokenUrl = idp.tokenUrl) => {
    const file = join(stateDir, `${clientId}-${Math.random().toString(36).slice(2)}.properties`);
    writeFileSync(
      file,
      `security.protocol=SASL_PLAINTEXT\nsasl.mechanism=OAUTHBEARER\nsasl.oauthbearer.token.endpoint.url=${tokenUrl}\n` +
        `sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId="${clientId}" clientSecret="${secret}" scope="kafka";\n` +
        'sasl.login.callback.handler.class=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler\n',
    );
    return file;
  };
  const viaOAuth = (file: string, args: string[], input?: string) => runKafka([...args, '--bootstrap-server', servers.oauth, '--command-config', file], { noBootstrap: true, input });

  beforeAll(async () => {
    idp = await startIdentityProvider(TOKEN_LIFETIME_SECONDS);
    servers = await clusterWithOAuth(stateDir, ['--oauth-jwks-url', idp.jwksUrl, '--oauth-audience', idp.audience, '--oauth-issuer', idp.issuer]);
  }, 240_000);

  afterAll(async () => {
    await runKafka(['cluster', 'down', '--wipe', '--runtime', 'local', '--state-dir', stateDir], { noBootstrap: true });
    await idp?.close();
  });

  it('a client with valid credentials gets a token from the endpoint and works: topics, producer, consumer with a group', async () => {
    const app = properties('app', 'app-secret');
    expect(await viaOAuth(app, ['topics', '--create', '--topic', 'oauth-orders', '--partitions', '3'])).toMatchObject({ code: 0, stderr: 'Created topic oauth-orders.\n' });
    expect(await viaOAuth(app, ['console-producer', '--topic', 'oauth-orders'], 'a\nb\nc\n')).toMatchObject({ code: 0, stderr: '' });
    const consumed = await viaOAuth(app, ['console-consumer', '--topic', 'oauth-orders', '--from-beginning', '-e', '--group', 'oauth-readers']);
    expect(consumed).toMatchObject({ code: 0, stderr: 'Processed a total of 3 messages\n' });
    expect(consumed.stdout.split('\n').filter(Boolean).sort()).toEqual(['a', 'b', 'c']);
    expect(idp.issued.get('app')).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('a profile made by config add (OAUTHBEARER flags) connects, and config show masks the client secret', async () => {
    const env = { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'kafka-cli-oauth-config-')) };
    const added = await runKafka(
      ['config', 'add', 'idp', '--bootstrap-server', servers.oauth, '--security-protocol', 'SASL_PLAINTEXT', '--sasl-mechanism', 'OAUTHBEARER', '--oauth-token-endpoint-url', idp.tokenUrl, '--oauth-client-id', 'app', '--oauth-client-secret', 'app-secret', '--oauth-scope', 'kafka'],
      { noBootstrap: true, env },
    );
    expect(added.code, added.stderr).toBe(0);
    const listed = await runKafka(['topics', '--list', '--topic', 'oauth-orders', '--profile', 'idp'], { noBootstrap: true, env });
    expect(listed).toMatchObject({ code: 0, stdout: 'oauth-orders\n', stderr: '' });
    const shown = await runKafka(['config', 'show', 'idp', '-o', 'json'], { noBootstrap: true, env });
    expect(JSON.parse(shown.stdout).properties['sasl.jaas.config']).toBe('org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId="app" clientSecret="********" scope="kafka";');
  }, 60_000);

  it('an expired token, a token signed with another key, a wrong secret, an endpoint that is not there: one line each, exit 4 (3 for the endpoint)', async () => {
    const expired = await viaOAuth(properties('expired', 'x'), ['topics', '--list']);
    expect(expired.code, expired.stderr).toBe(4);
    expect(expired.stderr).toMatch(/^error: authentication failed with OAUTHBEARER \(client 'expired'\): the broker refused the token \(invalid_token\).* — .+\n$/);
    const forged = await viaOAuth(properties('forger', 'x'), ['topics', '--list']);
    expect(forged.code, forged.stderr).toBe(4);
    expect(forged.stderr).toMatch(/^error: authentication failed with OAUTHBEARER \(client 'forger'\): the broker refused the token \(invalid_token\).* — .+\n$/);
    expect(expired.stderr.split('\n')).toHaveLength(2);
    expect(await viaOAuth(properties('app', 'wrong'), ['topics', '--list'])).toMatchObject({
      code: 4,
      stderr: "error: the OAuth token endpoint refused client 'app' (HTTP 401: invalid_client: unknown client or wrong secret) — check the client id, secret and scope (sasl.jaas.config or sasl.oauthbearer.*)\n",
    });
    const closed = await closedPort();
    const nowhere = await viaOAuth(properties('app', 'app-secret', `http://127.0.0.1:${closed}/token`), ['topics', '--list']);
    expect(nowhere.code, nowhere.stderr).toBe(3);
    expect(nowhere.stderr).toMatch(new RegExp(`^error: the OAuth token endpoint http://127\\.0\\.0\\.1:${closed}/token cannot be reached: .*ECONNREFUSED.* — check sasl\\.oauthbearer\\.token\\.endpoint\\.url\n$`));
  }, 60_000);

  it(`a producer that runs past its token's lifetime (${TOKEN_LIFETIME_SECONDS}s) re-authenticates with fresh tokens and loses nothing`, async () => {
    const app = properties('app', 'app-secret');
    expect((await viaOAuth(app, ['topics', '--create', '--topic', 'oauth-long'])).code).toBe(0);
    const before = idp.issued.get('app') ?? 0;
    const lines = Array.from({ length: 90 }, (_, i) => `line-${i}`);
    const producer = spawn(BIN, ['console-producer', '--topic', 'oauth-long', '--bootstrap-server', servers.oauth, '--command-config', app], { env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    producer.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => producer.on('close', resolve));
    // A line every half second: 45 s, over two token lifetimes.
    for (const line of lines) {
      producer.stdin.write(`${line}\n`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    producer.stdin.end();
    expect(await exited, stderr).toBe(0);
    expect(stderr).toBe('');
    expect((idp.issued.get('app') ?? 0) - before).toBeGreaterThanOrEqual(2);
    const landed = await runKafka(['console-consumer', '--topic', 'oauth-long', '--from-beginning', '-e'], { bootstrap: servers.plaintext });
    expect(landed.stdout.split('\n').filter(Boolean)).toEqual(lines);
  }, 120_000);
});

describe('OAUTHBEARER with Kafka’s unsecured tokens (development brokers)', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'kafka-cli-oauth-dev-'));
  let servers = { plaintext: '', oauth: '' };

  beforeAll(async () => {
    servers = await clusterWithOAuth(stateDir, ['--oauth']);
  }, 240_000);

  afterAll(async () => {
    await runKafka(['cluster', 'down', '--wipe', '--runtime', 'local', '--state-dir', stateDir], { noBootstrap: true });
  });

  it('unsecuredLoginStringClaim_sub logs in as that principal', async () => {
    const file = join(stateDir, 'dev.properties');
    writeFileSync(file, 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=OAUTHBEARER\nsasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="alice";\n');
    const run = (args: string[], input?: string) => runKafka([...args, '--bootstrap-server', servers.oauth, '--command-config', file], { noBootstrap: true, input });
    expect((await run(['topics', '--create', '--topic', 'dev-orders'])).code).toBe(0);
    expect(await run(['console-producer', '--topic', 'dev-orders'], 'x\n')).toMatchObject({ code: 0, stderr: '' });
    expect((await run(['console-consumer', '--topic', 'dev-orders', '--from-beginning', '-e'])).stdout).toBe('x\n');
  }, 60_000);
});
