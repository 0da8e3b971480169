import type { Admin, KafkaConfig, logCreator, SASLOptions } from 'kafkajs';
import type { KafkaClient } from '../client.js';
import type { ConnectionSettings } from '../connection.js';
import { CliError, failed, invalid } from '../errors.js';
import { oauthTokenProvider } from '../oauth.js';
import { aclOps } from './acls.js';
import { brokerNodes, clusterOps, controllerNodes } from './cluster.js';
import { configOps, quotaOps, scramOps } from './configs.js';
import { createConsumer } from './consumer.js';
import { READ_UNCOMMITTED, type AdapterContext, type BrokerFinder } from './context.js';
import { mapKafkaJsError } from './errors.js';
import { groupOps } from './groups.js';
import { connectedBrokersByLoad, createInternalCluster, firstToAnswer, kafkajs, seedBrokerOf, type InternalBroker, type InternalCluster } from './load.js';
import { oauthBearerAuthenticator } from './oauthbearer.js';
import { offsetOps } from './offsets.js';
import { createProducer } from './producer.js';
import { createShareConsumer } from './share-consumer.js';
import { topicOps } from './topics.js';
import { transactionOps } from './transactions.js';

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

  /** The controllers answer no Metadata, which a kafkajs admin and cluster start with (and every topic, group or partition needs). */
  const assertBrokers = () => {
    if (connection.listeners === 'controllers') throw invalid('this needs the brokers: the KRaft controllers keep no topics, groups or partitions for clients', 'connect through a broker with --bootstrap-server');
  };

  let adminPromise: Promise<Admin> | null = null;
  const admin = (): Promise<Admin> => {
    adminPromise ??= (async () => {
      assertBrokers();
      const a = kafka.admin();
      await connecting(a.connect());
      return a;
    })();
    return adminPromise;
  };

  const clusters: InternalCluster[] = [];
  /** A kafkajs cluster of our own, not connected yet, closed with the client. */
  const clusterOf = (via: InstanceType<typeof kafkajs.Kafka>, allowAutoTopicCreation: boolean): InternalCluster => {
    const c = createInternalCluster(via, { isolationLevel: READ_UNCOMMITTED, metadataMaxAge: 300_000, allowAutoTopicCreation });
    clusters.push(c);
    return c;
  };
  /** A kafkajs cluster of our own (connected, metadata loaded) for what its public API lacks. */
  const newCluster = async (allowAutoTopicCreation: boolean): Promise<InternalCluster> => {
    assertBrokers();
    const c = clusterOf(kafka, allowAutoTopicCreation);
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

  /**
   * --bootstrap-controller: the first of these controllers (the bootstrap ones by default) to
   * answer, connected without the Metadata request a broker connection starts with.
   */
  const controller = async (servers?: string[]): Promise<InternalBroker> => {
    const c = clusterOf(servers ? new kafkajs.Kafka(kafkajsConfig({ ...connection, bootstrapServers: servers }, log)) : kafka, false);
    await connecting(c.connect());
    return seedBrokerOf(c);
  };

  const ctx: AdapterContext = { kafka, connection, admin, cluster, newCluster, run, connecting, log };
  const fromMetadata: BrokerFinder = { anyBroker, broker: async (id) => run((await cluster()).findBroker({ nodeId: String(id) })), deadline };
  const nodes = connection.listeners === 'controllers' ? controllerNodes(ctx, controller) : brokerNodes(ctx, fromMetadata);
  // On the controllers, requests to "any broker" (configs, quotas, SCRAM users) go to the active controller.
  const brokers: BrokerFinder = connection.listeners === 'controllers' ? { anyBroker: nodes.any, broker: nodes.node, deadline } : fromMetadata;

  const client: KafkaClient = {
    connection,

    cluster: clusterOps(ctx, brokers, nodes),
    topics: topicOps(ctx, brokers),
    configs: configOps(ctx, brokers),
    quotas: quotaOps(ctx, brokers),
    scram: scramOps(ctx, brokers),
    acls: aclOps(ctx, brokers),
    offsets: offsetOps(ctx),
    groups: groupOps(ctx, brokers),
    transactions: transactionOps(ctx, brokers),

    producer: (options) => createProducer(ctx, options, null),
    transactionalProducer: (options, transaction) => createProducer(ctx, options, transaction),
    consumer: (options, signal) => createConsumer(ctx, options, signal, async (groupId) => (await client.groups.list()).find((g) => g.groupId === groupId)?.type ?? null),
    shareConsumer: (options, signal) => createShareConsumer(ctx, brokers, options, signal),

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
