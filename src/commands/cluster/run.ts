import { existsSync, readFileSync } from 'node:fs';
import { connect } from '../../core/client.js';
import { resolveConnection } from '../../core/connection.js';
import { CliError, notFound, usage } from '../../core/errors.js';
import { compose, composeOrFail, dockerEngineAvailable, type ComposeTarget } from '../../cluster/docker/docker-runtime.js';
import { isAlive, prepareStateDir, readState, startLocalCluster, stopLocalCluster, type ClusterView, type LocalClusterState } from '../../cluster/local/local-cluster.js';
import { writeOut, type IO } from '../../render/io.js';
import { renderJson, renderTable } from '../../render/print.js';
import { startSpinner } from '../../render/spinner.js';
import type { ClusterOptions, Runtime } from './options.js';

/** The brokers registered at `bootstrap` and the topics they serve. */
export async function probeCluster(bootstrap: string, env: IO['env']): Promise<ClusterView> {
  const connection = { ...resolveConnection({ bootstrapServer: [bootstrap], timeoutMs: 3000 }, env, null), connectionTimeoutMs: 1000 };
  const client = await connect(connection, () => undefined);
  try {
    const [description, topics] = await Promise.all([client.cluster.describe(), client.topics.list()]);
    return { brokers: description.brokers.length, topics };
  } finally {
    await client.close();
  }
}

/** How many brokers answer at `bootstrap` (0 while none does). */
const answeringBrokers = (bootstrap: string, env: IO['env']) => probeCluster(bootstrap, env).then((view) => view.brokers, () => 0);

function chooseRuntime(o: ClusterOptions): Runtime {
  if (o.runtime !== 'auto') return o.runtime;
  // A cluster already started by us decides; else docker when an engine answers.
  if (readState(o.stateDir)) return 'local';
  return dockerEngineAvailable() ? 'docker' : 'local';
}

export async function runCluster(o: ClusterOptions, io: IO): Promise<number> {
  const runtime = chooseRuntime(o);
  switch (o.action) {
    case 'up':
      return runtime === 'local' ? upLocal(o, io) : upDocker(o, io);
    case 'down':
      return runtime === 'local' ? downLocal(o, io) : downDocker(o, io);
    case 'status':
      return runtime === 'local' ? statusLocal(o, io) : statusDocker(o, io);
    case 'logs':
      return runtime === 'local' ? logsLocal(o, io) : logsDocker(o, io);
  }
}

async function upLocal(o: ClusterOptions, io: IO): Promise<number> {
  const running = readState(o.stateDir);
  if (running && running.nodes.every((n) => isAlive(n.pid))) {
    await writeOut(io.stderr, `Kafka ${running.version} is already running at ${running.bootstrapServers}.\n`);
    await printStatus(o, io, running);
    return 0;
  }
  // Refused before anything is printed: the one line is the error.
  if (!running) prepareStateDir(o.stateDir);
  const spinner = await startSpinner(io, `Starting Apache Kafka ${o.kafkaVersion} (${o.brokers} broker${o.brokers > 1 ? 's' : ''}${o.zookeeper ? ' and ZooKeeper' : ''}, local JVM)`);
  const started = Date.now();
  try {
    const state = await startLocalCluster(
      { version: o.kafkaVersion, brokers: o.brokers, stateDir: o.stateDir, port: o.port, heapMb: o.heapMb, ...(o.saslSsl ? { saslSsl: { users: o.saslSsl } } : {}), mtls: o.mtls, zookeeper: o.zookeeper, authorizer: o.authorizer, ...(o.oauth ? { oauth: o.oauth } : {}) },
      io.env,
      (bootstrap) => probeCluster(bootstrap, io.env),
      (line) => spinner.note(line),
    );
    spinner.succeed(`Kafka ${state.version} is up at ${state.bootstrapServers} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
    await printStatus(o, io, state);
    return 0;
  } catch (err) {
    spinner.fail();
    throw err;
  }
}

async function downLocal(o: ClusterOptions, io: IO): Promise<number> {
  const state = await stopLocalCluster(o.stateDir, o.wipe);
  if (!state) {
    await writeOut(io.stderr, `No local cluster in ${o.stateDir}: nothing to stop.\n`);
    return 0;
  }
  await writeOut(io.stderr, `Stopped the local cluster at ${state.bootstrapServers}${o.wipe ? ' and deleted its data' : ''}.\n`);
  return 0;
}

async function statusLocal(o: ClusterOptions, io: IO): Promise<number> {
  const state = readState(o.stateDir);
  if (!state) throw notFound(`no local cluster in ${o.stateDir}`, 'start one with `kafka cluster up`');
  await printStatus(o, io, state);
  return state.nodes.every((n) => isAlive(n.pid)) && (!state.zookeeper || isAlive(state.zookeeper.pid)) ? 0 : 1;
}

interface NodeStatus {
  id: number;
  address: string;
  running: boolean;
  pid: number | null;
  log: string;
}

async function printStatus(o: ClusterOptions, io: IO, state: LocalClusterState): Promise<void> {
  const nodes: NodeStatus[] = state.nodes.map((n) => ({ id: n.id, address: `127.0.0.1:${n.port}`, running: isAlive(n.pid), pid: isAlive(n.pid) ? n.pid : null, log: n.logFile }));
  const running = nodes.filter((n) => n.running).length;
  if (o.output === 'json') {
    const zookeeper = state.zookeeper ? { address: `127.0.0.1:${state.zookeeper.port}`, running: isAlive(state.zookeeper.pid), log: state.zookeeper.logFile } : null;
    await writeOut(io.stdout, renderJson({ runtime: 'local', version: state.version, clusterId: state.clusterId, bootstrapServers: state.bootstrapServers, saslSsl: state.saslSsl ?? null, ssl: state.ssl ?? null, oauth: state.oauth ?? null, zookeeper, running: running === nodes.length && (zookeeper?.running ?? true), brokers: nodes, stateDir: o.stateDir }));
    return;
  }
  const zookeeper = state.zookeeper
    ? `ZooKeeper: 127.0.0.1:${state.zookeeper.port} (${isAlive(state.zookeeper.pid) ? 'running' : 'stopped'}; log ${state.zookeeper.logFile})\n`
    : '';
  // Clusters started before the stores existed have none.
  const stores = (section: { storeProperties?: Record<string, string> }) =>
    section.storeProperties ? `\n  the same with JKS stores: ${section.storeProperties.JKS}\n  the same with PKCS12 stores: ${section.storeProperties.PKCS12}` : '';
  const saslSsl = state.saslSsl
    ? `SASL_SSL bootstrap servers: ${state.saslSsl.bootstrapServers} (users ${state.saslSsl.users.join(', ')}; --command-config ${state.saslSsl.clientProperties})${stores(state.saslSsl)}\n`
    : '';
  const oauth = state.oauth
    ? `OAUTHBEARER (SASL_PLAINTEXT) bootstrap servers: ${state.oauth.bootstrapServers} (${state.oauth.jwksUrl ? `tokens checked against ${state.oauth.jwksUrl}` : 'unsecured tokens'})\n`
    : '';
  const ssl = state.ssl ? `SSL (client certificate) bootstrap servers: ${state.ssl.bootstrapServers} (--command-config ${state.ssl.clientProperties})${stores(state.ssl)}\n` : '';
  await writeOut(io.stdout, `runtime: local (Kafka ${state.version}, cluster id ${state.clusterId})\nbootstrap servers: ${state.bootstrapServers}\n${zookeeper}${saslSsl}${ssl}${oauth}brokers: ${running} of ${nodes.length} running\n`);
  await writeOut(
    io.stdout,
    await renderTable(io, [
      { header: 'ID', value: (n: NodeStatus) => n.id },
      { header: 'ADDRESS', value: (n) => n.address },
      { header: 'STATE', value: (n) => (n.running ? 'running' : 'stopped'), style: (n) => (n.running ? 'green' : 'red') },
      { header: 'PID', value: (n) => n.pid },
      { header: 'LOG', value: (n) => n.log },
    ], nodes),
  );
}

async function logsLocal(o: ClusterOptions, io: IO): Promise<number> {
  const state = readState(o.stateDir);
  if (!state) throw notFound(`no local cluster in ${o.stateDir}`, 'start one with `kafka cluster up`');
  const node = state.nodes.find((n) => n.id === o.node);
  if (!node) throw notFound(`no broker ${o.node} in the local cluster`, `ids: ${state.nodes.map((n) => n.id).join(', ')}`);
  if (existsSync(node.logFile)) await writeOut(io.stdout, readFileSync(node.logFile));
  return 0;
}

function composeTarget(o: ClusterOptions): ComposeTarget {
  if (o.port === 0) throw usage('--port 0 (any free port) is for the local runtime', 'give the docker runtime a fixed --port, e.g. 9092');
  return { profile: o.kraft ? 'kraft' : 'zookeeper', port: o.port };
}

const dockerBootstrap = (o: ClusterOptions) => `localhost:${o.port}`;

async function upDocker(o: ClusterOptions, io: IO): Promise<number> {
  if (!dockerEngineAvailable()) throw new CliError('local-runtime', 'no Docker engine answers `docker info`', 'start Docker, or use --runtime local');
  const spinner = await startSpinner(io, 'Starting Kafka with docker compose');
  try {
    composeOrFail(['up', '-d'], composeTarget(o));
    const deadline = Date.now() + 120_000;
    while ((await answeringBrokers(dockerBootstrap(o), io.env)) < 1) {
      if (Date.now() > deadline) throw new CliError('local-runtime', `Kafka in docker did not answer at ${dockerBootstrap(o)} within 120s`, 'see `kafka cluster logs --runtime docker`');
      await new Promise((r) => setTimeout(r, 1000));
    }
    spinner.succeed(`Kafka is up at ${dockerBootstrap(o)} (docker)`);
  } catch (err) {
    spinner.fail();
    throw err;
  }
  return statusDocker(o, io);
}

async function downDocker(o: ClusterOptions, io: IO): Promise<number> {
  composeOrFail(o.wipe ? ['down', '-v'] : ['down'], composeTarget(o));
  await writeOut(io.stderr, 'Stopped the docker cluster.\n');
  return 0;
}

async function statusDocker(o: ClusterOptions, io: IO): Promise<number> {
  const ps = compose(['ps', '--format', 'json'], composeTarget(o));
  const services = parseComposePs(ps.stdout);
  const brokers = await answeringBrokers(dockerBootstrap(o), io.env);
  if (o.output === 'json') {
    await writeOut(io.stdout, renderJson({ runtime: 'docker', bootstrapServers: dockerBootstrap(o), running: brokers > 0, services: services.map((s) => ({ service: s.Service, state: s.State })) }));
  } else {
    await writeOut(io.stdout, `runtime: docker\nbootstrap servers: ${dockerBootstrap(o)}\nbrokers answering: ${brokers}\n${services.map((s) => `${s.Service}: ${s.State}`).join('\n')}\n`);
  }
  return brokers > 0 ? 0 : 1;
}

/** `docker compose ps --format json`: one object per line (Compose 2.21+) or one array (older). */
export function parseComposePs(text: string): Array<{ Service: string; State: string }> {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as Array<{ Service: string; State: string }>;
  return trimmed.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { Service: string; State: string });
}

async function logsDocker(o: ClusterOptions, io: IO): Promise<number> {
  await writeOut(io.stdout, composeOrFail(['logs', '--no-color'], composeTarget(o)));
  return 0;
}
