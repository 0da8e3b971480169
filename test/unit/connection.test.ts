import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectionFlags } from '../../src/cli/shared-flags.js';
import { maskSecrets } from '../../src/commands/config/security-properties.js';
import { resolveConnection, securityFromProperties } from '../../src/core/connection.js';
import { parseKeyValues, parseProperties } from '../../src/core/properties-file.js';
import { activeProfile } from '../../src/core/profiles.js';

const profile = { name: 'prod', profile: { bootstrapServers: ['p1:9092'] } };

describe('resolveConnection precedence', () => {
  it.each([
    { name: 'flag wins over env and profile', flags: { bootstrapServer: ['f1:1', 'f2:2'] }, env: { KAFKA_BOOTSTRAP_SERVERS: 'e:1' }, prof: profile, want: ['f1:1', 'f2:2'], source: 'flag' },
    { name: 'comma list in a flag', flags: { bootstrapServer: ['a:1,b:2'] }, env: {}, prof: null, want: ['a:1', 'b:2'], source: 'flag' },
    { name: 'env wins over profile', flags: {}, env: { KAFKA_BOOTSTRAP_SERVERS: 'e:1' }, prof: profile, want: ['e:1'], source: 'env' },
    { name: 'profile over default', flags: {}, env: {}, prof: profile, want: ['p1:9092'], source: 'profile' },
    { name: 'default localhost:9092', flags: {}, env: {}, prof: null, want: ['localhost:9092'], source: 'default' },
  ])('$name', ({ flags, env, prof, want, source }) => {
    const c = resolveConnection(flags, env, prof);
    expect(c.bootstrapServers).toEqual(want);
    expect(c.source).toBe(source);
  });

  it('--bootstrap-controller names the controllers, over the env and the profile; with --bootstrap-server it is refused in Kafka’s words', () => {
    const c = resolveConnection(connectionFlags({ 'bootstrap-controller': 'c1:9093,c2:9093' }), { KAFKA_BOOTSTRAP_SERVERS: 'e:1' }, profile);
    expect(c).toMatchObject({ bootstrapServers: ['c1:9093', 'c2:9093'], listeners: 'controllers', source: 'flag' });
    expect(resolveConnection(connectionFlags({ 'bootstrap-server': 'b:9092' }), {}, null).listeners).toBe('brokers');
    expect(() => connectionFlags({ 'bootstrap-server': 'b:9092', 'bootstrap-controller': 'c:9093' })).toThrow('Only one of --bootstrap-server or --bootstrap-controller must be specified');
    expect(() => connectionFlags({ 'bootstrap-controller': ',' })).toThrow("--bootstrap-controller ',' names no server");
  });

  it('rejects a server without a port, naming it', () => {
    expect(() => resolveConnection({ bootstrapServer: ['localhost'] }, {}, null)).toThrow(/invalid bootstrap server 'localhost'/);
  });

  it('reads --command-config and maps SASL_SSL with PEM truststore', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conn-'));
    writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n');
    writeFileSync(
      join(dir, 'client.properties'),
      `security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\\n  username="alice" password="s3cret";\nssl.truststore.type=PEM\nssl.truststore.location=${join(dir, 'ca.pem')}\nssl.endpoint.identification.algorithm=\n`,
    );
    const c = resolveConnection({ commandConfig: join(dir, 'client.properties') }, {}, null);
    expect(c.security.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'alice', password: 's3cret' });
    expect(c.security.tls?.ca?.[0]).toContain('BEGIN CERTIFICATE');
    expect(c.security.tls?.checkHostname).toBe(false);
  });


  it('a console tool’s own properties (--consumer.config …) go over --command-config and the profile, and hints name where they came from', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conn-'));
    writeFileSync(join(dir, 'client.properties'), 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="a";\nclient.id=from-file\n');
    const tool = { properties: { 'sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required username="bob" password="b";', 'client.id': 'reader' }, from: '--consumer-property' };
    const c = resolveConnection({ commandConfig: join(dir, 'client.properties'), clientProperties: tool }, {}, null);
    expect(c.security.sasl).toEqual({ mechanism: 'plain', username: 'bob', password: 'b' });
    expect(c.clientId).toBe('reader');
    expect(c.settingsFrom).toBe('--command-config or --consumer-property');
    expect(resolveConnection({ clientProperties: { properties: { 'security.protocol': 'SSL' }, from: '--consumer.config' } }, {}, null)).toMatchObject({ settingsFrom: '--consumer.config', security: { tls: { rejectUnauthorized: true } } });
    expect(resolveConnection({}, {}, null).settingsFrom).toBe('--command-config');
  });

  it('rejects an unknown SASL mechanism', () => {
    expect(() => securityFromProperties({ 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'GSSAPI' })).toThrow(/unsupported sasl.mechanism 'GSSAPI'/);
  });
});

describe('JKS and PKCS12 stores (made by keytool, as Java users get them)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stores-'));
  const run = (command: string, args: string[]) => {
    const r = spawnSync(command, args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${r.stderr}`);
  };
  const password = 'store-secret';
  beforeAll(() => {
    run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=test CA']);
    run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=client']);
    run('openssl', ['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.crt', '-days', '2']);
    run('openssl', ['pkcs12', '-export', '-in', 'client.crt', '-inkey', 'client.key', '-name', 'client', '-out', 'openssl.p12', '-passout', `pass:${password}`]);
    for (const type of ['JKS', 'PKCS12']) {
      run('keytool', ['-importcert', '-noprompt', '-alias', 'ca', '-file', 'ca.pem', '-keystore', `truststore.${type}`, '-storetype', type, '-storepass', password]);
      run('keytool', ['-importkeystore', '-noprompt', '-srckeystore', 'openssl.p12', '-srcstoretype', 'PKCS12', '-srcstorepass', password, '-destkeystore', `keystore.${type}`, '-deststoretype', type, '-deststorepass', password]);
    }
  }, 60_000);
  const pemBody = (pem: string) => pem.replace(/-----[A-Z ]+-----|\s/g, '');

  it.each(['JKS', 'PKCS12'])('%s: the truststore gives the CA, the keystore the client key and certificate, usable by Node TLS', (type) => {
    const tls = securityFromProperties({
      'security.protocol': 'SSL',
      'ssl.truststore.type': type,
      'ssl.truststore.location': join(dir, `truststore.${type}`),
      'ssl.truststore.password': password,
      'ssl.keystore.type': type,
      'ssl.keystore.location': join(dir, `keystore.${type}`),
      'ssl.keystore.password': password,
    }).tls!;
    expect(tls.ca!.map(pemBody)).toEqual([pemBody(readFileSync(join(dir, 'ca.pem'), 'utf8'))]);
    expect(pemBody(tls.cert!)).toContain(pemBody(readFileSync(join(dir, 'client.crt'), 'utf8')));
    expect(() => createSecureContext({ key: tls.key, cert: tls.cert, ca: tls.ca })).not.toThrow();
  });

  it('the type defaults to JKS, as in Kafka; a JKS truststore without a password is read unchecked, as Java does', () => {
    const tls = securityFromProperties({ 'security.protocol': 'SSL', 'ssl.truststore.location': join(dir, 'truststore.JKS') }).tls!;
    expect(tls.ca).toHaveLength(1);
  });

  it('a wrong store password, an unknown type, a store without a key: one line each, naming the setting', () => {
    const keystore = (type: string, extra: Record<string, string>) => () =>
      securityFromProperties({ 'security.protocol': 'SSL', 'ssl.keystore.type': type, 'ssl.keystore.location': join(dir, `keystore.${type}`), ...extra });
    expect(keystore('JKS', { 'ssl.keystore.password': 'wrong' })).toThrow(`ssl.keystore.location '${join(dir, 'keystore.JKS')}' cannot be read as a JKS store (Password verification failed)`);
    expect(keystore('PKCS12', { 'ssl.keystore.password': 'wrong' })).toThrow(/cannot be read as a PKCS12 store \(PKCS#12 MAC could not be verified/);
    expect(keystore('BCFKS', {})).toThrow('ssl.keystore.type=BCFKS is not supported');
    expect(() => securityFromProperties({ 'security.protocol': 'SSL', 'ssl.keystore.location': join(dir, 'truststore.JKS'), 'ssl.keystore.password': password })).toThrow(/holds no private key/);
  });

  it('config show masks every store and key password', () => {
    const masked = maskSecrets({ 'ssl.truststore.password': 'a', 'ssl.keystore.password': 'b', 'ssl.key.password': 'c', 'ssl.keystore.location': '/k.jks' });
    expect(masked).toEqual({ 'ssl.truststore.password': '********', 'ssl.keystore.password': '********', 'ssl.key.password': '********', 'ssl.keystore.location': '/k.jks' });
  });
});

describe('profiles', () => {
  it('uses the current profile of the config file, and --profile over KAFKA_CLI_PROFILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prof-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ currentProfile: 'a', profiles: { a: { bootstrapServers: ['a:1'] }, b: { bootstrapServers: ['b:1'] } } }));
    expect(activeProfile(undefined, { KAFKA_CLI_CONFIG: file })?.name).toBe('a');
    expect(activeProfile(undefined, { KAFKA_CLI_CONFIG: file, KAFKA_CLI_PROFILE: 'b' })?.name).toBe('b');
    expect(activeProfile('a', { KAFKA_CLI_CONFIG: file, KAFKA_CLI_PROFILE: 'b' })?.name).toBe('a');
    expect(() => activeProfile('zzz', { KAFKA_CLI_CONFIG: file })).toThrow(/unknown profile 'zzz'/);
  });
});

describe('Java properties syntax', () => {
  it('handles separators, comments, continuations and escapes', () => {
    expect(parseProperties('# c\n! c\na=1\nb : 2\nc 3\nd=x\\\n   y\ne=tab\\there\nf=\\u0041\ng\n')).toEqual({ a: '1', b: '2', c: '3', d: 'xy', e: 'tab\there', f: 'A', g: '' });
  });
  it('splits k=v on the first = and keeps empty values', () => {
    expect(parseKeyValues(['a=b=c', 'd', 'e='])).toEqual({ a: 'b=c', d: '', e: '' });
  });
});

describe('unreachable hint', async () => {
  const { unreachable } = await import('../../src/core/kafkajs/errors.js');
  it('suggests `kafka cluster up` when nothing named a cluster, else names the source', () => {
    const byDefault = unreachable(resolveConnection({}, {}, null), 10_000);
    expect(`${byDefault.message} — ${byDefault.hint}`).toBe('cannot reach broker at localhost:9092 within 10s — is the cluster up? try `kafka cluster up`, or pass --bootstrap-server');
    expect(unreachable(resolveConnection({}, { KAFKA_BOOTSTRAP_SERVERS: 'x:1' }, null), 5000).hint).toContain('KAFKA_BOOTSTRAP_SERVERS');
  });
  it('says what the system answered when it answered at once, and how long it waited when it did not', async () => {
    const { mapKafkaJsError } = await import('../../src/core/kafkajs/errors.js');
    const connection = resolveConnection({ bootstrapServer: ['b:9092'] }, {}, null);
    const failed = (message: string) => Object.assign(new Error(message), { name: 'KafkaJSConnectionError' });
    expect(mapKafkaJsError(failed('connect ECONNREFUSED 127.0.0.1:9092'), connection, 30_000).message).toBe('cannot reach broker at b:9092 (connection refused)');
    expect(mapKafkaJsError(failed('getaddrinfo ENOTFOUND b'), connection, 30_000).message).toBe('cannot reach broker at b:9092 (host name not found)');
    expect(mapKafkaJsError(failed('connect EHOSTUNREACH 10.0.0.1:9092'), connection, 30_000).message).toBe('cannot reach broker at b:9092 (no route to host)');
    expect(mapKafkaJsError(failed('Connection timeout'), connection, 30_000).message).toBe('cannot reach broker at b:9092 within 30s');
  });
});

describe('local cluster ids', async () => {
  const { newClusterId } = await import('../../src/cluster/local/local-cluster.js');
  it('are 22 base64url characters and never start with "-" (kafka-storage would read an option)', () => {
    for (let i = 0; i < 2000; i++) expect(newClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});
