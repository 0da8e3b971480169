import { existsSync, readFileSync } from 'node:fs';
import { Module, createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { packageFile } from '../package-file.js';
import { retryWithBackoff } from '../retry.js';
import { hostPort } from './context.js';
import type { WireRequest } from './requests.js';

/** Whether this process compiled kafkajs with the build's code cache (for a test to see). */
export let kafkajsCompiledFromCache = false;

/**
 * The one place kafkajs is loaded, with the changes put in before it loads (and the internals it
 * uses afterwards), each checked for the shape it relies on. It is loaded from the one file
 * `npm run build` makes of it (scripts/bundle.mjs says why), which gives each of its modules by its
 * path in the package and passes each module's exports through an override as it first loads.
 */
const bundlePath = packageFile('dist/bundle/kafkajs.cjs');
if (!existsSync(bundlePath)) throw new Error(`${bundlePath} is missing: run npm run build`);
const bundle = loadBundle(bundlePath) as {
  modules: Record<string, () => unknown>;
  /** false when they were set already (this module evaluated again in the same process). */
  setOverrides(overrides: Record<string, (exports: never) => unknown>): boolean;
};

/**
 * The bundle as `require` loads it, but compiled with the code cache the build made beside it when
 * this is the V8 that made it: Node 20 keeps no compiled code between runs, and compiling kafkajs
 * takes ~15 ms of each start. Node's own compile cache serves the other versions.
 */
function loadBundle(file: string): unknown {
  const require = createRequire(import.meta.url);
  const codeCache = join(dirname(file), `kafkajs.v8-${process.versions.v8}.cache`);
  if (require.cache[file] || !existsSync(codeCache)) return require(file);
  const module = new Module(file);
  module.filename = file;
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData: readFileSync(codeCache) });
  kafkajsCompiledFromCache = !script.cachedDataRejected;
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  require.cache[file] = module;
  return module.exports;
}

/** Modules whose exports are replaced as they load, before any module uses them (1, 2 and 6 below say why). */
const OVERRIDES = {
  'src/protocol/requests/metadata/v0/response.js': (response: { parse: unknown }) => Object.assign(response, { parse: tolerantMetadataParse }),
  'src/protocol/request.js': () => frameRequest,
  'src/cluster/index.js': (Cluster: new (options: Record<string, unknown>) => object) => waitingForCoordinators(Cluster),
};
const firstEvaluation = bundle.setOverrides(OVERRIDES);

function internal(path: string): unknown {
  const load = bundle.modules[path];
  if (!load) throw new Error(`kafkajs internals changed: it has no ${path} (is kafkajs still pinned to 2.2.4?)`);
  return load();
}

/**
 * 1. kafkajs fails a whole Metadata response when one partition has no leader, so on a degraded cluster even listing
 * topics fails. The Java client keeps such partitions as data (leader -1); so do we. Topic-level
 * errors and other partition errors still throw. Every Metadata version reuses v0's parse,
 * captured when kafkajs loads (kafkajs is pinned to 2.2.4, so the module path is stable).
 */
const { failure, createErrorFromCode } = internal('src/protocol/error.js') as {
  failure(code: number): boolean;
  createErrorFromCode(code: number): Error;
};
const PARTITION_UNAVAILABLE = new Set([5, 9]); // LEADER_NOT_AVAILABLE, REPLICA_NOT_AVAILABLE

interface MetadataData {
  topicMetadata: Array<{ topicErrorCode: number; partitionMetadata: Array<{ partitionErrorCode: number }> }>;
}

async function tolerantMetadataParse(data: MetadataData): Promise<MetadataData> {
  const topicError = data.topicMetadata.find((t) => failure(t.topicErrorCode));
  if (topicError) throw createErrorFromCode(topicError.topicErrorCode);
  const partitionError = data.topicMetadata
    .flatMap((t) => t.partitionMetadata)
    .find((p) => failure(p.partitionErrorCode) && !PARTITION_UNAVAILABLE.has(p.partitionErrorCode));
  if (partitionError) throw createErrorFromCode(partitionError.partitionErrorCode);
  return data;
}

/**
 * 2. kafkajs frames each request through two growing Encoders, each a zero-filled power-of-two
 *    allocation plus a copy: for a 512 KiB produce request, 3 MiB allocated and copied twice.
 *    This frames it once, exactly sized. Same bytes: size, api key, version, correlation id,
 *    client id, body (request header v1).
 */

async function frameRequest({ correlationId, clientId, request }: {
  correlationId: number;
  clientId: string | null;
  request: { apiKey: number; apiVersion: number; encode(): Promise<{ buffer: Buffer; frameRoom?: number }> };
}): Promise<{ buffer: Buffer }> {
  const { buffer: body, frameRoom = 0 } = await request.encode();
  const client = clientId === null || clientId === undefined ? null : Buffer.from(clientId, 'utf8');
  const header = 2 + 2 + 4 + 2 + (client?.length ?? 0);
  // A body with room in front of it (produce requests) is framed in place: no copy at all.
  const frame =
    frameRoom >= 4 + header
      ? Buffer.from(body.buffer, body.byteOffset - 4 - header, 4 + header + body.length)
      : Buffer.allocUnsafe(4 + header + body.length);
  let o = frame.writeInt32BE(header + body.length, 0);
  o = frame.writeInt16BE(request.apiKey, o);
  o = frame.writeInt16BE(request.apiVersion, o);
  o = frame.writeInt32BE(correlationId, o);
  o = frame.writeInt16BE(client ? client.length : -1, o);
  if (client) o += client.copy(frame, o);
  if (frameRoom < 4 + header) body.copy(frame, o);
  return { buffer: frame };
}

/**
 * 3. A peer that is not a Kafka broker (an HTTP server, a TLS listener, anything sending garbage)
 *    answers with bytes that kafkajs reads as a response size — "HTTP" is 1.2 GB — and then waits
 *    for them until the request times out, blaming a slow broker. A Kafka response starts with a
 *    sane size and the correlation id of a request on its way; anything else ends the connection
 *    at once with an error that says what answered.
 */
const connectionPath = 'src/network/connection.js';
/** No Kafka response comes near this (fetch.max.bytes defaults to 50 MiB). */
const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

export class NotKafkaPeerError extends Error {
  constructor(readonly address: string, readonly speaksTls: boolean) {
    super(speaksTls ? `${address} answered with TLS: it is a TLS listener` : `${address} answered, but not as a Kafka broker`);
    this.name = 'NotKafkaPeerError';
  }
}

interface KafkajsConnection {
  host: string;
  /** The next request's correlation id: every id below it was sent on this connection. */
  correlationId: number;
  port: number;
  authHandlers: unknown;
  bytesBuffered: number;
  requestQueue: { inflight: Map<number, unknown> };
  /** When the broker last sent anything on this connection (set here; kafkajs does not keep it). */
  answeredAt?: number;
  rejectRequests(error: Error): void;
  disconnect(): Promise<void>;
}

function patchProcessData(Connection: { prototype: Record<string, unknown> }) {
  const processData = Connection.prototype.processData;
  if (typeof processData !== 'function') throw new Error('kafkajs internals changed: Connection.processData is gone (is kafkajs still pinned to 2.2.4?)');
  Connection.prototype.processData = function (this: KafkajsConnection, rawData: Buffer) {
    // Where a response starts (not during SASL, whose tokens kafkajs frames itself).
    if (!this.authHandlers && this.bytesBuffered === 0 && rawData.length >= 4 && this.requestQueue?.inflight instanceof Map) {
      const size = rawData.readInt32BE(0);
      // A request that timed out here is no longer in flight, but the broker may still answer it.
      const correlationId = rawData.length >= 8 ? rawData.readInt32BE(4) : -1;
      const knownRequest = rawData.length < 8 || this.requestQueue.inflight.has(correlationId) || (correlationId >= 0 && correlationId < this.correlationId);
      if (size < 4 || size > MAX_RESPONSE_BYTES || !knownRequest) {
        // A TLS record: content type 21 (alert) or 22 (handshake), version 3.x.
        const speaksTls = (rawData[0] === 21 || rawData[0] === 22) && rawData[1] === 3;
        this.rejectRequests(new NotKafkaPeerError(`${this.host}:${this.port}`, speaksTls));
        void this.disconnect();
        return;
      }
    }
    this.answeredAt = Date.now();
    return (processData as (data: Buffer) => unknown).call(this, rawData);
  };
}

/**
 * 4. kafkajs sends a metadata request to a broker picked at random from the last metadata, so a
 *    broker that accepts connections but does not answer (frozen, overloaded) stalls a command for
 *    a whole request timeout while the others are fine. Like Java's least-loaded node, brokers that
 *    have answered this client go first, idle ones before busy ones; then kafkajs's own choice.
 */
const brokerPoolPath = 'src/cluster/brokerPool.js';

export interface PooledBroker {
  isConnected(): boolean;
  connectionPool?: { pool?: Array<Pick<KafkajsConnection, 'requestQueue' | 'answeredAt'>> };
}

/** The brokers of a pool that this client is connected to, those with no request outstanding first (one may be the stuck one). */
export function connectedBrokersByLoad<B extends PooledBroker>(brokers: Record<string, B>): Array<[string, B]> {
  // Connected says little (kafkajs skips the handshake once it knows the versions); answered says more.
  const answered = Object.entries(brokers).filter(([, broker]) => broker.isConnected() && (broker.connectionPool?.pool ?? []).some((c) => c.answeredAt !== undefined));
  const waiting = (broker: B) => (broker.connectionPool?.pool ?? []).some((c) => c.requestQueue.inflight.size > 0);
  return [...answered.filter(([, b]) => !waiting(b)), ...answered.filter(([, b]) => waiting(b))];
}

function patchWithBroker(BrokerPool: { prototype: Record<string, unknown> }) {
  const withBroker = BrokerPool.prototype.withBroker;
  if (typeof withBroker !== 'function') throw new Error('kafkajs internals changed: BrokerPool.withBroker is gone (is kafkajs still pinned to 2.2.4?)');
  const findConnectedBroker = BrokerPool.prototype.findConnectedBroker;
  if (typeof findConnectedBroker !== 'function') throw new Error('kafkajs internals changed: BrokerPool.findConnectedBroker is gone (is kafkajs still pinned to 2.2.4?)');
  // Where kafkajs sends its metadata requests.
  BrokerPool.prototype.findConnectedBroker = async function (this: { brokers: Record<string, PooledBroker> }) {
    const [best] = connectedBrokersByLoad(this.brokers);
    return best ? best[1] : (findConnectedBroker as () => Promise<unknown>).call(this);
  };
  BrokerPool.prototype.withBroker = async function <T>(
    this: { brokers: Record<string, PooledBroker> },
    callback: (args: { nodeId: string; broker: unknown }) => Promise<T>,
  ) {
    for (const [nodeId, broker] of connectedBrokersByLoad(this.brokers)) {
      try {
        return await callback({ nodeId, broker });
      } catch {
        // as kafkajs: the next broker
      }
    }
    return (withBroker as (cb: typeof callback) => Promise<T | null>).call(this, callback);
  };
}

/**
 * 5. After every response kafkajs schedules its next look at the pending queue for the end of a
 *    throttle, even when there is no throttle and nothing pending: a timer of (-1 - now) ms, which
 *    Node turns into 1 ms (Node 24 and later also warn "TimeoutNegativeWarning" on stderr) and which
 *    reschedules itself, so every open connection woke its process a thousand times a second. A
 *    look is scheduled only for requests that wait: at the throttle's end, or soon if none.
 */
const requestQueuePath = 'src/network/requestQueue/index.js';
/** kafkajs's CHECK_PENDING_REQUESTS_INTERVAL: how soon a queue held back only by in-flight limits looks again. */
const PENDING_RECHECK_MS = 10;

interface KafkajsRequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  checkPendingRequests(): void;
}

function patchScheduleCheckPendingRequests(RequestQueue: { prototype: Record<string, unknown> }) {
  for (const method of ['scheduleCheckPendingRequests', 'checkPendingRequests']) {
    if (typeof RequestQueue.prototype[method] !== 'function') throw new Error(`kafkajs internals changed: RequestQueue.${method} is gone (is kafkajs still pinned to 2.2.4?)`);
  }
  RequestQueue.prototype.scheduleCheckPendingRequests = function (this: KafkajsRequestQueue) {
    if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
    const untilThrottleEnds = this.throttledUntil - Date.now();
    this.throttleCheckTimeoutId = setTimeout(() => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    }, untilThrottleEnds > 0 ? untilThrottleEnds : PENDING_RECHECK_MS);
  };
}

/**
 * 6. The first group on a fresh cluster makes __consumer_offsets, and until its partitions are led
 *    every FindCoordinator answers COORDINATOR_NOT_AVAILABLE: seconds on a loaded machine, longer
 *    on ZooKeeper clusters. kafkajs gives up after its retries (about a second); Java's consumer
 *    keeps looking. While a broker answers "not
 *    available", the coordinator is looked for until the request timeout; any other failure (no
 *    broker answers at all) ends the search as before.
 */
const clusterPath = 'src/cluster/index.js';
const { KafkaJSGroupCoordinatorNotFound } = internal('src/errors.js') as { KafkaJSGroupCoordinatorNotFound: new (message: string) => Error };

/** The brokers kept answering COORDINATOR_NOT_AVAILABLE for a group until the lookup's deadline. */
export class CoordinatorUnavailableError extends Error {
  constructor(readonly groupId: string, readonly waitedMs: number) {
    super(`no coordinator for group '${groupId}' within ${Math.round(waitedMs / 1000)}s: the brokers answer COORDINATOR_NOT_AVAILABLE`);
    this.name = 'CoordinatorUnavailableError';
  }
}

interface CoordinatorLookup {
  brokerPool: { withBroker<T>(callback: (args: { broker: { findGroupCoordinator(args: unknown): Promise<T> } }) => Promise<T>): Promise<T | null> };
}

function waitingForCoordinators(Cluster: new (options: Record<string, unknown>) => object): new (options: Record<string, unknown>) => object {
  if (typeof (Cluster.prototype as Record<string, unknown>).findGroupCoordinatorMetadata !== 'function') {
    throw new Error('kafkajs internals changed: Cluster.findGroupCoordinatorMetadata is gone (is kafkajs still pinned to 2.2.4?)');
  }
  class PatientCluster extends Cluster {
    readonly coordinatorWaitMs: number;
    constructor(options: Record<string, unknown>) {
      super(options);
      this.coordinatorWaitMs = typeof options.requestTimeout === 'number' ? options.requestTimeout : 30_000;
    }

    async findGroupCoordinatorMetadata(this: PatientCluster & CoordinatorLookup, args: { groupId: string }): Promise<unknown> {
      const started = Date.now();
      let beingMade = false;
      const ask = () => {
        beingMade = false;
        return this.brokerPool.withBroker(async ({ broker }) => {
          try {
            return await broker.findGroupCoordinator(args);
          } catch (error) {
            if ((error as { type?: string }).type === 'GROUP_COORDINATOR_NOT_AVAILABLE') beingMade = true;
            throw error;
          }
        });
      };
      // Asked again only while the brokers say the coordinator is being made.
      const found = await retryWithBackoff(this.coordinatorWaitMs, ask, (o) => o.ok && !o.value && beingMade);
      if (found) return found;
      if (beingMade) throw new CoordinatorUnavailableError(args.groupId, Date.now() - started);
      throw new KafkaJSGroupCoordinatorNotFound('Failed to find group coordinator');
    }
  }
  return PatientCluster;
}

if (firstEvaluation) {
  for (const path of Object.keys(OVERRIDES)) internal(path);
  patchProcessData(internal(connectionPath) as { prototype: Record<string, unknown> });
  patchWithBroker(internal(brokerPoolPath) as { prototype: Record<string, unknown> });
  patchScheduleCheckPendingRequests(internal(requestQueuePath) as { prototype: Record<string, unknown> });
}

export const kafkajs = internal('index.js') as typeof import('kafkajs');

/**
 * 7. What kafkajs's public API lacks, used as it is: its Cluster and Broker (connections with the
 *    versions each broker speaks, for our own requests), its reader of legacy message sets, its murmur2
 *    partitioner, its error for a code and the versions of its own request encoders. Each shape
 *    relied on is checked here when kafkajs loads, or when a cluster is made for what only an
 *    instance shows.
 */
function expectMethods(what: string, target: Record<string, unknown>, names: string[]): void {
  const missing = names.filter((name) => typeof target[name] !== 'function');
  if (missing.length) throw new Error(`kafkajs internals changed: ${what} has no ${missing.join(', ')} (is kafkajs still pinned to 2.2.4?)`);
}

/** The parts of kafkajs's internal Broker we use. */
export interface InternalBroker {
  nodeId: number;
  lookupRequest(apiKey: number, definition: unknown): (args: unknown) => WireRequest<unknown>;
  versions: Record<number, { minVersion: number; maxVersion: number }>;
  connectionPool: {
    send<T>(req: WireRequest<T>): Promise<T>;
    /**
     * A connection of the broker's two, connected: 0 (the default) carries every request but Fetch
     * (a produce goes out on it in order), 1 carries Fetch.
     */
    getConnection(index?: 0 | 1): Promise<{ send<T>(req: WireRequest<T>): Promise<T> }>;
  };
  offsetCommit(args: unknown): Promise<{ responses: Array<{ topic: string; partitions: Array<{ partition: number; errorCode: number }> }> }>;
  findGroupCoordinator(args: { groupId: string; coordinatorType: number }): Promise<unknown>;
}

/** The parts of kafkajs's internal Cluster we use. */
export interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  findBroker(args: { nodeId: string | number }): Promise<InternalBroker>;
  findGroupCoordinator(args: { groupId: string }): Promise<InternalBroker>;
  findGroupCoordinatorMetadata(args: { groupId: string; coordinatorType: number }): Promise<{ coordinator: { nodeId: number; host: string; port: number } }>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findTopicPartitionMetadata(topic: string): Array<{ partitionId: number; leader: number }>;
  getNodeIds(): number[];
  brokerPool: {
    metadata: { clusterId: string; controllerId: number; brokers: Array<{ nodeId: number; host: string; port: number; rack: string | null }> };
    /** By node id, as of the last metadata. */
    brokers: Record<string, InternalBroker & PooledBroker>;
  };
}

expectMethods('Cluster', (internal(clusterPath) as { prototype: Record<string, unknown> }).prototype, [
  'connect', 'disconnect', 'refreshMetadata', 'addMultipleTargetTopics', 'findBroker', 'findGroupCoordinator',
  'findGroupCoordinatorMetadata', 'findLeaderForPartitions', 'findTopicPartitionMetadata', 'getNodeIds',
]);
const Broker = internal('src/broker/index.js') as { prototype: Record<string, unknown> } & (new (options: Record<string, unknown>) => Record<string, unknown>);
expectMethods('Broker', Broker.prototype, ['offsetCommit', 'findGroupCoordinator']);
expectMethods('ConnectionPool', (internal('src/network/connectionPool.js') as { prototype: Record<string, unknown> }).prototype, ['send', 'getConnection']);

/** A kafkajs Cluster of a client's own (not connected): what its admin, producer and consumer are built on. */
export function createInternalCluster(kafka: InstanceType<typeof kafkajs.Kafka>, options: { isolationLevel: number; metadataMaxAge: number; allowAutoTopicCreation: boolean }): InternalCluster {
  const create = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  if (!create) throw new Error('kafkajs internals changed: a Kafka client cannot make a cluster (is kafkajs still pinned to 2.2.4?)');
  const cluster = (kafka as unknown as Record<symbol, (o: typeof options) => InternalCluster>)[create]!(options);
  if (!cluster.brokerPool) throw new Error('kafkajs internals changed: a Cluster has no broker pool (is kafkajs still pinned to 2.2.4?)');
  return cluster;
}

/** The broker a cluster connected to first, a bootstrap server (all a cluster of controllers has: they answer no Metadata). */
export function seedBrokerOf(cluster: InternalCluster): InternalBroker {
  const seed = (cluster.brokerPool as { seedBroker?: InternalBroker }).seedBroker;
  if (!seed?.connectionPool || !seed.versions) throw new Error('kafkajs internals changed: a connected broker pool has no seed broker (is kafkajs still pinned to 2.2.4?)');
  return seed;
}

/** host:port a broker connection goes to (IPv6 hosts in brackets). */
export function addressOf(broker: InternalBroker): string {
  const { host, port } = broker.connectionPool as unknown as { host?: unknown; port?: unknown };
  if (typeof host !== 'string' || typeof port !== 'number') throw new Error('kafkajs internals changed: a broker connection pool has no host and port (is kafkajs still pinned to 2.2.4?)');
  return hostPort(host, port);
}

/** kafkajs's byte reader, which its message set reader takes. */
const KafkajsDecoder = internal('src/protocol/decoder.js') as new (buffer: Buffer) => { canReadBytes(n: number): boolean };
expectMethods('Decoder', KafkajsDecoder.prototype as unknown as Record<string, unknown>, ['canReadBytes', 'readInt64', 'readInt32', 'slice', 'forward']);

/** Java's partitioner hash, as kafkajs's default partitioner has it. */
export const murmur2 = internal('src/producer/partitioners/default/murmur2.js') as (key: Buffer) => number;
expectMethods('the murmur2 module', { murmur2 }, ['murmur2']);

/** The error kafkajs raises for a broker's error code (its type is Kafka's name for the code, as kafkajs spells it). */
export const kafkajsErrorFromCode = createErrorFromCode as (code: number) => Error & { type: string };

/** kafkajs's own encoder of CreateTopics, for Broker.lookupRequest. */
export const kafkajsCreateTopics = (internal('src/protocol/requests/index.js') as { requests: Record<string, { versions: string[] }> }).requests.CreateTopics;

/** The newest version of each API (by key) that kafkajs's own request encoders speak. */
export const KAFKAJS_REQUEST_VERSIONS: ReadonlyMap<number, number> = (() => {
  const { requests } = internal('src/protocol/requests/index.js') as { requests: Record<string, { versions: string[] }> };
  const apiKeys = internal('src/protocol/requests/apiKeys.js') as Record<string, number>;
  if (!requests.CreateTopics?.versions?.length || apiKeys.CreateTopics !== 19) throw new Error('kafkajs internals changed: its request encoders are not where they were (is kafkajs still pinned to 2.2.4?)');
  const versions = new Map<number, number>();
  for (const [name, definition] of Object.entries(requests)) {
    if (definition.versions.length && apiKeys[name] !== undefined) versions.set(apiKeys[name]!, Math.max(...definition.versions.map(Number)));
  }
  return versions;
})();

// Instances: a client's cluster and a broker, made without connecting.
{
  const probe = createInternalCluster(new kafkajs.Kafka({ brokers: ['127.0.0.1:9'], logLevel: kafkajs.logLevel.NOTHING }), { isolationLevel: 0, metadataMaxAge: 0, allowAutoTopicCreation: false });
  if (typeof probe.brokerPool.brokers !== 'object') throw new Error('kafkajs internals changed: a broker pool has no brokers map (is kafkajs still pinned to 2.2.4?)');
  const broker = new Broker({ connectionPool: { connectionTimeout: 1, host: '127.0.0.1', port: 9 }, logger: { namespace: () => undefined } });
  if (!('versions' in broker) || !('connectionPool' in broker) || typeof broker.lookupRequest !== 'function') {
    throw new Error('kafkajs internals changed: a Broker has no versions, connection pool or request lookup (is kafkajs still pinned to 2.2.4?)');
  }
}

/**
 * Bootstrap: kafkajs connects to one bootstrap server and, if it accepts the connection but never
 * answers (a frozen broker, a full accept queue), waits a whole request timeout on it and then
 * retries the same one. Asking every bootstrap server for its API versions at once and putting the
 * first to answer in front costs one short exchange and lets a client start while one is stuck.
 */
interface ProbeConnection {
  connect(): Promise<void>;
  send(request: unknown): Promise<unknown>;
  disconnect(): Promise<void>;
}
const ProbeConnection = internal(connectionPath) as new (options: Record<string, unknown>) => ProbeConnection;
const socketFactory = (internal('src/network/socketFactory.js') as () => unknown)();
const { createLogger, LEVELS } = internal('src/loggers/index.js') as {
  createLogger(options: { level: number; logCreator: () => () => void }): unknown;
  LEVELS: { NOTHING: number };
};
const apiVersionsV0 = (internal('src/protocol/requests/apiVersions/index.js') as { protocol(o: { version: number }): () => unknown }).protocol({ version: 0 });
if (typeof ProbeConnection.prototype.send !== 'function' || typeof apiVersionsV0 !== 'function') {
  throw new Error('kafkajs internals changed: Connection.send or the ApiVersions v0 request is gone (is kafkajs still pinned to 2.2.4?)');
}
const silent = createLogger({ level: LEVELS.NOTHING, logCreator: () => () => undefined });

/** `host:port` of the first server to answer ApiVersions within `withinMs`; null when none does. */
export function firstToAnswer(servers: string[], options: { ssl: unknown; connectionTimeoutMs: number; withinMs: number }): Promise<string | null> {
  return new Promise((resolve) => {
    let pending = servers.length;
    const connections: ProbeConnection[] = [];
    let done = false;
    const finish = (winner: string | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(winner);
      for (const c of connections) void c.disconnect().catch(() => undefined);
    };
    const timer = setTimeout(() => finish(null), options.withinMs);
    timer.unref();
    for (const server of servers) {
      const colon = server.lastIndexOf(':');
      const connection = new ProbeConnection({
        host: server.slice(0, colon).replace(/^\[(.*)\]$/, '$1'),
        port: Number(server.slice(colon + 1)),
        ssl: options.ssl ?? null,
        socketFactory,
        logger: silent,
        clientId: 'kafka-cli-bootstrap',
        connectionTimeout: options.connectionTimeoutMs,
        requestTimeout: options.withinMs,
      });
      connections.push(connection);
      connection
        .connect()
        .then(() => connection.send(apiVersionsV0()))
        .then(() => finish(server), () => {
          if (--pending === 0) finish(null);
        });
    }
  });
}

/**
 * kafkajs's reader of the message formats before record batches (magic 0 and 1, Kafka 0.10 and
 * older producers; gone from Kafka 4): one entry of a fetched log, offsets as strings.
 */
const decodeMessageSet = internal('src/protocol/messageSet/decoder.js') as (decoder: unknown, size: number) => Promise<Array<{ offset: string; timestamp?: string; attributes: number; key: Buffer | null; value: Buffer | null }>>;
expectMethods('the message set decoder', { decodeMessageSet }, ['decodeMessageSet']);

/** The records of one entry in a pre-0.11 format (compressed wrappers unpacked). */
export async function decodeLegacyMessages(entry: Buffer): Promise<Array<{ offset: number; timestamp: number; logAppendTime: boolean; key: Buffer | null; value: Buffer | null }>> {
  const messages = await decodeMessageSet(new KafkajsDecoder(entry), entry.length);
  return messages.map((m) => ({ offset: Number(m.offset), timestamp: m.timestamp === undefined ? -1 : Number(m.timestamp), logAppendTime: (m.attributes & 0x08) !== 0, key: m.key, value: m.value }));
}
