import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, createConnection } from 'node:net';
import { join } from 'node:path';
import { makeDirectory } from '../../core/directories.js';
import { CliError } from '../../core/errors.js';
import { ensureArtifacts, loggingFlags, type KafkaArtifacts } from './artifacts.js';
import { checkJava } from './java.js';
import { createJavaStores, createLocalCertificates, type JavaStores, type JavaStoreType, type LocalCertificates } from './tls.js';
import { jaasConfig } from '../../core/connection.js';
import { majorVersion, releaseAtLeast } from './paths.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface LocalClusterSpec {
  version: string;
  brokers: number;
  stateDir: string;
  /** First broker port; the next brokers take the following ports. 0 = any free ports. */
  port: number;
  heapMb: number;
  /** Extra server.properties for every node (e.g. auto.create.topics.enable=false). */
  brokerProperties?: Record<string, string>;
  /** Also listen with SASL_SSL (SCRAM-SHA-256/512 and PLAIN) for these users, behind a local CA. */
  saslSsl?: { users: SaslUser[] };
  /** Also listen with SSL, requiring a client certificate from the local CA (mutual TLS). */
  mtls?: boolean;
  /** Also listen with SASL_PLAINTEXT for OAUTHBEARER: tokens validated against a JWKS endpoint, or unsecured (development) tokens without one. */
  oauth?: OAuthListener;
  /** Brokers coordinated by a ZooKeeper server (Kafka 3.x and earlier), as most clusters of those releases ran, instead of KRaft. */
  zookeeper?: boolean;
  /**
   * ACLs enforced (KRaft's StandardAuthorizer, ZooKeeper's AclAuthorizer) with nothing allowed
   * without one. Super users: the PLAINTEXT listener's principal (User:ANONYMOUS: the brokers
   * themselves, and whoever administers the local cluster on it) and the first SASL_SSL user.
   */
  authorizer?: boolean;
}

export interface OAuthListener {
  /** Kafka's own validator checks signatures with these keys (sasl.oauthbearer.jwks.endpoint.url); absent: unsecured tokens. */
  jwksUrl?: string;
  audience?: string;
  issuer?: string;
}

export interface SaslUser {
  name: string;
  password: string;
}

/** Offsets of the secured listeners' ports from the PLAINTEXT ones when ports are fixed (9092 → 9192, 9292). */
export const SASL_SSL_PORT_OFFSET = 100;
export const SSL_PORT_OFFSET = 200;
export const OAUTH_PORT_OFFSET = 300;

export interface LocalNode {
  id: number;
  port: number;
  /** KRaft only: the node's controller listener. */
  controllerPort?: number;
  dir: string;
  logFile: string;
  pid: number | null;
  saslSslPort?: number;
  sslPort?: number;
  oauthPort?: number;
}

export interface LocalClusterState {
  runtime: 'local';
  version: string;
  clusterId: string;
  bootstrapServers: string;
  libs: string;
  heapMb: number;
  nodes: LocalNode[];
  startedAt: string;
  saslSsl?: {
    bootstrapServers: string;
    caFile: string;
    /** A Kafka client.properties for the first user: `--command-config` for us and Kafka's tools alike. */
    clientProperties: string;
    /** The same, with the CA in a JKS or PKCS12 truststore instead of PEM. */
    storeProperties: Record<JavaStoreType, string>;
    users: string[];
  };
  ssl?: {
    bootstrapServers: string;
    caFile: string;
    /** A Kafka client.properties with the client's PEM keystore (key and certificate). */
    clientProperties: string;
    /** The same, with JKS or PKCS12 trust- and keystores instead of PEM. */
    storeProperties: Record<JavaStoreType, string>;
  };
  oauth?: OAuthListener & { bootstrapServers: string };
  /** The ZooKeeper server of a ZooKeeper-mode cluster (absent: KRaft). */
  zookeeper?: ZooKeeperServer;
}

export interface ZooKeeperServer {
  port: number;
  dir: string;
  logFile: string;
  pid: number | null;
}

/** What a cluster answers: its registered brokers and the topics they serve. */
export interface ClusterView {
  brokers: number;
  topics: string[];
}
export type ClusterProbe = (bootstrap: string) => Promise<ClusterView>;

export const HOST = '127.0.0.1';
const STATE_FILE = 'cluster.json';

/** A KRaft cluster id: 16 random bytes, base64url; never leading '-' (as Kafka's Uuid.randomUuid). */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export function readState(stateDir: string): LocalClusterState | null {
  const file = join(stateDir, STATE_FILE);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LocalClusterState;
  } catch (err) {
    throw new CliError('local-runtime', `${file} cannot be read as a kafka-cli cluster state: ${(err as Error).message}`, 'move it away, or use another --state-dir');
  }
}

function writeState(stateDir: string, state: LocalClusterState): void {
  writeFileSync(join(stateDir, STATE_FILE), JSON.stringify(state, null, 2));
}

export function isAlive(pid: number | null): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Where the OS starts handing out local ports to outgoing connections (Linux's ip_local_port_range). */
function outgoingPortsFrom(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 11_000 ? low : 32768;
  } catch {
    return 32768;
  }
}

/**
 * A port nothing listens on, for a broker about to start. Chosen below the ports the OS gives
 * outgoing connections: a port from that range (what listen(0) returns) can be taken, between our
 * check and the broker's bind, by any client's connection — the other brokers' own among them —
 * and the broker then dies at start.
 */
export async function freePort(): Promise<number> {
  const below = outgoingPortsFrom();
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 10_000 + Math.floor(Math.random() * (below - 10_000));
    if (!(await portTaken(port))) return port;
  }
  throw new CliError('local-runtime', `no free port found from 10000 to ${below - 1}`, 'give the cluster a --port');
}

function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(true));
    server.listen(port, HOST, () => server.close(() => resolve(false)));
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: HOST, port });
    socket.setTimeout(1000);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

/** The SASL_SSL listener: SCRAM users live in the metadata log (kafka-storage --add-scram), PLAIN users in JAAS. */
function saslSslProperties(spec: LocalClusterSpec, certificates: LocalCertificates): Record<string, string> {
  const plainUsers = spec.saslSsl!.users.map((u) => `user_${u.name}="${u.password}"`).join(' ');
  return {
    'sasl.enabled.mechanisms': 'SCRAM-SHA-256,SCRAM-SHA-512,PLAIN',
    'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'listener.name.sasl_ssl.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`,
    'listener.name.sasl_ssl.ssl.keystore.type': 'PEM',
    'listener.name.sasl_ssl.ssl.keystore.location': certificates.keystoreFile,
  };
}

/**
 * The OAUTH listener (SASL_PLAINTEXT, OAUTHBEARER). With a JWKS URL, Kafka's own validator checks
 * each token's signature, expiry, audience and issuer; without one, Kafka's unsecured validator
 * takes unsigned tokens. Sessions end with their token (connections.max.reauth.ms): a client must
 * re-authenticate with a fresh one to go on.
 */
function oauthProperties(oauth: OAuthListener, version: string): Record<string, string> {
  const prefix = 'listener.name.oauth.oauthbearer';
  const props: Record<string, string> = {
    'listener.name.oauth.sasl.enabled.mechanisms': 'OAUTHBEARER',
    [`${prefix}.sasl.jaas.config`]: 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
    [`${prefix}.connections.max.reauth.ms`]: '3600000',
  };
  if (!oauth.jwksUrl) return props;
  // Kafka 3.4 moved the validator out of .secured; Kafka 4 removed the old name.
  const validator = majorVersion(version) >= 4 ? 'OAuthBearerValidatorCallbackHandler' : 'secured.OAuthBearerValidatorCallbackHandler';
  return {
    ...props,
    [`${prefix}.sasl.server.callback.handler.class`]: `org.apache.kafka.common.security.oauthbearer.${validator}`,
    'sasl.oauthbearer.jwks.endpoint.url': oauth.jwksUrl,
    ...(oauth.audience ? { 'sasl.oauthbearer.expected.audience': oauth.audience } : {}),
    ...(oauth.issuer ? { 'sasl.oauthbearer.expected.issuer': oauth.issuer } : {}),
  };
}

/** The SSL listener: clients must present a certificate the local CA signed. */
function mtlsProperties(certificates: LocalCertificates): Record<string, string> {
  return {
    'listener.name.ssl.ssl.client.auth': 'required',
    'listener.name.ssl.ssl.keystore.type': 'PEM',
    'listener.name.ssl.ssl.keystore.location': certificates.keystoreFile,
    'listener.name.ssl.ssl.truststore.type': 'PEM',
    'listener.name.ssl.ssl.truststore.location': certificates.caFile,
  };
}

function authorizerProperties(spec: LocalClusterSpec): Record<string, string> {
  const admin = spec.saslSsl?.users[0];
  return {
    'authorizer.class.name': spec.zookeeper ? 'kafka.security.authorizer.AclAuthorizer' : 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found': 'false',
    'super.users': ['User:ANONYMOUS', ...(admin ? [`User:${admin.name}`] : [])].join(';'),
  };
}

/** How the brokers find each other: the KRaft quorum they form, or the ZooKeeper server they register in. */
type Coordination = { voters: string } | { zookeeperConnect: string };

function serverProperties(spec: LocalClusterSpec, node: LocalNode, coordination: Coordination, certificates: LocalCertificates | null): string {
  const rf = Math.min(3, spec.brokers);
  const secured = [
    ...(node.saslSslPort !== undefined ? [{ name: 'SASL_SSL', protocol: 'SASL_SSL', port: node.saslSslPort }] : []),
    ...(node.sslPort !== undefined ? [{ name: 'SSL', protocol: 'SSL', port: node.sslPort }] : []),
    ...(node.oauthPort !== undefined ? [{ name: 'OAUTH', protocol: 'SASL_PLAINTEXT', port: node.oauthPort }] : []),
  ];
  const extra = secured.map((l) => `,${l.name}://${HOST}:${l.port}`).join('');
  const protocols = secured.map((l) => `,${l.name}:${l.protocol}`).join('');
  const roles: Record<string, string> =
    'voters' in coordination
      ? {
          'process.roles': 'broker,controller',
          'node.id': String(node.id),
          'controller.quorum.voters': coordination.voters,
          listeners: `PLAINTEXT://${HOST}:${node.port},CONTROLLER://${HOST}:${node.controllerPort}${extra}`,
          'controller.listener.names': 'CONTROLLER',
          'listener.security.protocol.map': `CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT${protocols}`,
        }
      : {
          'broker.id': String(node.id),
          'zookeeper.connect': coordination.zookeeperConnect,
          listeners: `PLAINTEXT://${HOST}:${node.port}${extra}`,
          'listener.security.protocol.map': `PLAINTEXT:PLAINTEXT${protocols}`,
        };
  const props: Record<string, string> = {
    ...roles,
    'advertised.listeners': `PLAINTEXT://${HOST}:${node.port}${extra}`,
    'inter.broker.listener.name': 'PLAINTEXT',
    ...(certificates && spec.saslSsl ? saslSslProperties(spec, certificates) : {}),
    ...(certificates && spec.mtls ? mtlsProperties(certificates) : {}),
    ...(spec.oauth ? oauthProperties(spec.oauth, spec.version) : {}),
    ...(spec.authorizer ? authorizerProperties(spec) : {}),
    'log.dirs': join(node.dir, 'data'),
    'num.partitions': '1',
    'offsets.topic.replication.factor': String(rf),
    'transaction.state.log.replication.factor': String(rf),
    'transaction.state.log.min.isr': '1',
    'group.initial.rebalance.delay.ms': '0',
    ...(majorVersion(spec.version) >= 4 ? { 'share.coordinator.state.topic.replication.factor': String(rf), 'share.coordinator.state.topic.min.isr': '1' } : {}),
    // Streams applications hand their topology description to the brokers, which keep it only with a plugin: the
    // in-memory one Kafka ships serves `streams-groups --describe --topology` (lost on a restart, as a dev cluster's is).
    ...(releaseAtLeast(spec.version, 4, 4) ? { 'group.streams.topology.description.plugin.class': 'org.apache.kafka.server.streams.InMemoryTopologyDescriptionPlugin' } : {}),
    ...spec.brokerProperties,
  };
  return Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
}

function javaArgs(state: Pick<LocalClusterState, 'libs' | 'heapMb' | 'oauth'>, artifacts: KafkaArtifacts, node: LocalNode): string[] {
  return [
    `-Xms${Math.min(256, state.heapMb)}m`,
    `-Xmx${state.heapMb}m`,
    '-XX:+UseG1GC',
    '-Djava.awt.headless=true',
    // Kafka 3.9.1 and 4.x fetch OAuth URLs only when allowed by name.
    ...(state.oauth?.jwksUrl ? [`-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=${state.oauth.jwksUrl}`] : []),
    ...loggingFlags(artifacts, node.dir, { file: node.logFile }, 'INFO'),
    '-cp',
    join(state.libs, '*'),
    'kafka.Kafka',
    join(node.dir, 'server.properties'),
  ];
}

function startNode(state: LocalClusterState, artifacts: KafkaArtifacts, node: LocalNode): void {
  const out = openSync(join(node.dir, 'stdout.log'), 'a');
  const child = spawn('java', javaArgs(state, artifacts, node), { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  child.unref();
  node.pid = child.pid ?? null;
}

/** A client.properties in the state dir (it holds passwords: only its owner may read it). */
function writeClientProperties(stateDir: string, name: string, text: string): string {
  const file = join(stateDir, `${name}.properties`);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

/** The ssl.* lines of a client.properties that reads the stores of one type. */
function storeLines(stores: JavaStores, type: JavaStoreType, withKeystore: boolean): string {
  const trust = `ssl.truststore.type=${type}\nssl.truststore.location=${stores.truststore[type]}\nssl.truststore.password=${stores.password}\n`;
  return withKeystore ? `${trust}ssl.keystore.type=${type}\nssl.keystore.location=${stores.clientKeystore[type]}\nssl.keystore.password=${stores.password}\n` : trust;
}

/** ZooKeeper, from the zookeeper jar that Kafka 3.x and earlier depend on. */
function startZooKeeper(artifacts: KafkaArtifacts, zookeeper: ZooKeeperServer, heapMb: number): void {
  const config = join(zookeeper.dir, 'zookeeper.properties');
  if (!existsSync(config)) {
    writeFileSync(config, `dataDir=${join(zookeeper.dir, 'data')}\nclientPort=${zookeeper.port}\nclientPortAddress=${HOST}\nmaxClientCnxns=0\nadmin.enableServer=false\n`);
  }
  const out = openSync(join(zookeeper.dir, 'stdout.log'), 'a');
  const args = [`-Xmx${heapMb}m`, '-Djava.awt.headless=true', ...loggingFlags(artifacts, zookeeper.dir, { file: zookeeper.logFile }, 'INFO'), '-cp', join(artifacts.libs, '*'), 'org.apache.zookeeper.server.quorum.QuorumPeerMain', config];
  const child = spawn('java', args, { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  child.unref();
  zookeeper.pid = child.pid ?? null;
}

async function waitForZooKeeper(zookeeper: ZooKeeperServer, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await canConnect(zookeeper.port))) {
    if (!isAlive(zookeeper.pid)) throw new CliError('local-runtime', `ZooKeeper exited while starting: ${logTail(zookeeper)}`, `see ${zookeeper.logFile}`);
    if (Date.now() > deadline) throw new CliError('local-runtime', `ZooKeeper did not open port ${zookeeper.port} within ${withinMs / 1000}s`, `see ${zookeeper.logFile}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The line of a failed Java tool's output that says why: the root cause of an exception (its last
 * `Caused by:`), else the exception's own line, else the last line that is not a stack frame.
 */
export function javaFailure(output: string): string {
  const lines = output.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  const causes = lines.filter((l) => l.startsWith('Caused by: '));
  const exception = lines.find((l) => /^(Exception in thread|[\w$.]+(Exception|Error)\b)/.test(l));
  const message = lines.filter((l) => !/^\s+(at |\.\.\. \d+ more)/.test(l)).slice(-1)[0];
  return (causes.slice(-1)[0]?.slice('Caused by: '.length) ?? exception ?? message ?? 'no output').slice(0, 300);
}

/** The ZooKeeper port when ports are fixed: ZooKeeper's own default. */
const ZOOKEEPER_PORT = 2181;

function logTail(node: { dir: string; logFile: string }): string {
  for (const file of [node.logFile, join(node.dir, 'stdout.log')]) {
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => /ERROR|Exception|FATAL/.test(l));
    if (lines.length) return lines.slice(-1)[0]!.slice(0, 300);
  }
  return 'no error in its log';
}

/**
 * Formats KRaft storage and starts `brokers` combined broker+controller JVMs on 127.0.0.1.
 * Resolves once every broker accepts connections and `probe` sees them all registered.
 */
export async function startLocalCluster(
  spec: LocalClusterSpec,
  env: Env,
  probe: ClusterProbe,
  log: (line: string) => void,
): Promise<LocalClusterState> {
  const existing = readState(spec.stateDir);
  if (existing && (existing.nodes.some((n) => isAlive(n.pid)) || isAlive(existing.zookeeper?.pid ?? null))) {
    throw new CliError('already-exists', `a local cluster is already running at ${existing.bootstrapServers}`, `stop it with \`kafka cluster down\`, or use another --state-dir`);
  }
  if (existing) return restartLocalCluster(spec.stateDir, existing, env, probe, log);
  if (spec.zookeeper && majorVersion(spec.version) >= 4) {
    throw new CliError('usage', `Kafka ${spec.version} has no ZooKeeper mode (Kafka 4 runs on KRaft only)`, 'use a 3.x or 2.x release with --zookeeper, e.g. --kafka-version 3.9.2');
  }
  if (spec.zookeeper && spec.saslSsl) throw new CliError('usage', '--sasl-ssl keeps its SCRAM users in KRaft metadata: it cannot be combined with --zookeeper', 'drop one of them (--ssl works with --zookeeper)');
  prepareStateDir(spec.stateDir);
  checkJava(majorVersion(spec.version) >= 4 ? 17 : 11);
  const artifacts = await ensureArtifacts(spec.version, env, log);

  const ports: number[] = [];
  for (let i = 0; i < spec.brokers; i++) {
    const port = spec.port === 0 ? await freePort() : spec.port + i;
    if (spec.port !== 0 && (await portTaken(port))) {
      throw new CliError('local-runtime', `port ${port} on ${HOST} is already in use`, 'stop what uses it, or pick another with --port');
    }
    ports.push(port);
  }
  const listenerPorts = async (enabled: boolean, offset: number, name: string): Promise<number[]> => {
    const found: number[] = [];
    for (let i = 0; enabled && i < spec.brokers; i++) {
      const port = spec.port === 0 ? await freePort() : spec.port + offset + i;
      if (spec.port !== 0 && (await portTaken(port))) {
        throw new CliError('local-runtime', `port ${port} on ${HOST} (${name}) is already in use`, 'stop what uses it, or pick another --port');
      }
      found.push(port);
    }
    return found;
  };
  const saslPorts = await listenerPorts(spec.saslSsl !== undefined, SASL_SSL_PORT_OFFSET, 'SASL_SSL');
  const sslPorts = await listenerPorts(spec.mtls === true, SSL_PORT_OFFSET, 'SSL');
  const oauthPorts = await listenerPorts(spec.oauth !== undefined, OAUTH_PORT_OFFSET, 'OAUTH');
  const nodes: LocalNode[] = [];
  for (let i = 0; i < spec.brokers; i++) {
    const dir = join(spec.stateDir, `node-${i + 1}`);
    makeDirectory(dir, '--state-dir');
    nodes.push({
      id: i + 1,
      port: ports[i]!,
      ...(spec.zookeeper ? {} : { controllerPort: await freePort() }),
      dir,
      logFile: join(dir, 'server.log'),
      pid: null,
      ...(spec.saslSsl ? { saslSslPort: saslPorts[i]! } : {}),
      ...(spec.mtls ? { sslPort: sslPorts[i]! } : {}),
      ...(spec.oauth ? { oauthPort: oauthPorts[i]! } : {}),
    });
  }
  const certificates = spec.saslSsl || spec.mtls ? createLocalCertificates(join(spec.stateDir, 'tls')) : null;
  let zookeeper: ZooKeeperServer | undefined;
  if (spec.zookeeper) {
    const port = spec.port === 0 ? await freePort() : ZOOKEEPER_PORT;
    if (spec.port !== 0 && (await portTaken(port))) throw new CliError('local-runtime', `port ${port} on ${HOST} (ZooKeeper) is already in use`, 'stop what uses it, or use --port 0 for any free ports');
    const dir = join(spec.stateDir, 'zookeeper');
    makeDirectory(dir, '--state-dir');
    zookeeper = { port, dir, logFile: join(dir, 'zookeeper.log'), pid: null };
  }
  const coordination: Coordination = zookeeper
    ? { zookeeperConnect: `${HOST}:${zookeeper.port}` }
    : { voters: nodes.map((n) => `${n.id}@${HOST}:${n.controllerPort}`).join(',') };
  // A ZooKeeper cluster's id is made by its first broker: this one is replaced once it is known.
  const clusterId = newClusterId();
  const state: LocalClusterState = {
    runtime: 'local',
    version: spec.version,
    clusterId,
    bootstrapServers: nodes.map((n) => `${HOST}:${n.port}`).join(','),
    libs: artifacts.libs,
    heapMb: spec.heapMb,
    nodes,
    startedAt: new Date().toISOString(),
    ...(zookeeper ? { zookeeper } : {}),
    ...(spec.oauth ? { oauth: { ...spec.oauth, bootstrapServers: nodes.map((n) => `${HOST}:${n.oauthPort}`).join(',') } } : {}),
  };
  const stores = certificates ? createJavaStores(join(spec.stateDir, 'tls'), randomBytes(12).toString('hex')) : null;
  if (spec.saslSsl && certificates && stores) {
    const user = spec.saslSsl.users[0]!;
    const sasl = `security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=${jaasConfig('scram-sha-512', user.name, user.password)}\n`;
    state.saslSsl = {
      bootstrapServers: nodes.map((n) => `${HOST}:${n.saslSslPort}`).join(','),
      caFile: certificates.caFile,
      clientProperties: writeClientProperties(spec.stateDir, 'client-sasl-ssl', `${sasl}ssl.truststore.type=PEM\nssl.truststore.location=${certificates.caFile}\n`),
      storeProperties: {
        JKS: writeClientProperties(spec.stateDir, 'client-sasl-ssl-jks', sasl + storeLines(stores, 'JKS', false)),
        PKCS12: writeClientProperties(spec.stateDir, 'client-sasl-ssl-pkcs12', sasl + storeLines(stores, 'PKCS12', false)),
      },
      users: spec.saslSsl.users.map((u) => u.name),
    };
  }
  if (spec.mtls && certificates && stores) {
    state.ssl = {
      bootstrapServers: nodes.map((n) => `${HOST}:${n.sslPort}`).join(','),
      caFile: certificates.caFile,
      clientProperties: writeClientProperties(
        spec.stateDir,
        'client-ssl',
        `security.protocol=SSL\nssl.truststore.type=PEM\nssl.truststore.location=${certificates.caFile}\nssl.keystore.type=PEM\nssl.keystore.location=${certificates.clientKeystoreFile}\n`,
      ),
      storeProperties: {
        JKS: writeClientProperties(spec.stateDir, 'client-ssl-jks', 'security.protocol=SSL\n' + storeLines(stores, 'JKS', true)),
        PKCS12: writeClientProperties(spec.stateDir, 'client-ssl-pkcs12', 'security.protocol=SSL\n' + storeLines(stores, 'PKCS12', true)),
      },
    };
  }
  for (const node of nodes) writeFileSync(join(node.dir, 'server.properties'), serverProperties(spec, node, coordination, certificates));
  if (zookeeper) {
    startZooKeeper(artifacts, zookeeper, 256);
    writeState(spec.stateDir, state);
    try {
      await waitForZooKeeper(zookeeper, 60_000);
    } catch (err) {
      await stopLocalCluster(spec.stateDir);
      throw err;
    }
  } else await formatKRaftStorage(artifacts, nodes, clusterId, spec);
  for (const node of nodes) startNode(state, artifacts, node);
  writeState(spec.stateDir, state);
  try {
    await waitReady(state, probe, 120_000);
  } catch (err) {
    await stopLocalCluster(spec.stateDir);
    throw err;
  }
  if (zookeeper) {
    state.clusterId = storedClusterId(nodes[0]!) ?? state.clusterId;
    writeState(spec.stateDir, state);
  }
  return state;
}

/** The cluster id a broker keeps in its log directory's meta.properties. */
function storedClusterId(node: LocalNode): string | null {
  const file = join(node.dir, 'data', 'meta.properties');
  return existsSync(file) ? (/^cluster\.id=(.+)$/m.exec(readFileSync(file, 'utf8'))?.[1] ?? null) : null;
}

async function formatKRaftStorage(artifacts: KafkaArtifacts, nodes: LocalNode[], clusterId: string, spec: LocalClusterSpec): Promise<void> {
  const scramUsers = (spec.saslSsl?.users ?? []).flatMap((u) => ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((m) => ['--add-scram', `${m}=[name=${u.name},password=${u.password}]`]));

  await Promise.all(
    nodes.map(
      (node) =>
        new Promise<void>((resolve, reject) => {
          const format = spawn('java', ['-Xmx256m', ...loggingFlags(artifacts, node.dir, 'stderr', 'WARN'), '-cp', join(artifacts.libs, '*'), 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', join(node.dir, 'server.properties'), ...scramUsers], { stdio: ['ignore', 'pipe', 'pipe'] });
          let output = '';
          format.stdout.on('data', (d) => (output += d));
          format.stderr.on('data', (d) => (output += d));
          format.on('close', (code) => {
            if (code === 0) return resolve();
            const logFile = join(node.dir, 'format.log');
            writeFileSync(logFile, output);
            reject(new CliError('local-runtime', `formatting KRaft storage for node ${node.id} failed: ${javaFailure(output)}`, `see ${logFile}`));
          });
        }),
    ),
  );
}

/**
 * The state dir holds the user's cluster or nothing at all: a directory with other files in it,
 * or something that is not a directory, is never written over. A new one is created.
 */
export function prepareStateDir(stateDir: string): void {
  let entries: string[];
  try {
    if (!statSync(stateDir).isDirectory()) throw new CliError('usage', `--state-dir '${stateDir}' is not a directory`, 'name a new or empty directory');
    entries = readdirSync(stateDir);
  } catch (err) {
    if (err instanceof CliError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return makeDirectory(stateDir, '--state-dir');
    throw new CliError('usage', `--state-dir '${stateDir}' cannot be used (${code})`, 'name a new or empty directory you can write to');
  }
  if (entries.length > 0) {
    throw new CliError('usage', `--state-dir '${stateDir}' is not empty and holds no kafka-cli cluster`, 'name a new or empty directory; nothing in it was touched');
  }
}

/** `up` after `down`: the same nodes, ports and data as before. */
async function restartLocalCluster(stateDir: string, state: LocalClusterState, env: Env, probe: ClusterProbe, log: (line: string) => void): Promise<LocalClusterState> {
  checkJava(majorVersion(state.version) >= 4 ? 17 : 11);
  for (const node of state.nodes) {
    if (await portTaken(node.port)) throw new CliError('local-runtime', `port ${node.port} on ${HOST} (broker ${node.id} of the cluster in ${stateDir}) is already in use`, 'stop what uses it; this cluster keeps its ports');
  }
  if (state.zookeeper && (await portTaken(state.zookeeper.port))) {
    throw new CliError('local-runtime', `port ${state.zookeeper.port} on ${HOST} (ZooKeeper of the cluster in ${stateDir}) is already in use`, 'stop what uses it; this cluster keeps its ports');
  }
  log(`Restarting the cluster in ${stateDir} with its data (Kafka ${state.version}, ${state.nodes.length} broker${state.nodes.length > 1 ? 's' : ''}); \`kafka cluster down --wipe\` deletes it`);
  const artifacts = await ensureArtifacts(state.version, env, log);
  try {
    if (state.zookeeper) {
      startZooKeeper(artifacts, state.zookeeper, 256);
      writeState(stateDir, state);
      await waitForZooKeeper(state.zookeeper, 60_000);
    }
    for (const node of state.nodes) startNode(state, artifacts, node);
    state.startedAt = new Date().toISOString();
    writeState(stateDir, state);
    await waitReady(state, probe, 120_000, topicsOnDisk(state));
  } catch (err) {
    await stopLocalCluster(stateDir);
    throw err;
  }
  return state;
}

async function waitReady(state: LocalClusterState, probe: ClusterProbe, withinMs: number, expectedTopics: string[] = []): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (const node of state.nodes) {
    while (!(await canConnect(node.port))) {
      if (!isAlive(node.pid)) throw new CliError('local-runtime', `broker ${node.id} exited while starting: ${logTail(node)}`, `see ${node.logFile}`);
      if (Date.now() > deadline) throw new CliError('local-runtime', `broker ${node.id} did not open port ${node.port} within ${withinMs / 1000}s`, `see ${node.logFile}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  for (;;) {
    // A broker can die after opening its port (a controller port taken, a bad config): a cluster
    // short of a broker is not the cluster asked for.
    const dead = state.nodes.find((n) => !isAlive(n.pid));
    if (dead) throw new CliError('local-runtime', `broker ${dead.id} exited while starting: ${logTail(dead)}`, `see ${dead.logFile}`);
    const view = await probe(state.bootstrapServers).catch((): ClusterView => ({ brokers: 0, topics: [] }));
    const missing = expectedTopics.filter((t) => !view.topics.includes(t));
    if (view.brokers >= state.nodes.length && missing.length === 0) return;
    if (Date.now() > deadline) {
      const what = view.brokers < state.nodes.length ? `only ${view.brokers} of ${state.nodes.length} brokers registered` : `the brokers do not serve ${missing.length} of the topics they hold (${missing.slice(0, 3).join(', ')})`;
      throw new CliError('local-runtime', `${what} within ${withinMs / 1000}s`, `see ${state.nodes[0]!.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The topics whose partitions are in the nodes' log directories: what a restarted cluster must
 * serve before `up` returns (a ZooKeeper-mode broker answers, with no topics, before its
 * controller has sent it the partitions).
 */
function topicsOnDisk(state: LocalClusterState): string[] {
  const topics = new Set<string>();
  for (const node of state.nodes) {
    const data = join(node.dir, 'data');
    if (!existsSync(data)) continue;
    for (const entry of readdirSync(data, { withFileTypes: true })) {
      // topic-N; not topic-N.<id>-delete (being deleted), nor KRaft's own metadata log.
      const topic = entry.isDirectory() ? /^(.+)-\d+$/.exec(entry.name)?.[1] : undefined;
      if (topic && topic !== '__cluster_metadata') topics.add(topic);
    }
  }
  return [...topics];
}

async function stopPids(pids: number[], graceMs: number): Promise<void> {
  for (const pid of pids) {
    try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
  }
  const deadline = Date.now() + graceMs;
  while (pids.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  for (const pid of pids.filter(isAlive)) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  while (pids.some(isAlive)) await new Promise((r) => setTimeout(r, 100));
}

/** Stops every node (SIGTERM, then SIGKILL after 20s). Data stays unless `wipe`. */
export async function stopLocalCluster(stateDir: string, wipe = false): Promise<LocalClusterState | null> {
  const state = readState(stateDir);
  if (!state) return null;
  await stopPids(state.nodes.map((n) => n.pid).filter((p): p is number => p !== null), 20_000);
  for (const node of state.nodes) node.pid = null;
  // After the brokers: their controlled shutdown goes through ZooKeeper.
  if (state.zookeeper?.pid) await stopPids([state.zookeeper.pid], 20_000);
  if (state.zookeeper) state.zookeeper.pid = null;
  writeState(stateDir, state);
  if (wipe) rmSync(stateDir, { recursive: true, force: true });
  return state;
}

/** Stops one node: a broker failure for replication and failover demos. */
export async function stopLocalNode(stateDir: string, id: number): Promise<void> {
  const state = readState(stateDir);
  const node = state?.nodes.find((n) => n.id === id);
  if (!state || !node) throw new CliError('not-found', `no local node ${id}`);
  if (node.pid) await stopPids([node.pid], 20_000);
  node.pid = null;
  writeState(stateDir, state);
}

export async function startLocalNode(stateDir: string, id: number, env: Env, log: (line: string) => void): Promise<void> {
  const state = readState(stateDir);
  const node = state?.nodes.find((n) => n.id === id);
  if (!state || !node) throw new CliError('not-found', `no local node ${id}`);
  if (isAlive(node.pid)) return;
  const artifacts = await ensureArtifacts(state.version, env, log);
  startNode(state, artifacts, node);
  writeState(stateDir, state);
  while (!(await canConnect(node.port))) {
    if (!isAlive(node.pid)) throw new CliError('local-runtime', `broker ${node.id} exited while starting: ${logTail(node)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The JVM arguments that run one of Kafka's own tools (e.g. org.apache.kafka.tools.TopicCommand) from the cached artifacts. */
export async function kafkaToolArgs(version: string, mainClass: string, env: Env, heapMb = 512): Promise<string[]> {
  const artifacts = await ensureArtifacts(version, env, () => undefined);
  return [`-Xmx${heapMb}m`, ...loggingFlags(artifacts, join(artifacts.home, 'tool-config'), 'stderr', 'WARN'), '-cp', join(artifacts.libs, '*'), mainClass];
}

/** Runs one of Kafka's own tools to completion. */
export async function runKafkaTool(
  version: string,
  mainClass: string,
  args: string[],
  env: Env,
  options: { input?: string; timeoutMs?: number } = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const result = spawnSync('java', [...(await kafkaToolArgs(version, mainClass, env)), ...args], {
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 1 << 30,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
