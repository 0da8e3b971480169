import type { Admin } from 'kafkajs';
import type { TopicDescription, TopicOps, TopicSpec } from '../client.js';
import { CliError } from '../errors.js';
import type { AdapterContext, BrokerFinder } from './context.js';
import { kafkajsCreateTopics, type InternalBroker } from './load.js';
import {
  ApiKey,
  type DescribedTopic,
  type DescribeTopicPartitionsResult,
  describeTopicPartitions,
  errorText,
  errorType,
  METADATA_BY_TOPIC_ID,
  METADATA_WITH_TOPIC_IDS,
  metadataWithTopicIds,
} from './requests.js';

/** The topics family: list, describe, create, delete, add partitions. */
export function topicOps(ctx: AdapterContext, brokers: BrokerFinder): TopicOps {
  const { run, admin, cluster } = ctx;
  const { anyBroker, deadline } = brokers;
  return {
    async list() {
      return run((await admin()).listTopics());
    },
    async describe(names: string[], partitionsPerResponse = DEFAULT_PARTITIONS_PER_RESPONSE): Promise<TopicDescription[]> {
      if (names.length === 0) return [];
      const broker = await anyBroker();
      if (broker.versions[ApiKey.DescribeTopicPartitions]) return describeViaDescribeTopicPartitions(broker, names, partitionsPerResponse, run);
      const metadataVersion = Math.min(METADATA_WITH_TOPIC_IDS.max, broker.versions[ApiKey.Metadata]?.maxVersion ?? 0);
      if (metadataVersion >= METADATA_WITH_TOPIC_IDS.min) return describedTopics(await run(broker.connectionPool.send(metadataWithTopicIds({ names }, metadataVersion))));
      return describeViaMetadata(await admin(), names, run);
    },
    async describeById(ids: string[]): Promise<TopicDescription[]> {
      if (ids.length === 0) return [];
      const broker = await anyBroker();
      if ((broker.versions[ApiKey.Metadata]?.maxVersion ?? 0) < METADATA_BY_TOPIC_ID) {
        throw new CliError('invalid', 'the brokers cannot look topics up by id (Metadata v12)', 'describe the topic by its name instead');
      }
      return describedTopics(await run(broker.connectionPool.send(metadataWithTopicIds({ ids }, METADATA_BY_TOPIC_ID))));
    },
    async create(spec: TopicSpec) {
      // Sent through kafkajs's own encoder, but decoded by us: kafkajs would throw away the
      // broker's error message ("Unknown topic config name: x").
      const c = await cluster();
      await run(c.refreshMetadata());
      // CreateTopics must reach the controller on ZooKeeper clusters; KRaft brokers forward it.
      const controllerId = c.brokerPool.metadata.controllerId;
      const controller = await run(c.findBroker({ nodeId: String(controllerId >= 0 ? controllerId : c.getNodeIds()[0]) }));
      const proto = controller.lookupRequest(19, kafkajsCreateTopics)({
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
  };
}

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

/** DescribeTopicPartitions answers in pages of at most this many partitions, as Kafka's admin client asks. */
const DEFAULT_PARTITIONS_PER_RESPONSE = 2000;

async function describeViaDescribeTopicPartitions(
  broker: InternalBroker,
  names: string[],
  partitionsPerResponse: number,
  run: AdapterContext['run'],
): Promise<TopicDescription[]> {
  const topics = new Map<string, DescribedTopic>();
  let cursor: { topic: string; partition: number } | null = null;
  do {
    const page: DescribeTopicPartitionsResult = await run(broker.connectionPool.send(describeTopicPartitions(names, partitionsPerResponse, cursor)));
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
      if (type === 'UNKNOWN_TOPIC_ID') throw new CliError('not-found', `topic id '${t.topicId}' does not exist`, 'list topics and their ids with `kafka topics --describe`');
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
