import { connectedBrokersByLoad, firstToAnswer, kafkajs, type PooledBroker } from './load.js';
import { createRequire } from 'node:module';
import type { Admin, Kafka as KafkaType, KafkaConfig, logCreator, SASLOptions } from 'kafkajs';
import type {
  BrokerApiVersions,
  BrokerInfo,
  ClusterDescription,
  CommittedOffset,
  GroupDescription,
  GroupListing,
  GroupState,
  GroupType,
  KafkaClient,
  OffsetQuery,
  PartitionOffsets,
  RecordTimestamp,
  OffsetLookup,
  OffsetLookupQuery,
  RecordsDeletion,
  BrokerLogDirs,
  QuorumDescription,
  TopicDescription,
  TopicPartition,
  TopicSpec,
} from '../client.js';
import type { ConnectionSettings } from '../connection.js';
import { CliError, failed } from '../errors.js';
import { coordinatorNotReady, mapKafkaJsError, whileBrokersSettle } from './errors.js';
import { retryWithBackoff } from '../retry.js';
import { oauthTokenProvider } from '../oauth.js';
import { oauthBearerAuthenticator } from './oauthbearer.js';
import {
  ApiKey,
  apiVersionsV3,
  consumerGroupDescribe,
  listGroupsV5,
  describeQuorum,
  commonVersion,
  DESCRIBE_LOG_DIRS,
  describeLogDirs,
  type DescribeTopicPartitionsResult,
  describeTopicPartitions,
  errorText,
  errorType,
  METADATA_WITH_TOPIC_IDS,
  metadataWithTopicIds,
  offsetDelete,
  type DescribedTopic,
  type WireRequest,
} from './requests.js';
import { createProducer } from './producer.js';
import { committedOffsets, deleteRecords, listOffsets, lookupOffsets } from './offsets.js';
import { createConsumer, recordTimestamps } from './consumer.js';
import { configOps, quotaOps, scramOps, type BrokerFinder } from './configs.js';
import { aclOps } from './acls.js';

const require = createRequire(import.meta.url);

/** The parts of kafkajs's internal Broker we use (pinned 2.2.4). */
export interface InternalBroker {
  nodeId: number;
  lookupRequest(apiKey: number, definition: unknown): (args: unknown) => WireRequest<unknown>;
  versions: Record<number, { minVersion: number; maxVersion: number }>;
  connectionPool: {
    send<T>(req: WireRequest<T>): Promise<T>;
    /** The connection requests other than Fetch go over, connected (a produce goes out on it in order). */
    getConnection(): Promise<{ send<T>(req: WireRequest<T>): Promise<T> }>;
  };
  fetch(args: unknown): Promise<{ responses: Array<{ topicName: string; partitions: any[] }> }>;
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

const READ_UNCOMMITTED = 0;
const kafkajsRequests = (require('kafkajs/src/protocol/requests/index.js') as { requests: Record<string, unknown> }).requests;

/** Topic creation is asynchronous: wait (briefly) until every partition has a leader. */
async function waitForLeaders(admin: Admin, topic: string, run: AdapterContext['run']): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      const { topics } = await run(admin.fetchTopicMetadata({ topics: [topic] }));
      if (topics[0]?.partitions.length && topics[0].partitions.every((p) => p.leader >= 0)) return;
    } catch {
      /* not visible yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface AdapterContext {
  kafka: KafkaType;
  connection: ConnectionSettings;
  /** The client's one kafkajs admin, connected on first use. */
  admin(): Promise<Admin>;
  /** A kafkajs cluster of our own for the requests kafkajs's public API lacks. */
  cluster(): Promise<InternalCluster>;
  /** Another one, connected even through Ctrl-C (a producer flushes what it read); it may auto-create topics. */
  newCluster(allowAutoTopicCreation: boolean): Promise<InternalCluster>;
  run<T>(what: Promise<T>, withinMs?: number): Promise<T>;
  /** run(), also given up at once on Ctrl-C: for connecting and joining, before anything needs flushing. */
  connecting<T>(what: Promise<T>, withinMs?: number): Promise<T>;
  log: (line: string) => void;
}

function kafkajsConfig(connection: ConnectionSettings, log: (line: string) => void): KafkaConfig {
  const { logLevel } = kafkajs;
  const level = connection.logLevel === 'debug' ? logLevel.DEBUG : connection.logLevel === 'verbose' ? logLevel.INFO : logLevel.NOTHING;
  const toStderr: logCreator = () => ({ namespace, level: lvl, log: entry }) => {
    const { message, timestamp: _t, logger: _l, ...rest } = entry;
    log(`[kafkajs ${logLevel[lvl] ?? lvl}] ${namespace}: ${message} ${JSON.stringify(rest)}`);
  };
  const { tls, sasl } = connection.security;
  const ssl = tls
    ? {
        ca: tls.ca,
        cert: tls.cert,
        key: tls.key,
        passphrase: tls.passphrase,
        rejectUnauthorized: tls.rejectUnauthorized,
        ...(tls.checkHostname ? {} : { checkServerIdentity: () => undefined }),
      }
    : undefined;
  const servers = connection.bootstrapServers;
  let ordered: Promise<string[]> | undefined;
  // Every kafkajs connection of this client starts from the same order: asked once.
  const answeringFirst = () =>
    (ordered ??= firstToAnswer(servers, { ssl, connectionTimeoutMs: connection.connectionTimeoutMs, withinMs: connection.requestTimeoutMs }).then((winner) =>
      // None answered: kafkajs's own attempt names what is wrong.
      winner === null ? servers : [winner, ...servers.filter((s) => s !== winner)],
    ));
  return {
    clientId: connection.clientId,
    brokers: servers.length > 1 ? answeringFirst : servers,
    connectionTimeout: connection.connectionTimeoutMs,
    authenticationTimeout: connection.connectionTimeoutMs,
    requestTimeout: connection.requestTimeoutMs,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
    logLevel: level,
    logCreator: toStderr,
    ssl,
    sasl: !sasl
      ? undefined
      : sasl.mechanism === 'oauthbearer'
        ? ({ mechanism: 'oauthbearer', authenticationProvider: oauthBearerAuthenticator(oauthTokenProvider(sasl.oauth, connection.requestTimeoutMs)) } as unknown as SASLOptions)
        : ({ mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } as SASLOptions),
  };
}

export async function createKafkajsClient(connection: ConnectionSettings, log: (line: string) => void, signal?: AbortSignal): Promise<KafkaClient> {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const kafka = new kafkajs.Kafka(kafkajsConfig(connection, log));
  const deadline = connection.requestTimeoutMs;

  const run = async <T>(what: Promise<T>, withinMs = deadline): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CliError('timeout', `no answer from the cluster within ${Math.round(withinMs / 1000)}s`, 'the broker is slow or unreachable; raise --request-timeout-ms')), withinMs);
      timer.unref();
    });
    try {
      return await Promise.race([what, timeout]);
    } catch (err) {
      throw mapKafkaJsError(err, connection, withinMs);
    } finally {
      clearTimeout(timer);
    }
  };

  /**
   * Connecting (or joining a group) is given up at once on Ctrl-C: nothing has been read or sent
   * yet that would need flushing or committing. Later waits run to their end (a producer flushes).
   */
  const connecting = <T>(what: Promise<T>, withinMs = deadline): Promise<T> => {
    if (!signal) return run(what, withinMs);
    if (signal.aborted) return Promise.reject(new CliError('cancelled', 'interrupted while connecting'));
    let onAbort = () => undefined as void;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new CliError('cancelled', 'interrupted while connecting'));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    return Promise.race([run(what, withinMs), aborted]).finally(() => signal.removeEventListener('abort', onAbort));
  };

  let adminPromise: Promise<Admin> | null = null;
  const admin = (): Promise<Admin> => {
    adminPromise ??= (async () => {
      const a = kafka.admin();
      await connecting(a.connect());
      return a;
    })();
    return adminPromise;
  };

  const clusters: InternalCluster[] = [];
  /** A kafkajs cluster of our own (connected, metadata loaded) for what its public API lacks. */
  const newCluster = async (allowAutoTopicCreation: boolean): Promise<InternalCluster> => {
    const createCluster = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
    if (!createCluster) throw failed('kafkajs internals changed: cannot create a cluster (is kafkajs still pinned to 2.2.4?)');
    const c = (kafka as any)[createCluster]({ isolationLevel: READ_UNCOMMITTED, metadataMaxAge: 300_000, allowAutoTopicCreation }) as InternalCluster;
    clusters.push(c);
    await run(c.connect());
    // The broker pool is empty until the first metadata answer.
    await run(c.refreshMetadata());
    return c;
  };
  let clusterPromise: Promise<InternalCluster> | null = null;
  // The shared cluster may be given up on Ctrl-C; a producer's own (newCluster) may not: it has
  // records read from stdin to flush.
  const cluster = (): Promise<InternalCluster> => (clusterPromise ??= connecting(newCluster(false)));

  /**
   * A broker that answers. Metadata still lists a broker that has just died (until the controller
   * fences it), so each is tried in turn, each with a share of the deadline.
   */
  const anyBroker = async (): Promise<InternalBroker> => {
    const c = await cluster();
    await run(c.refreshMetadata());
    // Connecting proves little (kafkajs skips the handshake once it knows the versions), answering does.
    const [talking] = connectedBrokersByLoad(c.brokerPool.brokers);
    if (talking) return talking[1];
    const ids = c.getNodeIds();
    if (ids.length === 0) throw failed('the cluster reported no brokers');
    let lastError: unknown;
    for (const id of ids) {
      try {
        return await run(c.findBroker({ nodeId: String(id) }), Math.max(2000, Math.floor(deadline / ids.length)));
      } catch (err) {
        lastError = err;
      }
    }
    throw lastError;
  };

  const ctx: AdapterContext = { kafka, connection, admin, cluster, newCluster, run, connecting, log };
  const brokers: BrokerFinder = { anyBroker, broker: async (id) => run((await cluster()).findBroker({ nodeId: String(id) })), deadline };

  /**
   * DescribeGroups knows only classic groups: a consumer-protocol group (KIP-848) comes back Dead.
   * Those are asked again with ConsumerGroupDescribe, at their coordinator, where the broker has it.
   */
  const withConsumerProtocolGroups = async (groups: GroupDescription[]): Promise<GroupDescription[]> => {
    const dead = groups.filter((g) => g.state === 'Dead');
    if (dead.length === 0 || !(await anyBroker()).versions[ApiKey.ConsumerGroupDescribe]) return groups;
    const c = await cluster();
    const found = new Map<string, GroupDescription>();
    for (const g of dead) {
      const coordinator = await run(c.findGroupCoordinator({ groupId: g.groupId }));
      const [described] = await run(coordinator.connectionPool.send(consumerGroupDescribe([g.groupId])));
      if (!described || described.errorCode !== 0) continue;
      const partitions = (topics: Array<{ topic: string; partitions: number[] }>) => topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition })));
      found.set(g.groupId, {
        ...g,
        state: described.state as GroupState,
        protocolType: 'consumer',
        assignmentStrategy: described.assignorName,
        targetAssignmentEpoch: described.assignmentEpoch,
        members: described.members.map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.instanceId,
          clientId: m.clientId,
          host: m.clientHost,
          assignment: partitions(m.assignment),
          memberEpoch: m.memberEpoch,
          targetAssignment: partitions(m.targetAssignment),
        })),
      });
    }
    return groups.map((g) => found.get(g.groupId) ?? g);
  };

  const client: KafkaClient = {
    connection,

    cluster: {
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
        if (!broker.versions[ApiKey.DescribeQuorum] || broker.versions[ApiKey.DescribeQuorum]!.minVersion > 0) return null;
        try {
          const result = await run(broker.connectionPool.send(describeQuorum()));
          return result.errorCode === 0 && result.leaderId >= 0 ? { leaderId: result.leaderId, leaderEpoch: result.leaderEpoch, voters: result.voters } : null;
        } catch {
          return null;
        }
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
    },

    topics: {
      async list() {
        return run((await admin()).listTopics());
      },
      async describe(names: string[]): Promise<TopicDescription[]> {
        if (names.length === 0) return [];
        const broker = await anyBroker();
        if (broker.versions[ApiKey.DescribeTopicPartitions]) return describeViaDescribeTopicPartitions(broker, names, run);
        const metadataVersion = Math.min(METADATA_WITH_TOPIC_IDS.max, broker.versions[ApiKey.Metadata]?.maxVersion ?? 0);
        if (metadataVersion >= METADATA_WITH_TOPIC_IDS.min) return describedTopics(await run(broker.connectionPool.send(metadataWithTopicIds(names, metadataVersion))));
        return describeViaMetadata(await admin(), names, run);
      },
      async create(spec: TopicSpec) {
        // Sent through kafkajs's own encoder, but decoded by us: kafkajs would throw away the
        // broker's error message ("Unknown topic config name: x").
        const c = await cluster();
        await run(c.refreshMetadata());
        // CreateTopics must reach the controller on ZooKeeper clusters; KRaft brokers forward it.
        const controllerId = c.brokerPool.metadata.controllerId;
        const controller = await run(c.findBroker({ nodeId: String(controllerId >= 0 ? controllerId : c.getNodeIds()[0]) }));
        const proto = controller.lookupRequest(19, kafkajsRequests.CreateTopics)({
          timeout: deadline,
          validateOnly: false,
          topics: [
            {
              topic: spec.name,
              numPartitions: spec.replicaAssignment ? -1 : spec.partitions ?? -1,
              replicationFactor: spec.replicaAssignment ? -1 : spec.replicationFactor ?? -1,
              replicaAssignment: spec.replicaAssignment?.map((replicas, partition) => ({ partition, replicas })) ?? [],
              configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
            },
          ],
        });
        const res = (await run(controller.connectionPool.send({ ...proto, response: { ...proto.response, parse: async (d: unknown) => d } }))) as {
          topicErrors: Array<{ topic: string; errorCode: number; errorMessage?: string | null }>;
        };
        for (const t of res.topicErrors) {
          if (!t.errorCode) continue;
          const type = errorType(t.errorCode);
          const kind = type === 'TOPIC_ALREADY_EXISTS' ? 'already-exists' : type.startsWith('INVALID') || type === 'POLICY_VIOLATION' ? 'invalid' : 'failed';
          throw new CliError(kind, t.errorMessage || errorText(t.errorCode)!);
        }
        await waitForLeaders(await admin(), spec.name, run);
      },
      async delete(names: string[]) {
        await run((await admin()).deleteTopics({ topics: names, timeout: deadline }));
      },
      async createPartitions(name: string, total: number, assignments?: number[][]) {
        await run((await admin()).createPartitions({ topicPartitions: [{ topic: name, count: total, assignments }] }));
      },
    },

    configs: configOps(ctx, brokers),
    quotas: quotaOps(ctx, brokers),
    scram: scramOps(ctx, brokers),
    acls: aclOps(ctx, brokers),

    offsets: {
      async query(partitions: TopicPartition[], query: OffsetQuery): Promise<PartitionOffsets[]> {
        const found = await listOffsets(ctx, await cluster(), partitions, query, READ_UNCOMMITTED, true);
        return partitions
          .filter((tp) => found.has(`${tp.topic}\u0000${tp.partition}`))
          .map((tp) => ({ ...tp, offset: found.get(`${tp.topic}\u0000${tp.partition}`)! }))
          .sort(byTopicPartition);
      },
      async lookup(partitions: TopicPartition[], query: OffsetLookupQuery): Promise<OffsetLookup[]> {
        const found = await lookupOffsets(ctx, await cluster(), partitions, query, READ_UNCOMMITTED, true);
        return partitions.map((tp) => {
          const answer = found.get(`${tp.topic}\u0000${tp.partition}`);
          if (!answer) return { ...tp, offset: null, timestamp: null, error: 'no leader answered' };
          if (answer.errorCode) return { ...tp, offset: null, timestamp: null, error: errorText(answer.errorCode) };
          return { ...tp, offset: answer.offset >= 0 ? answer.offset : null, timestamp: answer.timestamp >= 0 ? answer.timestamp : null, error: null };
        });
      },
      async deleteRecords(before: PartitionOffsets[]): Promise<RecordsDeletion[]> {
        return (await deleteRecords(ctx, await cluster(), before)).sort(byTopicPartition);
      },
      async recordTimestamps(positions: PartitionOffsets[]): Promise<RecordTimestamp[]> {
        const found = await recordTimestamps(ctx, await cluster(), positions);
        return positions
          .filter((p) => found.has(`${p.topic}\u0000${p.partition}`))
          .map((p) => ({ ...p, timestamp: found.get(`${p.topic}\u0000${p.partition}`)! }));
      },
    },

    groups: {
      async list(): Promise<GroupListing[]> {
        const c = await cluster();
        // Every broker must answer (a group lives on one): a broker that just died is waited out
        // until metadata no longer lists it, within the deadline.
        const brokers = await whileBrokersSettle(deadline, async () => {
          await run(c.refreshMetadata());
          return Promise.all(c.brokerPool.metadata.brokers.map((b) => run(c.findBroker({ nodeId: String(b.nodeId) }))));
        });
        // Groups live on their coordinators: every broker is asked, as kafkajs's listGroups does.
        if (brokers.every((b) => (b.versions[ApiKey.ListGroups]?.maxVersion ?? 0) >= 5)) {
          // A broker that has just become coordinator for groups answers "loading" until it has
          // read them: asked again, as Kafka's admin client does, within the deadline.
          const until = Date.now() + deadline;
          const listFrom = (b: InternalBroker) =>
            retryWithBackoff(Math.max(0, until - Date.now()), () => run(b.connectionPool.send(listGroupsV5())), (o) => o.ok && o.value.errorCode !== 0 && coordinatorNotReady(errorType(o.value.errorCode)));
          const answers = await Promise.all(brokers.map(listFrom));
          const failedAnswer = answers.find((a) => a.errorCode !== 0);
          if (failedAnswer) throw failed(`listing groups failed: ${errorText(failedAnswer.errorCode)}`);
          const typeName = (t: string) => (t ? ((t[0]!.toUpperCase() + t.slice(1).toLowerCase()) as GroupType) : null);
          return answers.flatMap((a) => a.groups).map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, state: (g.state || null) as GroupState | null, type: typeName(g.type) }));
        }
        const { groups } = await run((await admin()).listGroups());
        return groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, state: null, type: null }));
      },
      async describe(groupIds: string[]): Promise<GroupDescription[]> {
        const a = await admin();
        const c = await cluster();
        const { groups } = await whileBrokersSettle(deadline, () => run(a.describeGroups(groupIds)));
        const out: GroupDescription[] = [];
        for (const g of groups) {
          let coordinator: BrokerInfo | null = null;
          try {
            const meta = await run(c.findGroupCoordinatorMetadata({ groupId: g.groupId, coordinatorType: 0 }));
            coordinator = { id: meta.coordinator.nodeId, host: meta.coordinator.host, port: meta.coordinator.port, rack: null };
          } catch {
            coordinator = null;
          }
          out.push({
            groupId: g.groupId,
            state: (g.state || 'Unknown') as GroupState,
            protocolType: g.protocolType,
            assignmentStrategy: g.protocol,
            coordinator,
            members: g.members.map((m) => ({
              memberId: m.memberId,
              groupInstanceId: null,
              clientId: m.clientId,
              host: m.clientHost,
              assignment: decodeAssignment(m.memberAssignment),
              memberEpoch: null,
              targetAssignment: null,
            })),
            targetAssignmentEpoch: null,
          });
        }
        return withConsumerProtocolGroups(out);
      },
      committed: (groupId: string): Promise<CommittedOffset[]> => committedOffsets(ctx, groupId),
      async alterCommitted(groupId: string, offsets: PartitionOffsets[]) {
        const c = await cluster();
        const coordinator = await run(c.findGroupCoordinator({ groupId }));
        const topics = [...groupByTopic(offsets, (o) => o)].map(([topic, entries]) => ({
          topic,
          partitions: entries.map((e) => ({ partition: e.partition, offset: String(e.offset) })),
        }));
        const res = await run(coordinator.offsetCommit({ groupId, groupGenerationId: -1, memberId: '', topics }));
        for (const t of res.responses) for (const p of t.partitions) {
          if (p.errorCode) throw failed(`committing offsets for ${t.topic}-${p.partition} failed: ${errorText(p.errorCode)}`);
        }
      },
      async deleteCommitted(groupId: string, partitions: TopicPartition[]) {
        const c = await cluster();
        const coordinator = await run(c.findGroupCoordinator({ groupId }));
        if (!coordinator.versions[ApiKey.OffsetDelete]) throw failed('this broker does not support OffsetDelete (Kafka 2.4+ is needed)');
        const res = await run(coordinator.connectionPool.send(offsetDelete(groupId, groupByTopic(partitions))));
        if (res.errorCode) throw new CliError(errorType(res.errorCode) === 'GROUP_ID_NOT_FOUND' ? 'not-found' : 'failed', errorText(res.errorCode)!);
        return res.partitions.map((p) => ({ topic: p.topic, partition: p.partition, error: errorText(p.errorCode) })).sort(byTopicPartition);
      },
      async delete(groupIds: string[]) {
        type Outcome = Array<{ groupId: string; errorCode: number; error?: Error }>;
        const a = await admin();
        // kafkajs reports per-group failures inside its error: keep them before mapping errors.
        const outcome = await run(
          a.deleteGroups(groupIds).then(
            (groups) => groups as Outcome,
            (err: { groups?: Outcome }) => (err.groups ? err.groups : Promise.reject(err)),
          ),
        );
        return new Map(
          outcome.map((g) => {
            if (!g.errorCode) return [g.groupId, null];
            const type = errorType(g.errorCode);
            const kind = type === 'GROUP_ID_NOT_FOUND' ? 'not-found' : type.endsWith('AUTHORIZATION_FAILED') ? 'auth' : 'failed';
            const why = type === 'GROUP_ID_NOT_FOUND' ? 'it does not exist' : type === 'NON_EMPTY_GROUP' ? `${errorText(g.errorCode)}: stop its consumers first` : g.error?.message ?? errorText(g.errorCode)!;
            return [g.groupId, new CliError(kind, why)];
          }),
        );
      },
    },

    producer: (options) => createProducer(ctx, options),
    consumer: (options, signal) => createConsumer(ctx, options, signal),

    async close() {
      const closing: Promise<unknown>[] = [];
      if (adminPromise) closing.push(adminPromise.then((a) => a.disconnect()));
      for (const c of clusters) closing.push(c.disconnect());
      // kafkajs disconnects can hang (tulios/kafkajs#1596): never wait more than 2s.
      await Promise.race([Promise.allSettled(closing), new Promise((r) => setTimeout(r, 2000).unref())]);
    },
  };
  return client;
}

/** The newest version of each API this adapter speaks: kafkajs's request modules, then our own encoders. */
const CLIENT_API_VERSIONS: ReadonlyMap<number, number> = (() => {
  const apiKeys = require('kafkajs/src/protocol/requests/apiKeys.js') as Record<string, number>;
  const versions = new Map<number, number>();
  for (const [name, definition] of Object.entries(kafkajsRequests as Record<string, { versions: string[] }>)) {
    if (definition.versions.length && apiKeys[name] !== undefined) versions.set(apiKeys[name]!, Math.max(...definition.versions.map(Number)));
  }
  versions.set(0, 7); // Produce: record-batch.ts (v3, v7 for zstd)
  versions.set(ApiKey.ApiVersions, 3);
  versions.set(ApiKey.IncrementalAlterConfigs, 0);
  versions.set(ApiKey.OffsetDelete, 0);
  versions.set(ApiKey.DescribeQuorum, 0);
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

function toBrokerInfo(b: { nodeId: number; host: string; port: number; rack?: string | null }): BrokerInfo {
  return { id: b.nodeId, host: b.host, port: b.port, rack: b.rack ?? null };
}

function decodeAssignment(raw: Buffer): TopicPartition[] {
  if (!raw || raw.length === 0) return [];
  try {
    const decoded = kafkajs.AssignerProtocol.MemberAssignment.decode(raw);
    if (!decoded) return [];
    return Object.entries(decoded.assignment)
      .flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition })))
      .sort(byTopicPartition);
  } catch {
    return [];
  }
}

export function byTopicPartition(a: TopicPartition, b: TopicPartition): number {
  return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;
}

export function groupByTopic(partitions: TopicPartition[]): Map<string, number[]>;
export function groupByTopic<T extends TopicPartition>(partitions: T[], pick: (p: T) => T): Map<string, T[]>;
export function groupByTopic<T extends TopicPartition>(partitions: T[], pick?: (p: T) => T): Map<string, Array<T | number>> {
  const byTopic = new Map<string, Array<T | number>>();
  for (const p of partitions) {
    const list = byTopic.get(p.topic) ?? [];
    list.push(pick ? pick(p) : p.partition);
    byTopic.set(p.topic, list);
  }
  return byTopic;
}

async function describeViaDescribeTopicPartitions(
  broker: InternalBroker,
  names: string[],
  run: AdapterContext['run'],
): Promise<TopicDescription[]> {
  const topics = new Map<string, DescribedTopic>();
  let cursor: { topic: string; partition: number } | null = null;
  do {
    const page: DescribeTopicPartitionsResult = await run(broker.connectionPool.send(describeTopicPartitions(names, 2000, cursor)));
    for (const t of page.topics) {
      const known = topics.get(t.name);
      if (known) known.partitions.push(...t.partitions);
      else topics.set(t.name, t);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return describedTopics([...topics.values()]);
}

/** Topics as DescribeTopicPartitions or Metadata v10+ answered: a topic-level error fails the describe. */
function describedTopics(topics: DescribedTopic[]): TopicDescription[] {
  for (const t of topics) {
    if (t.errorCode) {
      const type = errorType(t.errorCode);
      throw new CliError(type === 'UNKNOWN_TOPIC_OR_PARTITION' ? 'not-found' : 'failed', `${t.name}: ${errorText(t.errorCode)}`);
    }
  }
  return topics.map((t) => ({
    name: t.name,
    topicId: t.topicId === 'AAAAAAAAAAAAAAAAAAAAAA' ? null : t.topicId,
    internal: t.internal,
    partitions: t.partitions
      .map((p) => ({
        partition: p.partition,
        leader: p.leader >= 0 ? p.leader : null,
        replicas: p.replicas,
        isr: p.isr,
        offlineReplicas: p.offlineReplicas,
        elr: p.elr,
        lastKnownElr: p.lastKnownElr,
      }))
      .sort((a, b) => a.partition - b.partition),
  }));
}

async function describeViaMetadata(admin: Admin, names: string[], run: AdapterContext['run']): Promise<TopicDescription[]> {
  const { topics } = await run(admin.fetchTopicMetadata({ topics: names }));
  return topics.map((t) => ({
    name: t.name,
    topicId: null,
    internal: t.name.startsWith('__'),
    partitions: t.partitions
      .map((p) => ({
        partition: p.partitionId,
        leader: p.leader >= 0 ? p.leader : null,
        replicas: p.replicas,
        isr: p.isr,
        offlineReplicas: p.offlineReplicas ?? [],
        elr: null,
        lastKnownElr: null,
      }))
      .sort((a, b) => a.partition - b.partition),
  }));
}
