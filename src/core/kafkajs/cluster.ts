import type { BrokerApiVersions, BrokerLogDirs, ClusterDescription, ClusterOps, QuorumDescription, QuorumReplica } from '../client.js';
import { toBrokerInfo, type AdapterContext, type BrokerFinder } from './context.js';
import { KAFKAJS_REQUEST_VERSIONS, type InternalCluster } from './load.js';
import { brokerRefusal } from './errors.js';
import { ApiKey, apiVersionsV3, commonVersion, DESCRIBE_LOG_DIRS, DESCRIBE_QUORUM, describeLogDirs, describeQuorum, errorText, errorType, type QuorumReplicaState } from './requests.js';

/** The cluster family: its brokers and controller, the KRaft quorum, API versions, log dirs. */
export function clusterOps(ctx: AdapterContext, brokers: BrokerFinder): ClusterOps {
  const { run, cluster } = ctx;
  const { anyBroker } = brokers;
  return {
    async describe(): Promise<ClusterDescription> {
      const c = await cluster();
      await run(c.refreshMetadata());
      const meta = c.brokerPool.metadata;
      return {
        clusterId: meta.clusterId,
        controllerId: meta.controllerId >= 0 ? meta.controllerId : null,
        brokers: meta.brokers.map(toBrokerInfo).sort((a, b) => a.id - b.id),
      };
    },
    async quorum(): Promise<QuorumDescription | null> {
      const broker = await anyBroker();
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
        endpoints: (result.endpoints.get(r.replicaId) ?? []).map((e) => `${e.name}://${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}`),
      });
      return { leaderId: result.leaderId, leaderEpoch: result.leaderEpoch, highWatermark: result.highWatermark, voters: result.voters.map(replica), observers: result.observers.map(replica) };
    },
    async apiVersions(): Promise<BrokerApiVersions[]> {
      const c = await cluster();
      await run(c.refreshMetadata());
      const brokers = [...c.brokerPool.metadata.brokers].sort((a, b) => a.nodeId - b.nodeId);
      return Promise.all(brokers.map((b) => brokerApiVersions(c, b, run)));
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
  versions.set(ApiKey.ApiVersions, 3);
  versions.set(ApiKey.IncrementalAlterConfigs, 0);
  versions.set(ApiKey.OffsetDelete, 0);
  versions.set(ApiKey.DescribeQuorum, DESCRIBE_QUORUM.max);
  versions.set(ApiKey.DescribeLogDirs, DESCRIBE_LOG_DIRS.max);
  versions.set(ApiKey.DescribeTopicPartitions, 0);
  return versions;
})();

function usableVersion(range: { apiKey: number; minVersion: number; maxVersion: number }): number | null {
  const newest = CLIENT_API_VERSIONS.get(range.apiKey);
  if (newest === undefined) return null;
  const usable = Math.min(newest, range.maxVersion);
  return usable >= range.minVersion ? usable : null;
}

async function brokerApiVersions(
  c: InternalCluster,
  b: { nodeId: number; host: string; port: number; rack: string | null },
  run: AdapterContext['run'],
): Promise<BrokerApiVersions> {
  const entry: BrokerApiVersions = { broker: toBrokerInfo(b), versions: [], supportedFeatures: [], finalizedFeatures: [], error: null };
  try {
    const broker = await run(c.findBroker({ nodeId: String(b.nodeId) }));
    let ranges = Object.entries(broker.versions).map(([key, v]) => ({ apiKey: Number(key), minVersion: v.minVersion, maxVersion: v.maxVersion }));
    if ((broker.versions[ApiKey.ApiVersions]?.maxVersion ?? 0) >= 3) {
      const v3 = await run(broker.connectionPool.send(apiVersionsV3()));
      if (v3.errorCode === 0) {
        ranges = v3.apiKeys;
        entry.supportedFeatures = v3.supportedFeatures;
        entry.finalizedFeatures = v3.finalizedFeatures.map((f) => ({ name: f.name, level: f.maxVersionLevel }));
      }
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

