import type { BrokerApiVersions, BrokerInfo, BrokerLogDirs, ClusterDescription, ClusterOps, FeatureMetadata, FeatureUpdate, FeatureUpdateOutcome, QuorumDescription, QuorumReplica } from '../client.js';
import { failed, invalid, notFound } from '../errors.js';
import { hostPort, toBrokerInfo, type AdapterContext, type BrokerFinder } from './context.js';
import { addressOf, KAFKAJS_REQUEST_VERSIONS, type InternalBroker, type InternalCluster } from './load.js';
import { brokerRefusal } from './errors.js';
import {
  ApiKey,
  API_VERSIONS_WITH_FEATURES,
  apiVersionsWithFeatures,
  commonVersion,
  DESCRIBE_LOG_DIRS,
  DESCRIBE_QUORUM,
  describeLogDirs,
  DESCRIBE_CLUSTER,
  describeCluster,
  type DescribeClusterResult,
  describeQuorum,
  EndpointType,
  errorText,
  errorType,
  type ApiVersionsResult,
  type QuorumReplicaState,
  UPDATE_FEATURES,
  updateFeatures,
  UpgradeType,
} from './requests.js';

/**
 * Where the cluster family's requests go. Brokers, as Metadata names them; or, on
 * --bootstrap-controller, the KRaft controllers, which answer no Metadata: the cluster is what
 * DescribeCluster says of the controllers, and every request goes to the active controller, as
 * Java's admin client sends them.
 */
export interface ClusterNodes {
  describe(): Promise<ClusterDescription>;
  /** A node that answers (the quorum and feature levels). */
  any(): Promise<InternalBroker>;
  /** The node that changes feature levels: the controller, or a broker that forwards to it. */
  controller(): Promise<InternalBroker>;
  /** A node by id (a broker's or a controller's own configs). */
  node(id: number): Promise<InternalBroker>;
}

export function brokerNodes(ctx: AdapterContext, brokers: BrokerFinder): ClusterNodes {
  const { run, cluster } = ctx;
  return {
    async describe() {
      const c = await cluster();
      await run(c.refreshMetadata());
      const meta = c.brokerPool.metadata;
      return {
        clusterId: meta.clusterId,
        controllerId: meta.controllerId >= 0 ? meta.controllerId : null,
        brokers: meta.brokers.map(toBrokerInfo).sort((a, b) => a.id - b.id),
      };
    },
    any: brokers.anyBroker,
    async controller() {
      const c = await cluster();
      await run(c.refreshMetadata());
      // On KRaft any broker forwards the controller's requests to it.
      const controllerId = c.brokerPool.metadata.controllerId;
      return run(c.findBroker({ nodeId: String(controllerId >= 0 ? controllerId : c.getNodeIds()[0]) }));
    },
    node: brokers.broker,
  };
}

/** `connect(servers)`: the first of them to answer, connected (no Metadata asked); the bootstrap controllers when none are named. */
export function controllerNodes(ctx: AdapterContext, connect: (servers?: string[]) => Promise<InternalBroker>): ClusterNodes {
  const { run } = ctx;
  let described: Promise<{ answer: DescribeClusterResult; via: InternalBroker }> | undefined;
  const ask = () => (described ??= describeControllers());
  const describeControllers = async (): Promise<{ answer: DescribeClusterResult; via: InternalBroker }> => {
    const via = await connect();
    const version = commonVersion(via.versions, ApiKey.DescribeCluster, DESCRIBE_CLUSTER);
    if (version === null) throw invalid('the controllers do not describe themselves to clients (Kafka 3.7 and later do)', 'connect through a broker with --bootstrap-server');
    const answer = await run(via.connectionPool.send(describeCluster(version, EndpointType.CONTROLLER)));
    if (answer.errorCode) throw brokerRefusal(answer.errorCode, answer.errorMessage);
    return { answer, via };
  };
  const connected = new Map<number, Promise<InternalBroker>>();
  /** Controller `id`, through the connection already open to it when there is one. */
  const node = (id: number): Promise<InternalBroker> => {
    let broker = connected.get(id);
    if (!broker) {
      broker = ask().then(({ answer, via }) => {
        const target = answer.nodes.find((n) => n.nodeId === id);
        if (!target) throw notFound(`no controller has id ${id}`, `the controllers are ${answer.nodes.map((n) => n.nodeId).join(', ')}`);
        const address = hostPort(target.host, target.port);
        return addressOf(via) === address ? via : connect([address]);
      });
      connected.set(id, broker);
    }
    return broker;
  };
  const activeController = async () => {
    const { answer } = await ask();
    if (answer.controllerId < 0) throw failed('the controllers name no active controller', 'the quorum may be electing a leader: try again');
    return node(answer.controllerId);
  };
  return {
    async describe() {
      const { answer } = await ask();
      return { clusterId: answer.clusterId, controllerId: answer.controllerId >= 0 ? answer.controllerId : null, brokers: answer.nodes.map(toBrokerInfo).sort((a, b) => a.id - b.id) };
    },
    any: activeController,
    controller: activeController,
    node,
  };
}

/** The cluster family: its brokers and controller, the KRaft quorum, API versions, log dirs. */
export function clusterOps(ctx: AdapterContext, brokers: BrokerFinder, nodes: ClusterNodes): ClusterOps {
  const { run, cluster } = ctx;
  return {
    describe: () => nodes.describe(),
    async quorum(): Promise<QuorumDescription | null> {
      const broker = await nodes.any();
      const version = commonVersion(broker.versions, ApiKey.DescribeQuorum, DESCRIBE_QUORUM);
      // A ZooKeeper-era cluster has no metadata quorum.
      if (version === null) return null;
      const result = await run(broker.connectionPool.send(describeQuorum(version)));
      if (result.errorCode !== 0) throw brokerRefusal(result.errorCode, result.errorMessage);
      if (result.leaderId < 0) return null;
      const replica = (r: QuorumReplicaState): QuorumReplica => ({
        id: r.replicaId,
        directoryId: r.directoryId,
        logEndOffset: r.logEndOffset,
        lastFetchTimestamp: r.lastFetchTimestamp >= 0 ? r.lastFetchTimestamp : null,
        lastCaughtUpTimestamp: r.lastCaughtUpTimestamp >= 0 ? r.lastCaughtUpTimestamp : null,
        // IPv6 hosts in brackets, as Kafka's RaftVoterEndpoint prints them.
        endpoints: (result.endpoints.get(r.replicaId) ?? []).map((e) => `${e.name}://${hostPort(e.host, e.port)}`),
      });
      return { leaderId: result.leaderId, leaderEpoch: result.leaderEpoch, highWatermark: result.highWatermark, voters: result.voters.map(replica), observers: result.observers.map(replica) };
    },
    async apiVersions(): Promise<BrokerApiVersions[]> {
      const { brokers: all } = await nodes.describe();
      return Promise.all(all.map((b) => brokerApiVersions(b, () => nodes.node(b.id), run)));
    },
    async features(): Promise<FeatureMetadata> {
      const answer = await apiVersionsWithFeaturesOf(await nodes.any(), run);
      // Brokers before Kafka 2.4 have no feature flags at all.
      if (answer === null) return { supported: [], finalized: [], epoch: null };
      if (answer.errorCode) throw brokerRefusal(answer.errorCode, null);
      return { supported: answer.supportedFeatures, finalized: finalizedLevels(answer), epoch: answer.finalizedFeaturesEpoch >= 0 ? answer.finalizedFeaturesEpoch : null };
    },
    async updateFeatures(updates: FeatureUpdate[], validateOnly: boolean): Promise<FeatureUpdateOutcome[]> {
      const controller = await nodes.controller();
      const version = commonVersion(controller.versions, ApiKey.UpdateFeatures, UPDATE_FEATURES);
      if (version === null) throw invalid('the brokers cannot change feature levels (UpdateFeatures needs Kafka 2.7 or later)');
      if (validateOnly && version === 0) throw invalid('the brokers cannot check feature levels without setting them (a dry run needs Kafka 3.3 or later)');
      const types = { upgrade: UpgradeType.UPGRADE, 'safe-downgrade': UpgradeType.SAFE_DOWNGRADE, 'unsafe-downgrade': UpgradeType.UNSAFE_DOWNGRADE } as const;
      const answer = await run(controller.connectionPool.send(updateFeatures(version, updates.map((u) => ({ feature: u.name, level: u.level, upgradeType: types[u.type] })), validateOnly, brokers.deadline)));
      // A request-wide error (and, from v2, every answer) applies to each feature.
      const all = answer.errorCode ? brokerRefusal(answer.errorCode, answer.errorMessage) : null;
      return updates.map((u) => {
        const own = answer.results.find((r) => r.feature === u.name);
        return { name: u.name, error: all ?? (own && own.errorCode ? brokerRefusal(own.errorCode, own.errorMessage) : null) };
      });
    },
    async logDirs(brokerIds?: number[]): Promise<BrokerLogDirs[]> {
      const c = await cluster();
      await run(c.refreshMetadata());
      const brokers = [...c.brokerPool.metadata.brokers].filter((b) => !brokerIds || brokerIds.includes(b.nodeId)).sort((a, b) => a.nodeId - b.nodeId);
      return Promise.all(brokers.map((b) => brokerLogDirs(c, b, run)));
    },
  };
}

/** The newest version of each API this adapter speaks: kafkajs's request modules, then our own encoders. */
const CLIENT_API_VERSIONS: ReadonlyMap<number, number> = (() => {
  const versions = new Map(KAFKAJS_REQUEST_VERSIONS);
  versions.set(0, 7); // Produce: record-batch.ts (v3, v7 for zstd)
  versions.set(ApiKey.ApiVersions, API_VERSIONS_WITH_FEATURES.max);
  versions.set(ApiKey.IncrementalAlterConfigs, 0);
  versions.set(ApiKey.OffsetDelete, 0);
  versions.set(ApiKey.DescribeQuorum, DESCRIBE_QUORUM.max);
  versions.set(ApiKey.DescribeLogDirs, DESCRIBE_LOG_DIRS.max);
  versions.set(ApiKey.DescribeTopicPartitions, 0);
  versions.set(ApiKey.UpdateFeatures, UPDATE_FEATURES.max);
  return versions;
})();

function usableVersion(range: { apiKey: number; minVersion: number; maxVersion: number }): number | null {
  const newest = CLIENT_API_VERSIONS.get(range.apiKey);
  if (newest === undefined) return null;
  const usable = Math.min(newest, range.maxVersion);
  return usable >= range.minVersion ? usable : null;
}

/** ApiVersions at the newest version both speak from v3, the first with feature levels; null for a broker before Kafka 2.4. */
async function apiVersionsWithFeaturesOf(broker: InternalBroker, run: AdapterContext['run']): Promise<ApiVersionsResult | null> {
  const version = commonVersion(broker.versions, ApiKey.ApiVersions, API_VERSIONS_WITH_FEATURES);
  return version === null ? null : run(broker.connectionPool.send(apiVersionsWithFeatures(version)));
}

const finalizedLevels = (answer: ApiVersionsResult) => answer.finalizedFeatures.map((f) => ({ name: f.name, level: f.maxVersionLevel }));

async function brokerApiVersions(info: BrokerInfo, connect: () => Promise<InternalBroker>, run: AdapterContext['run']): Promise<BrokerApiVersions> {
  const entry: BrokerApiVersions = { broker: info, versions: [], supportedFeatures: [], finalizedFeatures: [], error: null };
  try {
    const broker = await run(connect());
    let ranges = Object.entries(broker.versions).map(([key, v]) => ({ apiKey: Number(key), minVersion: v.minVersion, maxVersion: v.maxVersion }));
    const answer = await apiVersionsWithFeaturesOf(broker, run);
    if (answer?.errorCode === 0) {
      ranges = answer.apiKeys;
      entry.supportedFeatures = answer.supportedFeatures;
      entry.finalizedFeatures = finalizedLevels(answer);
    }
    entry.versions = ranges.map((r) => ({ ...r, usableVersion: usableVersion(r) })).sort((x, y) => x.apiKey - y.apiKey);
  } catch (err) {
    entry.error = err instanceof Error ? err.message : String(err);
  }
  return entry;
}

async function brokerLogDirs(
  c: InternalCluster,
  b: { nodeId: number; host: string; port: number; rack: string | null },
  run: AdapterContext['run'],
): Promise<BrokerLogDirs> {
  const entry: BrokerLogDirs = { broker: toBrokerInfo(b), logDirs: [], error: null };
  try {
    const broker = await run(c.findBroker({ nodeId: String(b.nodeId) }));
    const version = commonVersion(broker.versions, ApiKey.DescribeLogDirs, DESCRIBE_LOG_DIRS);
    if (version === null) throw new Error('the broker does not answer DescribeLogDirs');
    const answer = await run(broker.connectionPool.send(describeLogDirs(version)));
    if (answer.errorCode) throw new Error(errorText(answer.errorCode)!);
    entry.logDirs = answer.logDirs
      .map((d) => ({
        path: d.path,
        error: d.errorCode ? { name: errorType(d.errorCode), message: errorText(d.errorCode)! } : null,
        totalBytes: d.totalBytes >= 0 ? d.totalBytes : null,
        usableBytes: d.usableBytes >= 0 ? d.usableBytes : null,
        // In the broker's order: Kafka's tools print Java maps filled in it.
        partitions: d.partitions,
      }))
      .sort((x, y) => (x.path < y.path ? -1 : 1));
  } catch (err) {
    entry.error = err instanceof Error ? err.message : String(err);
  }
  return entry;
}

