import type { BrokerInfo, CommittedOffset, GroupDescription, GroupListing, GroupOps, GroupState, GroupType, PartitionOffsets, ShareGroupDescription, SharePartitionOffset, StreamsGroupDescription, TopicPartition } from '../client.js';
import { CliError, failed, invalid } from '../errors.js';
import { byTopicPartition, groupByTopic, toBrokerInfo, type AdapterContext, type BrokerFinder } from './context.js';
import { brokerRefusal, coordinatorNotReady, whileBrokersSettle } from './errors.js';
import { kafkajs, type InternalBroker } from './load.js';
import { committedOffsets } from './offsets.js';
import { retryWithBackoff } from '../retry.js';
import {
  ApiKey,
  commonVersion,
  consumerGroupDescribe,
  alterShareGroupOffsets,
  deleteShareGroupOffsets,
  DESCRIBE_SHARE_GROUP_OFFSETS,
  ONLY_V0,
  SHARE_GROUP_DESCRIBE,
  describeShareGroupOffsets,
  errorText,
  errorType,
  listGroupsV5,
  offsetDelete,
  shareGroupDescribe,
  STREAMS_GROUP_DESCRIBE,
  streamsGroupDescribe,
} from './requests.js';

/** The groups family: list, describe (classic and consumer-protocol groups), committed offsets, delete. */
export function groupOps(ctx: AdapterContext, brokers: BrokerFinder): GroupOps {
  const { run, admin, cluster } = ctx;
  const { anyBroker, deadline } = brokers;

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

  return {
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
      return res.partitions.map((p) => ({ topic: p.topic, partition: p.partition, error: errorText(p.errorCode), errorName: p.errorCode ? errorType(p.errorCode) : null })).sort(byTopicPartition);
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
    async describeStreams(groupIds: string[], options: { topology?: boolean } = {}): Promise<StreamsGroupDescription[]> {
      const c = await cluster();
      const out: StreamsGroupDescription[] = [];
      for (const groupId of groupIds) {
        const coordinator = await whileBrokersSettle(deadline, () => run(c.findGroupCoordinator({ groupId })));
        const version = commonVersion(coordinator.versions, ApiKey.StreamsGroupDescribe, STREAMS_GROUP_DESCRIBE);
        if (version === null) throw invalid('the brokers have no streams groups (KIP-1071 needs Kafka 4.1 or later)');
        const [described] = await run(coordinator.connectionPool.send(streamsGroupDescribe(version, [groupId], options.topology === true && version >= 1)));
        const node = c.brokerPool.metadata.brokers.find((b) => b.nodeId === coordinator.nodeId);
        const found = described !== undefined && described.errorCode === 0;
        if (described && described.errorCode && !['GROUP_ID_NOT_FOUND'].includes(errorType(described.errorCode))) throw brokerRefusal(described.errorCode, described.errorMessage);
        out.push({
          groupId,
          state: found ? (described.state as GroupState) : 'Dead',
          groupEpoch: found ? described.groupEpoch : -1,
          targetAssignmentEpoch: found ? described.assignmentEpoch : -1,
          topologyEpoch: found && described.topology ? described.topology.epoch : -1,
          assignor: found ? described.assignorName : null,
          coordinator: node ? { ...toBrokerInfo(node), rack: null } : null,
          subtopologies: found && described.topology ? described.topology.subtopologies : [],
          members: found ? described.members.map((m) => ({ memberId: m.memberId, memberEpoch: m.memberEpoch, processId: m.processId, clientId: m.clientId, host: m.clientHost, isClassic: m.isClassic, assignment: m.assignment, targetAssignment: m.targetAssignment })) : [],
          topologyDescription: found ? described.topologyDescription : { status: 'not-requested', subtopologies: [], globalStores: [] },
        });
      }
      return out;
    },
    async describeShare(groupIds: string[]): Promise<ShareGroupDescription[]> {
      const c = await cluster();
      const out: ShareGroupDescription[] = [];
      for (const groupId of groupIds) {
        const { coordinator } = await shareCoordinator(groupId, ApiKey.ShareGroupDescribe, SHARE_GROUP_DESCRIBE);
        const [described] = await run(coordinator.connectionPool.send(shareGroupDescribe([groupId])));
        const node = c.brokerPool.metadata.brokers.find((b) => b.nodeId === coordinator.nodeId);
        const found = described && described.errorCode === 0;
        if (described && described.errorCode && errorType(described.errorCode) !== 'GROUP_ID_NOT_FOUND') throw brokerRefusal(described.errorCode, described.errorMessage);
        out.push({
          groupId,
          state: found ? (described.state as GroupState) : 'Dead',
          groupEpoch: found ? described.groupEpoch : -1,
          assignmentEpoch: found ? described.assignmentEpoch : -1,
          coordinator: node ? { ...toBrokerInfo(node), rack: null } : null,
          members: found
            ? described.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: m.clientHost, memberEpoch: m.memberEpoch, assignment: [...m.assignment].sort(byTopicPartition) }))
            : [],
        });
      }
      return out;
    },
    async shareOffsets(groupId: string): Promise<SharePartitionOffset[]> {
      const { coordinator, version } = await shareCoordinator(groupId, ApiKey.DescribeShareGroupOffsets, DESCRIBE_SHARE_GROUP_OFFSETS);
      const answer = await run(coordinator.connectionPool.send(describeShareGroupOffsets(version, groupId)));
      if (answer.errorCode) throw brokerRefusal(answer.errorCode, answer.errorMessage);
      const failedPartition = answer.partitions.find((p) => p.errorCode);
      if (failedPartition) throw brokerRefusal(failedPartition.errorCode, failedPartition.errorMessage);
      return answer.partitions
        .map((p) => {
          // A partition without state yet: nothing is known of it, as Kafka's admin client reads it.
          const known = p.startOffset >= 0;
          return {
            topic: p.topic,
            partition: p.partition,
            startOffset: known ? p.startOffset : null,
            leaderEpoch: known && p.leaderEpoch >= 0 ? p.leaderEpoch : null,
            lag: known && p.lag >= 0 ? p.lag : null,
          };
        })
        .sort(byTopicPartition);
    },
    async alterShareOffsets(groupId: string, offsets: PartitionOffsets[]): Promise<void> {
      const { coordinator } = await shareCoordinator(groupId, ApiKey.AlterShareGroupOffsets, ONLY_V0);
      const answer = await run(coordinator.connectionPool.send(alterShareGroupOffsets(groupId, groupByTopic(offsets, (o) => o))));
      if (answer.errorCode) throw brokerRefusal(answer.errorCode, answer.errorMessage);
      const refused = answer.partitions.find((p) => p.errorCode);
      if (refused) throw brokerRefusal(refused.errorCode, `${refused.topic}-${refused.partition}: ${refused.errorMessage ?? errorText(refused.errorCode)}`);
    },
    async deleteShareOffsets(groupId: string, topics: string[]): Promise<Map<string, CliError | null>> {
      const { coordinator } = await shareCoordinator(groupId, ApiKey.DeleteShareGroupOffsets, ONLY_V0);
      const answer = await run(coordinator.connectionPool.send(deleteShareGroupOffsets(groupId, topics)));
      if (answer.errorCode && !['UNKNOWN_TOPIC_OR_PARTITION', 'TOPIC_AUTHORIZATION_FAILED'].includes(errorType(answer.errorCode))) throw brokerRefusal(answer.errorCode, answer.errorMessage);
      return new Map(
        topics.map((topic) => {
          const own = answer.topics.find((t) => t.topic === topic);
          const code = own?.errorCode || answer.errorCode;
          return [topic, code ? brokerRefusal(code, own?.errorMessage ?? answer.errorMessage) : null];
        }),
      );
    },
  };

  /** A share group's coordinator and the version of the share-group API asked for that both speak. */
  async function shareCoordinator(groupId: string, apiKey: number, ours: { min: number; max: number }) {
    const c = await cluster();
    const coordinator = await whileBrokersSettle(deadline, () => run(c.findGroupCoordinator({ groupId })));
    const version = commonVersion(coordinator.versions, apiKey, ours);
    if (version === null) throw invalid('the brokers have no share groups (KIP-932 needs Kafka 4.1 or later)');
    return { coordinator, version };
  }
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

