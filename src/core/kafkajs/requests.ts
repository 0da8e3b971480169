import { decode, encode, inVersions, type Struct } from '../protocol/codec.js';
import * as messages from '../protocol/messages.js';
import type { MessageSpec } from '../protocol/spec.js';
import type { StreamsGroupDescription, StreamsTaskAssignment, StreamsTopologyNode, TransactionFilters } from '../client.js';

import { kafkajsErrorFromCode as createErrorFromCode } from './load.js';

export const ApiKey = {
  ListOffsets: 2,
  DeleteRecords: 21,
  Metadata: 3,
  ListGroups: 16,
  ApiVersions: 18,
  DescribeLogDirs: 35,
  DescribeQuorum: 55,
  ConsumerGroupDescribe: 69,
  IncrementalAlterConfigs: 44,
  OffsetDelete: 47,
  DescribeTopicPartitions: 75,
  DescribeConfigs: 32,
  DescribeClientQuotas: 48,
  AlterClientQuotas: 49,
  DescribeUserScramCredentials: 50,
  AlterUserScramCredentials: 51,
  ListConfigResources: 74,
  UpdateFeatures: 57,
  DescribeCluster: 60,
  ShareGroupDescribe: 77,
  DescribeShareGroupOffsets: 90,
  AlterShareGroupOffsets: 91,
  DeleteShareGroupOffsets: 92,
  ListTransactions: 66,
  DescribeTransactions: 65,
  DescribeProducers: 61,
  WriteTxnMarkers: 27,
  InitProducerId: 22,
  AddPartitionsToTxn: 24,
  EndTxn: 26,
  ShareGroupHeartbeat: 76,
  ShareFetch: 78,
  ShareAcknowledge: 79,
  StreamsGroupDescribe: 89,
  OffsetFetch: 9,
  OffsetCommit: 8,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  Fetch: 1,
  DescribeAcls: 29,
  CreateAcls: 30,
  DeleteAcls: 31,
} as const;

/** What kafkajs's connection pool sends: a request to encode, a response to decode. */
export interface WireRequest<T> {
  /**
   * encode() resolves to anything with the request body as `buffer` (kafkajs's Encoder, or a plain
   * holder); `frameRoom` says how many bytes before it are free for the request header.
   */
  request: { apiKey: number; apiVersion: number; apiName: string; encode(): Promise<{ buffer: Buffer; frameRoom?: number }> };
  response: { decode(raw: Buffer): Promise<T>; parse(data: T): Promise<T> };
  /** How long to wait for the answer, when longer than the client's request timeout (a JoinGroup waits for the other members). */
  requestTimeout?: number;
}

/** Where a response body starts: after the header's tagged fields when the header is flexible (v1). */
export function responseBodyOffset(raw: Buffer, flexibleHeader: boolean): number {
  if (!flexibleHeader) return 0;
  let offset = 0;
  const uvarint = () => {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = raw[offset++]!;
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result >>> 0;
    }
  };
  for (let count = uvarint(); count > 0; count--) {
    uvarint();
    offset += uvarint();
  }
  return offset;
}

/**
 * A request and its response, encoded and decoded by the codec from Kafka's definitions; `read`
 * shapes the decoded response for the adapter.
 */
function apiRequest<T>(request: MessageSpec, response: MessageSpec, version: number, value: Struct, read: (answer: Struct) => T): WireRequest<T> {
  const flexible = inVersions(request.flexibleVersions, version);
  // A flexible request header (v2) is v1 plus tagged fields; kafkajs writes v1, so the empty tag
  // section leads our body. ApiVersions answers with header v0 even to a flexible request, so that
  // any client can read it.
  const body = encode(request, version, value);
  const payload = flexible ? Buffer.concat([Buffer.from([0]), body]) : body;
  const flexibleResponseHeader = flexible && request.apiKey !== ApiKey.ApiVersions;
  return {
    request: { apiKey: request.apiKey!, apiVersion: version, apiName: request.name.replace(/Request$/, ''), encode: async () => ({ buffer: payload }) },
    response: {
      decode: async (raw: Buffer) => read(decode(response, version, raw.subarray(responseBodyOffset(raw, flexibleResponseHeader)))),
      parse: async (data: T) => data,
    },
  };
}

type Row = Struct & Record<string, any>;

/** Kafka's errors past kafkajs's table, or worded otherwise by kafkajs (Kafka's Errors enum: name and default message). */
const NEWER_ERRORS: Record<number, [string, string]> = {
  86: ['GROUP_SUBSCRIBED_TO_TOPIC', 'Deleting offsets of a topic is forbidden while the consumer group is actively subscribed to it.'],
  89: ['THROTTLING_QUOTA_EXCEEDED', 'The throttling quota has been exceeded.'],
  90: ['PRODUCER_FENCED', 'There is a newer producer with the same transactionalId which fences the current one.'],
  91: ['RESOURCE_NOT_FOUND', 'A request illegally referred to a resource that does not exist.'],
  92: ['DUPLICATE_RESOURCE', 'A request illegally referred to the same resource twice.'],
  93: ['UNACCEPTABLE_CREDENTIAL', 'Requested credential would not meet criteria for acceptability.'],
  94: ['INCONSISTENT_VOTER_SET', 'Indicates that the either the sender or recipient of a voter-only request is not one of the expected voters.'],
  95: ['INVALID_UPDATE_VERSION', 'The given update version was invalid.'],
  96: ['FEATURE_UPDATE_FAILED', 'Unable to update finalized features due to an unexpected server error.'],
  97: ['PRINCIPAL_DESERIALIZATION_FAILURE', 'Request principal deserialization failed during forwarding. This indicates an internal error on the broker cluster security setup.'],
  98: ['SNAPSHOT_NOT_FOUND', 'Requested snapshot was not found.'],
  99: ['POSITION_OUT_OF_RANGE', 'Requested position is not greater than or equal to zero, and less than the size of the snapshot.'],
  100: ['UNKNOWN_TOPIC_ID', 'This server does not host this topic ID.'],
  101: ['DUPLICATE_BROKER_REGISTRATION', 'This broker ID is already in use.'],
  102: ['BROKER_ID_NOT_REGISTERED', 'The given broker ID was not registered.'],
  103: ['INCONSISTENT_TOPIC_ID', 'The log\'s topic ID did not match the topic ID in the request.'],
  104: ['INCONSISTENT_CLUSTER_ID', 'The clusterId in the request does not match that found on the server.'],
  105: ['TRANSACTIONAL_ID_NOT_FOUND', 'The transactionalId could not be found.'],
  106: ['FETCH_SESSION_TOPIC_ID_ERROR', 'The fetch session encountered inconsistent topic ID usage.'],
  107: ['INELIGIBLE_REPLICA', 'The new ISR contains at least one ineligible replica.'],
  108: ['NEW_LEADER_ELECTED', 'The AlterPartition request successfully updated the partition state but the leader has changed.'],
  109: ['OFFSET_MOVED_TO_TIERED_STORAGE', 'The requested offset is moved to tiered storage.'],
  110: ['FENCED_MEMBER_EPOCH', 'The member epoch is fenced by the group coordinator. The member must abandon all its partitions and rejoin.'],
  111: ['UNRELEASED_INSTANCE_ID', 'The instance ID is still used by another member in the consumer group. That member must leave first.'],
  112: ['UNSUPPORTED_ASSIGNOR', 'The assignor or its version range is not supported by the consumer group.'],
  113: ['STALE_MEMBER_EPOCH', 'The member epoch is stale. The member must retry after receiving its updated member epoch via the ConsumerGroupHeartbeat API.'],
  114: ['MISMATCHED_ENDPOINT_TYPE', 'The request was sent to an endpoint of the wrong type.'],
  115: ['UNSUPPORTED_ENDPOINT_TYPE', 'This endpoint type is not supported yet.'],
  116: ['UNKNOWN_CONTROLLER_ID', 'This controller ID is not known.'],
  117: ['UNKNOWN_SUBSCRIPTION_ID', 'Client sent a push telemetry request with an invalid or outdated subscription ID.'],
  118: ['TELEMETRY_TOO_LARGE', 'Client sent a push telemetry request larger than the maximum size the broker will accept.'],
  119: ['INVALID_REGISTRATION', 'The controller has considered the broker registration to be invalid.'],
  120: ['TRANSACTION_ABORTABLE', 'The server encountered an error with the transaction. The client can abort the transaction to continue using this transactional ID.'],
  121: ['INVALID_RECORD_STATE', 'The record state is invalid. The acknowledgement of delivery could not be completed.'],
  122: ['SHARE_SESSION_NOT_FOUND', 'The share session was not found.'],
  123: ['INVALID_SHARE_SESSION_EPOCH', 'The share session epoch is invalid.'],
  124: ['FENCED_STATE_EPOCH', 'The coordinator rejected the request because the state epoch did not match.'],
  125: ['INVALID_VOTER_KEY', 'The voter key doesn\'t match the receiving replica\'s key.'],
  126: ['DUPLICATE_VOTER', 'The voter is already part of the set of voters.'],
  127: ['VOTER_NOT_FOUND', 'The voter is not part of the set of voters.'],
  128: ['INVALID_REGULAR_EXPRESSION', 'The regular expression is not valid.'],
  129: ['REBOOTSTRAP_REQUIRED', 'Client metadata is stale. The client should rebootstrap to obtain new metadata.'],
  130: ['STREAMS_INVALID_TOPOLOGY', 'The supplied topology is invalid.'],
  131: ['STREAMS_INVALID_TOPOLOGY_EPOCH', 'The supplied topology epoch is invalid.'],
  132: ['STREAMS_TOPOLOGY_FENCED', 'The supplied topology epoch is outdated.'],
  133: ['SHARE_SESSION_LIMIT_REACHED', 'The limit of share sessions has been reached.'],
};

export function errorText(code: number): string | null {
  if (code === 0) return null;
  return NEWER_ERRORS[code]?.[1] ?? createErrorFromCode(code).message;
}

export function errorType(code: number): string {
  return NEWER_ERRORS[code]?.[0] ?? createErrorFromCode(code).type;
}

/** The error kafkajs raises for a code, so that its retry rules and ours treat it as any other. */
export function errorFromCode(code: number): Error & { type: string } {
  return createErrorFromCode(code);
}

export interface DescribedPartition {
  errorCode: number;
  partition: number;
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  elr: number[] | null;
  lastKnownElr: number[] | null;
  offlineReplicas: number[];
}

export interface DescribedTopic {
  errorCode: number;
  name: string;
  topicId: string;
  internal: boolean;
  partitions: DescribedPartition[];
}

export interface DescribeTopicPartitionsResult {
  topics: DescribedTopic[];
  nextCursor: { topic: string; partition: number } | null;
}

/** The newest version of an API that both the broker and this client (`ours`) speak; null when there is none. */
export function commonVersion(versions: Record<number, { minVersion: number; maxVersion: number }>, apiKey: number, ours: { min: number; max: number }): number | null {
  const range = versions[apiKey];
  if (!range) return null;
  const version = Math.min(ours.max, range.maxVersion);
  return version >= Math.max(ours.min, range.minVersion) ? version : null;
}

export const ConfigOperation = { SET: 0, DELETE: 1 } as const;

/** ConfigResource.Type's wire codes. */
export const ConfigResourceType = { TOPIC: 2, BROKER: 4, BROKER_LOGGER: 8, CLIENT_METRICS: 16, GROUP: 32 } as const;

export interface IncrementalAlterResult {
  errorCode: number;
  errorMessage: string | null;
  resourceName: string;
}

export interface OffsetDeleteResult {
  errorCode: number;
  partitions: Array<{ topic: string; partition: number; errorCode: number }>;
}

export interface ApiVersionsResult {
  errorCode: number;
  apiKeys: Array<{ apiKey: number; minVersion: number; maxVersion: number }>;
  supportedFeatures: Array<{ name: string; minVersion: number; maxVersion: number }>;
  finalizedFeatures: Array<{ name: string; maxVersionLevel: number; minVersionLevel: number }>;
  /** -1 when the broker does not say. */
  finalizedFeaturesEpoch: number;
}

/** From v1 (Kafka 3.7, KIP-919) a controller answers it, about the controllers. */
export const DESCRIBE_CLUSTER = { min: 1, max: 2 } as const;
export const EndpointType = { BROKER: 1, CONTROLLER: 2 } as const;

export interface DescribeClusterResult {
  errorCode: number;
  errorMessage: string | null;
  clusterId: string;
  controllerId: number;
  nodes: Array<{ nodeId: number; host: string; port: number; rack: string | null }>;
}

export function describeCluster(version: number, endpointType: number): WireRequest<DescribeClusterResult> {
  const value = { includeClusterAuthorizedOperations: false, endpointType, includeFencedBrokers: false };
  return apiRequest(messages.DescribeClusterRequest, messages.DescribeClusterResponse, version, value, (r: Row) => ({
    errorCode: r.errorCode,
    errorMessage: r.errorMessage,
    clusterId: r.clusterId,
    controllerId: r.controllerId,
    nodes: r.brokers.map((b: Row) => ({ nodeId: b.brokerId, host: b.host, port: b.port, rack: b.rack })),
  }));
}

export const DESCRIBE_QUORUM = { min: 0, max: 2 } as const;

export interface DescribeQuorumResult {
  errorCode: number;
  errorMessage: string | null;
  leaderId: number;
  leaderEpoch: number;
  highWatermark: number;
  voters: QuorumReplicaState[];
  observers: QuorumReplicaState[];
  /** v2: where each voter listens, by node id. */
  endpoints: Map<number, Array<{ name: string; host: string; port: number }>>;
}

export interface QuorumReplicaState {
  replicaId: number;
  /** The zero uuid before v2, and for voters fixed by controller.quorum.voters. */
  directoryId: string;
  logEndOffset: number;
  /** -1 when unknown (and before v1). */
  lastFetchTimestamp: number;
  lastCaughtUpTimestamp: number;
}

export interface DescribedConsumerGroupMember {
  memberId: string;
  instanceId: string | null;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  assignment: Array<{ topic: string; partitions: number[] }>;
  targetAssignment: Array<{ topic: string; partitions: number[] }>;
}

export interface DescribedConsumerGroup {
  errorCode: number;
  errorMessage: string | null;
  groupId: string;
  state: string;
  assignmentEpoch: number;
  assignorName: string;
  members: DescribedConsumerGroupMember[];
}

export interface ListedGroup {
  groupId: string;
  protocolType: string;
  state: string;
  type: string;
}

export interface DescribedLogDir {
  errorCode: number;
  path: string;
  partitions: Array<{ topic: string; partition: number; sizeBytes: number; offsetLag: number; future: boolean }>;
  /** v4+ (Kafka 3.3+); -1 before. */
  totalBytes: number;
  usableBytes: number;
}

const described = (withElr: boolean) => (t: Row): DescribedTopic => ({
  errorCode: t.errorCode,
  name: t.name ?? '',
  topicId: t.topicId,
  internal: t.isInternal,
  partitions: t.partitions.map((p: Row) => ({
    errorCode: p.errorCode,
    partition: p.partitionIndex,
    leader: p.leaderId,
    leaderEpoch: p.leaderEpoch,
    replicas: p.replicaNodes,
    isr: p.isrNodes,
    elr: withElr ? p.eligibleLeaderReplicas : null,
    lastKnownElr: withElr ? p.lastKnownElr : null,
    offlineReplicas: p.offlineReplicas,
  })),
});

export function describeTopicPartitions(names: string[], partitionLimit: number, cursor: { topic: string; partition: number } | null): WireRequest<DescribeTopicPartitionsResult> {
  const value = { topics: names.map((name) => ({ name })), responsePartitionLimit: partitionLimit, cursor: cursor && { topicName: cursor.topic, partitionIndex: cursor.partition } };
  return apiRequest(messages.DescribeTopicPartitionsRequest, messages.DescribeTopicPartitionsResponse, 0, value, (r: Row) => ({
    topics: r.topics.map(described(true)),
    nextCursor: r.nextCursor && { topic: r.nextCursor.topicName, partition: r.nextCursor.partitionIndex },
  }));
}

/** The Metadata versions that carry topic ids (KIP-516: Kafka 2.8 brokers answer v10 and v11; 3.0 and later v12). */
export const METADATA_WITH_TOPIC_IDS = { min: 10, max: 12 } as const;
/** The first Metadata version that looks topics up by id. */
export const METADATA_BY_TOPIC_ID = 12;

/**
 * Metadata for topics, with their ids: what a broker without DescribeTopicPartitions
 * (ZooKeeper-mode brokers, KRaft before 3.7) knows about named topics (`version` 10 to 12), or
 * what a broker knows of topics by id (v12 only: brokers before it ignore the id).
 */
export function metadataWithTopicIds(topics: { names: string[] } | { ids: string[] }, version: number): WireRequest<DescribedTopic[]> {
  const value = { topics: 'ids' in topics ? topics.ids.map((topicId) => ({ topicId, name: null })) : topics.names.map((name) => ({ name })), allowAutoTopicCreation: false };
  return apiRequest(messages.MetadataRequest, messages.MetadataResponse, version, value, (r: Row) => r.topics.map(described(false)));
}

/** DescribeConfigs v1 (Kafka 1.1+, synonyms) to v4. */
export const DESCRIBE_CONFIGS = { min: 1, max: 4 } as const;

export interface DescribedConfigs {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
  configs: Array<{ name: string; value: string | null; readOnly: boolean; source: number; sensitive: boolean; synonyms: Array<{ name: string; value: string | null; source: number }> }>;
}

export function describeConfigs(version: number, resources: Array<{ type: number; name: string }>, includeSynonyms: boolean): WireRequest<DescribedConfigs[]> {
  const value = { resources: resources.map((r) => ({ resourceType: r.type, resourceName: r.name, configurationKeys: null })), includeSynonyms, includeDocumentation: false };
  return apiRequest(messages.DescribeConfigsRequest, messages.DescribeConfigsResponse, version, value, (r: Row) =>
    r.results.map((x: Row) => ({
      errorCode: x.errorCode,
      errorMessage: x.errorMessage,
      resourceType: x.resourceType,
      resourceName: x.resourceName,
      configs: x.configs.map((c: Row) => ({
        name: c.name,
        value: c.value,
        readOnly: c.readOnly,
        source: c.configSource,
        sensitive: c.isSensitive,
        synonyms: (c.synonyms ?? []).map((y: Row) => ({ name: y.name, value: y.value, source: y.source })),
      })),
    })),
  );
}

/** ListConfigResources v0 (Kafka 3.7+, as ListClientMetricsResources: client metrics only) and v1 (4.1+, any type). */
export const LIST_CONFIG_RESOURCES = { min: 0, max: 1 } as const;

export function listConfigResources(version: number, types: number[]): WireRequest<{ errorCode: number; resources: Array<{ name: string; type: number }> }> {
  return apiRequest(messages.ListConfigResourcesRequest, messages.ListConfigResourcesResponse, version, { resourceTypes: types }, (r: Row) => ({
    errorCode: r.errorCode,
    resources: r.configResources.map((c: Row) => ({ name: c.resourceName, type: c.resourceType })),
  }));
}

/** A client-quota entity part: Kafka's entity types `user`, `client-id`, `ip`; a null name is the default entity. */
export interface QuotaEntityPart {
  type: string;
  name: string | null;
}

/** DescribeClientQuotas match types: a name, the default entity, any entity of the type. */
export const QuotaMatch = { EXACT: 0, DEFAULT: 1, ANY: 2 } as const;

export function describeClientQuotas(
  version: number,
  components: Array<{ entityType: string; matchType: number; match: string | null }>,
  strict: boolean,
): WireRequest<{ errorCode: number; errorMessage: string | null; entries: Array<{ entity: QuotaEntityPart[]; values: Array<{ key: string; value: number }> }> }> {
  return apiRequest(messages.DescribeClientQuotasRequest, messages.DescribeClientQuotasResponse, version, { components, strict }, (r: Row) => ({
    errorCode: r.errorCode,
    errorMessage: r.errorMessage,
    entries: (r.entries ?? []).map((e: Row) => ({
      entity: e.entity.map((p: Row) => ({ type: p.entityType, name: p.entityName })),
      values: e.values.map((v: Row) => ({ key: v.key, value: v.value })),
    })),
  }));
}

export function alterClientQuotas(
  version: number,
  entity: QuotaEntityPart[],
  ops: Array<{ key: string; value: number | null }>,
): WireRequest<Array<{ errorCode: number; errorMessage: string | null }>> {
  const value = {
    entries: [{ entity: entity.map((p) => ({ entityType: p.type, entityName: p.name })), ops: ops.map((o) => ({ key: o.key, value: o.value ?? 0, remove: o.value === null })) }],
    validateOnly: false,
  };
  return apiRequest(messages.AlterClientQuotasRequest, messages.AlterClientQuotasResponse, version, value, (r: Row) =>
    r.entries.map((e: Row) => ({ errorCode: e.errorCode, errorMessage: e.errorMessage })),
  );
}

/** ScramMechanism's wire codes. */
export const ScramMechanismCode = { 'SCRAM-SHA-256': 1, 'SCRAM-SHA-512': 2 } as const;

export interface DescribedScramUser {
  user: string;
  errorCode: number;
  errorMessage: string | null;
  credentials: Array<{ mechanism: number; iterations: number }>;
}

/** DescribeUserScramCredentials v0 (Kafka 2.7+); null users: every user with a credential. */
export function describeUserScramCredentials(users: string[] | null): WireRequest<{ errorCode: number; errorMessage: string | null; results: DescribedScramUser[] }> {
  return apiRequest(messages.DescribeUserScramCredentialsRequest, messages.DescribeUserScramCredentialsResponse, 0, { users: users?.map((name) => ({ name })) ?? null }, (r: Row) => ({
    errorCode: r.errorCode,
    errorMessage: r.errorMessage,
    results: r.results.map((x: Row) => ({ user: x.user, errorCode: x.errorCode, errorMessage: x.errorMessage, credentials: x.credentialInfos.map((c: Row) => ({ mechanism: c.mechanism, iterations: c.iterations })) })),
  }));
}

export function alterUserScramCredentials(
  deletions: Array<{ name: string; mechanism: number }>,
  upsertions: Array<{ name: string; mechanism: number; iterations: number; salt: Buffer; saltedPassword: Buffer }>,
): WireRequest<Array<{ user: string; errorCode: number; errorMessage: string | null }>> {
  return apiRequest(messages.AlterUserScramCredentialsRequest, messages.AlterUserScramCredentialsResponse, 0, { deletions, upsertions }, (r: Row) =>
    r.results.map((x: Row) => ({ user: x.user, errorCode: x.errorCode, errorMessage: x.errorMessage })),
  );
}

/** DescribeAcls, CreateAcls and DeleteAcls v1 (Kafka 2.0+, pattern types) to v3. */
export const ACLS = { min: 1, max: 3 } as const;

/** An ACL binding or filter as the wire has it: enum codes; a null name, principal or host matches any. */
export interface WireAcl {
  resourceType: number;
  resourceName: string | null;
  patternType: number;
  principal: string | null;
  host: string | null;
  operation: number;
  permissionType: number;
}

export function describeAcls(version: number, filter: WireAcl): WireRequest<{ errorCode: number; errorMessage: string | null; acls: WireAcl[] }> {
  const value = {
    resourceTypeFilter: filter.resourceType,
    resourceNameFilter: filter.resourceName,
    patternTypeFilter: filter.patternType,
    principalFilter: filter.principal,
    hostFilter: filter.host,
    operation: filter.operation,
    permissionType: filter.permissionType,
  };
  return apiRequest(messages.DescribeAclsRequest, messages.DescribeAclsResponse, version, value, (r: Row) => ({
    errorCode: r.errorCode,
    errorMessage: r.errorMessage,
    acls: r.resources.flatMap((res: Row) =>
      res.acls.map((a: Row) => ({ resourceType: res.resourceType, resourceName: res.resourceName, patternType: res.patternType, principal: a.principal, host: a.host, operation: a.operation, permissionType: a.permissionType })),
    ),
  }));
}

export function createAcls(version: number, acls: WireAcl[]): WireRequest<Array<{ errorCode: number; errorMessage: string | null }>> {
  const creations = acls.map((a) => ({ resourceType: a.resourceType, resourceName: a.resourceName, resourcePatternType: a.patternType, principal: a.principal, host: a.host, operation: a.operation, permissionType: a.permissionType }));
  return apiRequest(messages.CreateAclsRequest, messages.CreateAclsResponse, version, { creations }, (r: Row) => r.results.map((x: Row) => ({ errorCode: x.errorCode, errorMessage: x.errorMessage })));
}

export function deleteAcls(version: number, filters: WireAcl[]): WireRequest<Array<{ errorCode: number; errorMessage: string | null; deleted: Array<WireAcl & { errorCode: number; errorMessage: string | null }> }>> {
  const value = {
    filters: filters.map((f) => ({ resourceTypeFilter: f.resourceType, resourceNameFilter: f.resourceName, patternTypeFilter: f.patternType, principalFilter: f.principal, hostFilter: f.host, operation: f.operation, permissionType: f.permissionType })),
  };
  return apiRequest(messages.DeleteAclsRequest, messages.DeleteAclsResponse, version, value, (r: Row) =>
    r.filterResults.map((x: Row) => ({
      errorCode: x.errorCode,
      errorMessage: x.errorMessage,
      deleted: x.matchingAcls.map((m: Row) => ({ errorCode: m.errorCode, errorMessage: m.errorMessage, resourceType: m.resourceType, resourceName: m.resourceName, patternType: m.patternType, principal: m.principal, host: m.host, operation: m.operation, permissionType: m.permissionType })),
    })),
  );
}

export function incrementalAlterConfigs(
  resources: Array<{ type: number; name: string; configs: Array<{ name: string; op: number; value: string | null }> }>,
): WireRequest<IncrementalAlterResult[]> {
  const value = {
    resources: resources.map((res) => ({ resourceType: res.type, resourceName: res.name, configs: res.configs.map((c) => ({ name: c.name, configOperation: c.op, value: c.value })) })),
    validateOnly: false,
  };
  return apiRequest(messages.IncrementalAlterConfigsRequest, messages.IncrementalAlterConfigsResponse, 0, value, (r: Row) =>
    r.responses.map((x: Row) => ({ errorCode: x.errorCode, errorMessage: x.errorMessage, resourceName: x.resourceName })),
  );
}

export function offsetDelete(groupId: string, topics: Map<string, number[]>): WireRequest<OffsetDeleteResult> {
  const value = { groupId, topics: [...topics].map(([name, partitions]) => ({ name, partitions: partitions.map((partitionIndex) => ({ partitionIndex })) })) };
  return apiRequest(messages.OffsetDeleteRequest, messages.OffsetDeleteResponse, 0, value, (r: Row) => ({
    errorCode: r.errorCode,
    partitions: r.topics.flatMap((t: Row) => t.partitions.map((p: Row) => ({ topic: t.name, partition: p.partitionIndex, errorCode: p.errorCode }))),
  }));
}

/**
 * ApiVersions v3+ (Kafka 2.4+): kafkajs asks for v2, which carries no feature levels. Below v4 a
 * broker leaves out the features whose lowest level is 0 (KIP-1022).
 */
export const API_VERSIONS_WITH_FEATURES = { min: 3, max: 4 } as const;
export function apiVersionsWithFeatures(version: number = API_VERSIONS_WITH_FEATURES.min): WireRequest<ApiVersionsResult> {
  return apiRequest(messages.ApiVersionsRequest, messages.ApiVersionsResponse, version, { clientSoftwareName: 'kafka-cli', clientSoftwareVersion: '1' }, (r: Row) => ({
    errorCode: r.errorCode,
    apiKeys: r.apiKeys.map((k: Row) => ({ apiKey: k.apiKey, minVersion: k.minVersion, maxVersion: k.maxVersion })),
    supportedFeatures: r.supportedFeatures.map((f: Row) => ({ name: f.name, minVersion: f.minVersion, maxVersion: f.maxVersion })),
    finalizedFeatures: r.finalizedFeatures.map((f: Row) => ({ name: f.name, maxVersionLevel: f.maxVersionLevel, minVersionLevel: f.minVersionLevel })),
    finalizedFeaturesEpoch: r.finalizedFeaturesEpoch,
  }));
}

export const UPDATE_FEATURES = { min: 0, max: 2 } as const;
/** FeatureUpdate.UpgradeType's codes (v1+); v0 had only "allow downgrade". */
export const UpgradeType = { UPGRADE: 1, SAFE_DOWNGRADE: 2, UNSAFE_DOWNGRADE: 3 } as const;

export interface UpdateFeaturesResult {
  errorCode: number;
  errorMessage: string | null;
  /** v0-v1: per feature; v2 answers for all at once (empty). */
  results: Array<{ feature: string; errorCode: number; errorMessage: string | null }>;
}

/** UpdateFeatures: feature levels set (or, with validateOnly from v1, checked) all at once by the controller. */
export function updateFeatures(version: number, updates: Array<{ feature: string; level: number; upgradeType: number }>, validateOnly: boolean, timeoutMs: number): WireRequest<UpdateFeaturesResult> {
  // Each version writes its own of the two: allowDowngrade (v0) or upgradeType (v1+).
  const featureUpdates = updates.map((u) => ({ feature: u.feature, maxVersionLevel: u.level, allowDowngrade: u.upgradeType !== UpgradeType.UPGRADE, upgradeType: u.upgradeType }));
  return apiRequest(messages.UpdateFeaturesRequest, messages.UpdateFeaturesResponse, version, { timeoutMs, featureUpdates, validateOnly }, (r: Row) => ({
    errorCode: r.errorCode,
    errorMessage: r.errorMessage,
    results: (r.results ?? []).map((f: Row) => ({ feature: f.feature, errorCode: f.errorCode, errorMessage: f.errorMessage })),
  }));
}

/** DescribeQuorum for the KRaft metadata log: the active controller, voters and observers, and how far each has replicated. */
export function describeQuorum(version: number): WireRequest<DescribeQuorumResult> {
  const value = { topics: [{ topicName: '__cluster_metadata', partitions: [{ partitionIndex: 0 }] }] };
  const replica = (v: Row): QuorumReplicaState => ({
    replicaId: v.replicaId,
    directoryId: v.replicaDirectoryId,
    logEndOffset: v.logEndOffset,
    lastFetchTimestamp: v.lastFetchTimestamp,
    lastCaughtUpTimestamp: v.lastCaughtUpTimestamp,
  });
  return apiRequest(messages.DescribeQuorumRequest, messages.DescribeQuorumResponse, version, value, (r: Row) => {
    const p: Row | undefined = r.topics[0]?.partitions[0];
    return {
      errorCode: r.errorCode || (p?.errorCode ?? 0),
      errorMessage: r.errorMessage ?? p?.errorMessage ?? null,
      leaderId: p?.leaderId ?? -1,
      leaderEpoch: p?.leaderEpoch ?? -1,
      highWatermark: p?.highWatermark ?? -1,
      voters: p ? p.currentVoters.map(replica) : [],
      observers: p ? p.observers.map(replica) : [],
      endpoints: new Map((r.nodes ?? []).map((n: Row) => [n.nodeId, n.listeners.map((l: Row) => ({ name: l.name, host: l.host, port: l.port }))])),
    };
  });
}

/** ShareGroupDescribe v0 was Kafka 4.0's early-access form; v1 is the one Kafka 4.1 made final. */
export const SHARE_GROUP_DESCRIBE = { min: 1, max: 1 } as const;
/** The share-group offset admin APIs have one version so far. */
export const ONLY_V0 = { min: 0, max: 0 } as const;

/** ShareGroupDescribe v1 (KIP-932, Kafka 4.1+). */
export function shareGroupDescribe(groupIds: string[]): WireRequest<DescribedShareGroup[]> {
  return apiRequest(messages.ShareGroupDescribeRequest, messages.ShareGroupDescribeResponse, 1, { groupIds, includeAuthorizedOperations: false }, (r: Row) =>
    r.groups.map((g: Row) => ({
      errorCode: g.errorCode,
      errorMessage: g.errorMessage,
      groupId: g.groupId,
      state: g.groupState,
      groupEpoch: g.groupEpoch,
      assignmentEpoch: g.assignmentEpoch,
      members: g.members.map((m: Row) => ({
        memberId: m.memberId,
        memberEpoch: m.memberEpoch,
        clientId: m.clientId,
        clientHost: m.clientHost,
        assignment: m.assignment.topicPartitions.flatMap((t: Row) => t.partitions.map((partition: number) => ({ topic: t.topicName, partition }))),
      })),
    })),
  );
}

export interface DescribedShareGroup {
  errorCode: number;
  errorMessage: string | null;
  groupId: string;
  state: string;
  groupEpoch: number;
  assignmentEpoch: number;
  members: Array<{ memberId: string; memberEpoch: number; clientId: string; clientHost: string; assignment: Array<{ topic: string; partition: number }> }>;
}

export const DESCRIBE_SHARE_GROUP_OFFSETS = { min: 0, max: 1 } as const;

export interface ShareGroupOffsetsResult {
  errorCode: number;
  errorMessage: string | null;
  /** -1 where unknown (startOffset: no state yet; lag: before v1 or not known). */
  partitions: Array<{ topic: string; partition: number; startOffset: number; leaderEpoch: number; lag: number; errorCode: number; errorMessage: string | null }>;
}

/** DescribeShareGroupOffsets for one group, every partition it has state for. */
export function describeShareGroupOffsets(version: number, groupId: string): WireRequest<ShareGroupOffsetsResult> {
  return apiRequest(messages.DescribeShareGroupOffsetsRequest, messages.DescribeShareGroupOffsetsResponse, version, { groups: [{ groupId, topics: null }] }, (r: Row) => {
    const group: Row | undefined = r.groups.find((g: Row) => g.groupId === groupId);
    return {
      errorCode: group?.errorCode ?? 0,
      errorMessage: group?.errorMessage ?? null,
      partitions: (group?.topics ?? []).flatMap((t: Row) =>
        t.partitions.map((p: Row) => ({ topic: t.topicName, partition: p.partitionIndex, startOffset: p.startOffset, leaderEpoch: p.leaderEpoch, lag: p.lag, errorCode: p.errorCode, errorMessage: p.errorMessage })),
      ),
    };
  });
}

/** AlterShareGroupOffsets v0: where delivery starts, set from outside the group (it must be empty). */
export function alterShareGroupOffsets(groupId: string, topics: Map<string, Array<{ partition: number; offset: number }>>): WireRequest<{ errorCode: number; errorMessage: string | null; partitions: Array<{ topic: string; partition: number; errorCode: number; errorMessage: string | null }> }> {
  const value = { groupId, topics: [...topics].map(([topicName, ps]) => ({ topicName, partitions: ps.map((p) => ({ partitionIndex: p.partition, startOffset: p.offset })) })) };
  return apiRequest(messages.AlterShareGroupOffsetsRequest, messages.AlterShareGroupOffsetsResponse, 0, value, (r: Row) => ({
    errorCode: r.errorCode,
    errorMessage: r.errorMessage,
    partitions: r.responses.flatMap((t: Row) => t.partitions.map((p: Row) => ({ topic: t.topicName, partition: p.partitionIndex, errorCode: p.errorCode, errorMessage: p.errorMessage }))),
  }));
}

/** DeleteShareGroupOffsets v0: a share group forgets where it is on these topics. */
export function deleteShareGroupOffsets(groupId: string, topics: string[]): WireRequest<{ errorCode: number; errorMessage: string | null; topics: Array<{ topic: string; errorCode: number; errorMessage: string | null }> }> {
  return apiRequest(messages.DeleteShareGroupOffsetsRequest, messages.DeleteShareGroupOffsetsResponse, 0, { groupId, topics: topics.map((topicName) => ({ topicName })) }, (r: Row) => ({
    errorCode: r.errorCode,
    errorMessage: r.errorMessage,
    topics: r.responses.map((t: Row) => ({ topic: t.topicName, errorCode: t.errorCode, errorMessage: t.errorMessage })),
  }));
}

export const LIST_TRANSACTIONS = { min: 0, max: 2 } as const;

/** ListTransactions: the transactions one coordinator holds (each broker is asked for its own). Durations need v1, patterns v2. */
export function listTransactions(version: number, filters: TransactionFilters): WireRequest<{ errorCode: number; transactions: Array<{ transactionalId: string; producerId: number; state: string }> }> {
  const value = { stateFilters: [], producerIdFilters: filters.producerIds ?? [], durationFilter: filters.runningLongerThanMs ?? -1, transactionalIdPattern: filters.transactionalIdPattern ?? null };
  return apiRequest(messages.ListTransactionsRequest, messages.ListTransactionsResponse, version, value, (r: Row) => ({
    errorCode: r.errorCode,
    transactions: r.transactionStates.map((t: Row) => ({ transactionalId: t.transactionalId, producerId: t.producerId, state: t.transactionState })),
  }));
}

export interface DescribedTransaction {
  errorCode: number;
  transactionalId: string;
  state: string;
  timeoutMs: number;
  /** -1 when no transaction has started. */
  startTimeMs: number;
  producerId: number;
  producerEpoch: number;
  partitions: Array<{ topic: string; partition: number }>;
}

/** DescribeTransactions v0, at the transactional ids' coordinator. */
export function describeTransactions(transactionalIds: string[]): WireRequest<DescribedTransaction[]> {
  return apiRequest(messages.DescribeTransactionsRequest, messages.DescribeTransactionsResponse, 0, { transactionalIds }, (r: Row) =>
    r.transactionStates.map((t: Row) => ({
      errorCode: t.errorCode,
      transactionalId: t.transactionalId,
      state: t.transactionState,
      timeoutMs: t.transactionTimeoutMs,
      startTimeMs: t.transactionStartTimeMs,
      producerId: t.producerId,
      producerEpoch: t.producerEpoch,
      partitions: t.topics.flatMap((topic: Row) => topic.partitions.map((partition: number) => ({ topic: topic.topic, partition }))),
    })),
  );
}

export interface DescribedProducers {
  topic: string;
  partition: number;
  errorCode: number;
  errorMessage: string | null;
  producers: Array<{ producerId: number; producerEpoch: number; lastSequence: number; lastTimestamp: number; coordinatorEpoch: number; currentTxnStartOffset: number }>;
}

/** DescribeProducers v0: the producers a replica keeps state for, with their open transactions. */
export function describeProducers(partitions: Map<string, number[]>): WireRequest<DescribedProducers[]> {
  const value = { topics: [...partitions].map(([name, partitionIndexes]) => ({ name, partitionIndexes })) };
  return apiRequest(messages.DescribeProducersRequest, messages.DescribeProducersResponse, 0, value, (r: Row) =>
    r.topics.flatMap((t: Row) =>
      t.partitions.map((p: Row) => ({
        topic: t.name,
        partition: p.partitionIndex,
        errorCode: p.errorCode,
        errorMessage: p.errorMessage,
        producers: p.activeProducers.map((a: Row) => ({
          producerId: a.producerId,
          producerEpoch: a.producerEpoch,
          lastSequence: a.lastSequence,
          lastTimestamp: a.lastTimestamp,
          coordinatorEpoch: a.coordinatorEpoch,
          currentTxnStartOffset: a.currentTxnStartOffset,
        })),
      })),
    ),
  );
}

export const WRITE_TXN_MARKERS = { min: 1, max: 1 } as const;

/** WriteTxnMarkers v1: an abort marker written straight to a partition's leader (what Kafka's admin abortTransaction sends). */
export function writeAbortMarker(spec: { topic: string; partition: number; producerId: number; producerEpoch: number; coordinatorEpoch: number }): WireRequest<{ errorCode: number }> {
  const value = { markers: [{ producerId: spec.producerId, producerEpoch: spec.producerEpoch, transactionResult: false, topics: [{ name: spec.topic, partitionIndexes: [spec.partition] }], coordinatorEpoch: spec.coordinatorEpoch, transactionVersion: 0 }] };
  return apiRequest(messages.WriteTxnMarkersRequest, messages.WriteTxnMarkersResponse, 1, value, (r: Row) => ({
    errorCode: r.markers[0]?.topics[0]?.partitions[0]?.errorCode ?? 0,
  }));
}

/** ConsumerGroupDescribe v0 (KIP-848): groups of the consumer protocol, which DescribeGroups does not see. */
export function consumerGroupDescribe(groupIds: string[]): WireRequest<DescribedConsumerGroup[]> {
  const assignment = (a: Row) => a.topicPartitions.map((t: Row) => ({ topic: t.topicName, partitions: t.partitions }));
  return apiRequest(messages.ConsumerGroupDescribeRequest, messages.ConsumerGroupDescribeResponse, 0, { groupIds, includeAuthorizedOperations: false }, (r: Row) =>
    r.groups.map((g: Row) => ({
      errorCode: g.errorCode,
      errorMessage: g.errorMessage,
      groupId: g.groupId,
      state: g.groupState,
      assignmentEpoch: g.assignmentEpoch,
      assignorName: g.assignorName,
      members: g.members.map((m: Row) => ({
        memberId: m.memberId,
        instanceId: m.instanceId,
        memberEpoch: m.memberEpoch,
        clientId: m.clientId,
        clientHost: m.clientHost,
        assignment: assignment(m.assignment),
        targetAssignment: assignment(m.targetAssignment),
      })),
    })),
  );
}

/** ListGroups v5 (Kafka 3.8+): every group the broker coordinates, with its state and type. */
export function listGroupsV5(): WireRequest<{ errorCode: number; groups: ListedGroup[] }> {
  return apiRequest(messages.ListGroupsRequest, messages.ListGroupsResponse, 5, { statesFilter: [], typesFilter: [] }, (r: Row) => ({
    errorCode: r.errorCode,
    groups: r.groups.map((g: Row) => ({ groupId: g.groupId, protocolType: g.protocolType, state: g.groupState, type: g.groupType })),
  }));
}

/** The newest DescribeLogDirs we speak: v4 adds the volume's total and usable bytes. */
export const DESCRIBE_LOG_DIRS = { min: 1, max: 4 } as const;

/** DescribeLogDirs for every topic (a null list) of the broker it is sent to. */
export function describeLogDirs(version: number): WireRequest<{ errorCode: number; logDirs: DescribedLogDir[] }> {
  return apiRequest(messages.DescribeLogDirsRequest, messages.DescribeLogDirsResponse, version, { topics: null }, (r: Row) => ({
    errorCode: r.errorCode,
    logDirs: r.results.map((d: Row) => ({
      errorCode: d.errorCode,
      path: d.logDir,
      partitions: d.topics.flatMap((t: Row) => t.partitions.map((p: Row) => ({ topic: t.name, partition: p.partitionIndex, sizeBytes: p.partitionSize, offsetLag: p.offsetLag, future: p.isFutureKey }))),
      totalBytes: d.totalBytes,
      usableBytes: d.usableBytes,
    })),
  }));
}

/** ListOffsets v1 to v7 (v7, Kafka 3.0+, finds the record with the largest timestamp: KIP-734). */
export const LIST_OFFSETS = { min: 1, max: 7, maxTimestamp: 7 } as const;

export interface ListedOffset {
  topic: string;
  partition: number;
  errorCode: number;
  offset: number;
  /** The found record's timestamp for a timestamp or max-timestamp query; -1 otherwise. */
  timestamp: number;
}

export function listOffsets(version: number, isolationLevel: number, topics: Map<string, number[]>, timestamp: number): WireRequest<ListedOffset[]> {
  const value = {
    replicaId: -1,
    isolationLevel,
    topics: [...topics].map(([name, partitions]) => ({ name, partitions: partitions.map((partitionIndex) => ({ partitionIndex, timestamp })) })),
  };
  return apiRequest(messages.ListOffsetsRequest, messages.ListOffsetsResponse, version, value, (r: Row) =>
    r.topics.flatMap((t: Row) => t.partitions.map((p: Row) => ({ topic: t.name, partition: p.partitionIndex, errorCode: p.errorCode, offset: p.offset, timestamp: p.timestamp }))),
  );
}

export interface DeletedRecords {
  topic: string;
  partition: number;
  errorCode: number;
  lowWatermark: number;
}

/** DeleteRecords v0 to v2 (v2 flexible, Kafka 2.4+): each partition's log start moved up to the offset (-1: the high watermark). */
export function deleteRecords(version: number, topics: Map<string, Array<{ partition: number; offset: number }>>, timeoutMs: number): WireRequest<DeletedRecords[]> {
  const value = { topics: [...topics].map(([name, partitions]) => ({ name, partitions: partitions.map((p) => ({ partitionIndex: p.partition, offset: p.offset })) })), timeoutMs };
  return apiRequest(messages.DeleteRecordsRequest, messages.DeleteRecordsResponse, version, value, (r: Row) =>
    r.topics.flatMap((t: Row) => t.partitions.map((p: Row) => ({ topic: t.name, partition: p.partitionIndex, errorCode: p.errorCode, lowWatermark: p.lowWatermark }))),
  );
}

/** The versions a transactional producer speaks: before KIP-890 part 2, which bumps the epoch per transaction (EndTxn v5). */
export const INIT_PRODUCER_ID = { min: 0, max: 4 } as const;
export const ADD_PARTITIONS_TO_TXN = { min: 0, max: 3 } as const;
export const END_TXN = { min: 0, max: 4 } as const;

/** InitProducerId for a transactional id, at its coordinator: fences an older producer of the id and aborts its open transaction. */
export function initTransactionalProducer(version: number, transactionalId: string, transactionTimeoutMs: number): WireRequest<{ errorCode: number; producerId: number; producerEpoch: number }> {
  return apiRequest(messages.InitProducerIdRequest, messages.InitProducerIdResponse, version, { transactionalId, transactionTimeoutMs, producerId: -1, producerEpoch: -1 }, (r: Row) => ({
    errorCode: r.errorCode,
    producerId: r.producerId,
    producerEpoch: r.producerEpoch,
  }));
}

export interface TransactionProducer {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
}

/** AddPartitionsToTxn (the client's versions, 0-3): the partitions a transaction is about to write to. */
export function addPartitionsToTxn(version: number, producer: TransactionProducer, topics: Array<{ name: string; partitions: number[] }>): WireRequest<Array<{ topic: string; partition: number; errorCode: number }>> {
  const value = { v3AndBelowTransactionalId: producer.transactionalId, v3AndBelowProducerId: producer.producerId, v3AndBelowProducerEpoch: producer.producerEpoch, v3AndBelowTopics: topics };
  return apiRequest(messages.AddPartitionsToTxnRequest, messages.AddPartitionsToTxnResponse, version, value, (r: Row) =>
    r.resultsByTopicV3AndBelow.flatMap((t: Row) => t.resultsByPartition.map((p: Row) => ({ topic: t.name, partition: p.partitionIndex, errorCode: p.partitionErrorCode }))),
  );
}

/** EndTxn: commit or abort the open transaction, at the coordinator. */
export function endTxn(version: number, producer: TransactionProducer, committed: boolean): WireRequest<{ errorCode: number }> {
  return apiRequest(messages.EndTxnRequest, messages.EndTxnResponse, version, { transactionalId: producer.transactionalId, producerId: producer.producerId, producerEpoch: producer.producerEpoch, committed }, (r: Row) => ({ errorCode: r.errorCode }));
}

/** A share consumer's APIs: version 1 is the one Kafka 4.1 made final; ShareFetch/ShareAcknowledge v2 (4.2+) only add fields we leave at their defaults. */
export const SHARE_GROUP_HEARTBEAT = { min: 1, max: 1 } as const;
export const SHARE_FETCH = { min: 1, max: 2 } as const;

export interface ShareHeartbeatAnswer {
  errorCode: number;
  errorMessage: string | null;
  memberEpoch: number;
  heartbeatIntervalMs: number;
  /** Topic id → partitions; null when unchanged since the last heartbeat. */
  assignment: Array<{ topicId: string; partitions: number[] }> | null;
}

/** ShareGroupHeartbeat: epoch 0 joins (with the topics), the member's epoch stays, -1 leaves. */
export function shareGroupHeartbeat(groupId: string, memberId: string, memberEpoch: number, subscribedTopicNames: string[] | null): WireRequest<ShareHeartbeatAnswer> {
  return apiRequest(messages.ShareGroupHeartbeatRequest, messages.ShareGroupHeartbeatResponse, 1, { groupId, memberId, memberEpoch, rackId: null, subscribedTopicNames }, (r: Row) => ({
    errorCode: r.errorCode,
    errorMessage: r.errorMessage,
    memberEpoch: r.memberEpoch,
    heartbeatIntervalMs: r.heartbeatIntervalMs,
    assignment: r.assignment ? r.assignment.topicPartitions.map((t: Row) => ({ topicId: t.topicId, partitions: t.partitions })) : null,
  }));
}

/** Acknowledgements of a range of offsets: one type for the range, or one per offset. 0 gap, 1 accept, 2 release, 3 reject. */
export interface AcknowledgementBatch {
  firstOffset: number;
  lastOffset: number;
  acknowledgeTypes: number[];
}

export interface SharePartitionRequest {
  topicId: string;
  partition: number;
  acknowledgements: AcknowledgementBatch[];
}

export interface ShareFetchedPartition {
  topicId: string;
  partition: number;
  errorCode: number;
  errorMessage: string | null;
  acknowledgeErrorCode: number;
  records: Buffer | null;
  acquired: Array<{ firstOffset: number; lastOffset: number; deliveryCount: number }>;
}

const byTopicId = (partitions: SharePartitionRequest[]) => {
  const topics = new Map<string, Row[]>();
  for (const p of partitions) {
    const list = topics.get(p.topicId) ?? [];
    list.push({ partitionIndex: p.partition, acknowledgementBatches: p.acknowledgements.map((b) => ({ ...b })) });
    topics.set(p.topicId, list);
  }
  return [...topics].map(([topicId, list]) => ({ topicId, partitions: list }));
};

/**
 * ShareFetch at a partition leader, in the member's share session there: epoch 0 opens it (with
 * every partition), later epochs name only what changed; acknowledgements ride along.
 */
export function shareFetch(
  version: number,
  request: { groupId: string; memberId: string; sessionEpoch: number; maxWaitMs: number; maxRecords: number; partitions: SharePartitionRequest[]; forgotten: Array<{ topicId: string; partition: number }> },
): WireRequest<{ errorCode: number; errorMessage: string | null; partitions: ShareFetchedPartition[] }> {
  const forgotten = new Map<string, number[]>();
  for (const f of request.forgotten) forgotten.set(f.topicId, [...(forgotten.get(f.topicId) ?? []), f.partition]);
  const value = {
    groupId: request.groupId,
    memberId: request.memberId,
    shareSessionEpoch: request.sessionEpoch,
    maxWaitMs: request.maxWaitMs,
    minBytes: 1,
    maxBytes: 52_428_800,
    maxRecords: request.maxRecords,
    batchSize: request.maxRecords,
    topics: byTopicId(request.partitions),
    forgottenTopicsData: [...forgotten].map(([topicId, partitions]) => ({ topicId, partitions })),
  };
  return apiRequest(messages.ShareFetchRequest, messages.ShareFetchResponse, version, value, (r: Row) => ({
    errorCode: r.errorCode,
    errorMessage: r.errorMessage,
    partitions: r.responses.flatMap((t: Row) =>
      t.partitions.map((p: Row) => ({
        topicId: t.topicId,
        partition: p.partitionIndex,
        errorCode: p.errorCode,
        errorMessage: p.errorMessage,
        acknowledgeErrorCode: p.acknowledgeErrorCode,
        records: p.records,
        acquired: p.acquiredRecords,
      })),
    ),
  }));
}

/** ShareAcknowledge: acknowledgements without fetching; epoch -1 also closes the share session. */
export function shareAcknowledge(version: number, request: { groupId: string; memberId: string; sessionEpoch: number; partitions: SharePartitionRequest[] }): WireRequest<{ errorCode: number; errorMessage: string | null; partitions: Array<{ topicId: string; partition: number; errorCode: number }> }> {
  const value = { groupId: request.groupId, memberId: request.memberId, shareSessionEpoch: request.sessionEpoch, topics: byTopicId(request.partitions) };
  return apiRequest(messages.ShareAcknowledgeRequest, messages.ShareAcknowledgeResponse, version, value, (r: Row) => ({
    errorCode: r.errorCode,
    errorMessage: r.errorMessage,
    partitions: r.responses.flatMap((t: Row) => t.partitions.map((p: Row) => ({ topicId: t.topicId, partition: p.partitionIndex, errorCode: p.errorCode }))),
  }));
}

/** StreamsGroupDescribe v1 (KIP-1071, Kafka 4.2+) names the assignor; v0 was Kafka 4.1's. */
export const STREAMS_GROUP_DESCRIBE = { min: 0, max: 1 } as const;

export interface DescribedStreamsGroup {
  errorCode: number;
  errorMessage: string | null;
  groupId: string;
  state: string;
  groupEpoch: number;
  assignmentEpoch: number;
  /** null when the group has no topology yet. */
  topology: { epoch: number; subtopologies: Array<{ subtopologyId: string; sourceTopics: string[]; repartitionSourceTopics: string[]; stateChangelogTopics: string[]; repartitionSinkTopics: string[] }> } | null;
  assignorName: string | null;
  members: Array<{ memberId: string; memberEpoch: number; clientId: string; clientHost: string; processId: string; topologyEpoch: number; isClassic: boolean; assignment: StreamsTaskAssignment; targetAssignment: StreamsTaskAssignment }>;
  topologyDescription: StreamsGroupDescription['topologyDescription'];
}

/** StreamsGroupTopologyDescriptionStatus's ids (the index), as KIP-1071's describe answers them. */
const TOPOLOGY_DESCRIPTION_STATUS = ['not-requested', 'not-stored', 'error', 'available'] as const;
/** TopologyDescriptionNode's NodeType ids. */
const NODE_KINDS: Record<number, StreamsTopologyNode['kind']> = { 1: 'source', 2: 'processor', 3: 'sink' };

/** A subtopology's (or global store's) nodes; the message names successors only, so predecessors are read back from them, as Kafka's admin client does. */
function topologyNodes(nodes: Row[]): StreamsTopologyNode[] {
  const predecessors = new Map<string, string[]>();
  for (const n of nodes) for (const next of n.successors as string[]) predecessors.set(next, [...(predecessors.get(next) ?? []), n.name]);
  return nodes.map((n) => {
    const kind = NODE_KINDS[n.nodeType as number];
    if (!kind) throw new Error(`unknown topology node type ${n.nodeType} in a StreamsGroupDescribe answer`);
    return { name: n.name, kind, topics: n.sourceTopics, topic: n.sinkTopic ?? null, stores: n.stores, successors: n.successors, predecessors: predecessors.get(n.name) ?? [] };
  });
}

const tasks = (a: Row): StreamsTaskAssignment => {
  const ids = (list: Row[]) => list.map((t) => ({ subtopologyId: t.subtopologyId, partitions: t.partitions }));
  return { active: ids(a.activeTasks), standby: ids(a.standbyTasks), warmup: ids(a.warmupTasks) };
};

/** StreamsGroupDescribe, at the groups' coordinator. */
export function streamsGroupDescribe(version: number, groupIds: string[], includeTopologyDescription = false): WireRequest<DescribedStreamsGroup[]> {
  return apiRequest(messages.StreamsGroupDescribeRequest, messages.StreamsGroupDescribeResponse, version, { groupIds, includeAuthorizedOperations: false, includeTopologyDescription }, (r: Row) =>
    r.groups.map((g: Row) => ({
      errorCode: g.errorCode,
      errorMessage: g.errorMessage,
      groupId: g.groupId,
      state: g.groupState,
      groupEpoch: g.groupEpoch,
      assignmentEpoch: g.assignmentEpoch,
      topology: g.topology
        ? {
            epoch: g.topology.epoch,
            subtopologies: (g.topology.subtopologies ?? []).map((s: Row) => ({
              subtopologyId: s.subtopologyId,
              sourceTopics: s.sourceTopics,
              repartitionSourceTopics: s.repartitionSourceTopics.map((t: Row) => t.name),
              stateChangelogTopics: s.stateChangelogTopics.map((t: Row) => t.name),
              repartitionSinkTopics: s.repartitionSinkTopics,
            })),
          }
        : null,
      assignorName: g.assignorName ?? null,
      members: g.members.map((m: Row) => ({
        memberId: m.memberId,
        memberEpoch: m.memberEpoch,
        clientId: m.clientId,
        clientHost: m.clientHost,
        processId: m.processId,
        topologyEpoch: m.topologyEpoch,
        isClassic: m.isClassic,
        assignment: tasks(m.assignment),
        targetAssignment: tasks(m.targetAssignment),
      })),
      topologyDescription: {
        status: TOPOLOGY_DESCRIPTION_STATUS[g.topologyDescriptionStatus as number] ?? 'error',
        subtopologies: (g.topologyDescription?.subtopologies ?? []).map((s: Row) => ({ subtopologyId: s.subtopologyId, nodes: topologyNodes(s.nodes) })),
        globalStores: (g.topologyDescription?.globalStores ?? []).map((gs: Row) => {
          const [source, processor] = topologyNodes([gs.source, gs.processor]) as [StreamsTopologyNode, StreamsTopologyNode];
          return { source, processor };
        }),
      },
    })),
  );
}

/** OffsetFetch v5-v7 (Kafka 2.1+): one group's committed offsets with the leader epoch each was committed under. */
export const OFFSET_FETCH = { min: 5, max: 7 } as const;

/** Every committed offset of a group (topics: null), at its coordinator. */
export function offsetFetch(version: number, groupId: string): WireRequest<{ errorCode: number; partitions: Array<{ topic: string; partition: number; offset: number; leaderEpoch: number; errorCode: number }> }> {
  return apiRequest(messages.OffsetFetchRequest, messages.OffsetFetchResponse, version, { groupId, topics: null, requireStable: false }, (r: Row) => ({
    errorCode: r.errorCode,
    partitions: r.topics.flatMap((t: Row) => t.partitions.map((p: Row) => ({ topic: t.name, partition: p.partitionIndex, offset: p.committedOffset, leaderEpoch: p.committedLeaderEpoch, errorCode: p.errorCode }))),
  }));
}

/** Fetch v4-v12: every release from 2.8 to 4.x speaks it (4.0 dropped v0-v3); v13 names topics by id. */
export const FETCH = { min: 4, max: 12 } as const;

export interface FetchedPartition {
  topic: string;
  partition: number;
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  /** read_committed: the transactions aborted in what was fetched (null otherwise). */
  abortedTransactions: Array<{ producerId: number; firstOffset: number }> | null;
  records: Buffer | null;
}

/** One Fetch without a session (each asks for every partition afresh), as a consumer outside a group reads. */
export function fetchRequest(
  version: number,
  spec: { maxWaitMs: number; maxBytes: number; isolationLevel: number; topics: Array<{ topic: string; partitions: Array<{ partition: number; fetchOffset: number; partitionMaxBytes: number }> }> },
): WireRequest<{ errorCode: number; partitions: FetchedPartition[] }> {
  const value = {
    clusterId: null,
    replicaId: -1,
    maxWaitMs: spec.maxWaitMs,
    minBytes: 1,
    maxBytes: spec.maxBytes,
    isolationLevel: spec.isolationLevel,
    sessionId: 0,
    sessionEpoch: -1,
    topics: spec.topics.map((t) => ({ topic: t.topic, partitions: t.partitions.map((p) => ({ partition: p.partition, currentLeaderEpoch: -1, fetchOffset: p.fetchOffset, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: p.partitionMaxBytes })) })),
    forgottenTopicsData: [],
    rackId: '',
  };
  return apiRequest(messages.FetchRequest, messages.FetchResponse, version, value, (r: Row) => ({
    errorCode: r.errorCode ?? 0,
    partitions: r.responses.flatMap((t: Row) =>
      t.partitions.map((p: Row) => ({
        topic: t.topic,
        partition: p.partitionIndex,
        errorCode: p.errorCode,
        highWatermark: p.highWatermark,
        lastStableOffset: p.lastStableOffset,
        abortedTransactions: p.abortedTransactions,
        records: p.records,
      })),
    ),
  }));
}

/**
 * A classic group's membership, as every release from 2.8 to 4.x speaks it: JoinGroup v4+ (a new
 * member is given its id and asked to join again with it), SyncGroup v3+, Heartbeat and LeaveGroup
 * v1+, OffsetCommit v2-v8 (v9 is for members of the new protocol, v10 names topics by id).
 */
export const JOIN_GROUP = { min: 4, max: 9 } as const;
export const SYNC_GROUP = { min: 3, max: 5 } as const;
export const HEARTBEAT = { min: 1, max: 4 } as const;
export const LEAVE_GROUP = { min: 1, max: 5 } as const;
export const OFFSET_COMMIT = { min: 2, max: 8 } as const;

/** The protocol type of groups of consumers (Java's ConsumerProtocol.PROTOCOL_TYPE). */
export const CONSUMER_PROTOCOL_TYPE = 'consumer';

export interface JoinGroupAnswer {
  errorCode: number;
  generationId: number;
  protocolName: string | null;
  leader: string;
  memberId: string;
  /** Every member's subscription (ConsumerProtocol bytes), for the leader only. */
  members: Array<{ memberId: string; metadata: Buffer }>;
}

export function joinGroup(
  version: number,
  spec: { groupId: string; memberId: string; sessionTimeoutMs: number; rebalanceTimeoutMs: number; protocols: Array<{ name: string; metadata: Buffer }> },
): WireRequest<JoinGroupAnswer> {
  const value = { ...spec, groupInstanceId: null, protocolType: CONSUMER_PROTOCOL_TYPE, reason: null };
  return apiRequest(messages.JoinGroupRequest, messages.JoinGroupResponse, version, value, (r: Row) => ({
    errorCode: r.errorCode,
    generationId: r.generationId,
    protocolName: r.protocolName,
    leader: r.leader,
    memberId: r.memberId,
    members: r.members.map((m: Row) => ({ memberId: m.memberId, metadata: m.metadata })),
  }));
}

export function syncGroup(
  version: number,
  spec: { groupId: string; generationId: number; memberId: string; protocolName: string; assignments: Array<{ memberId: string; assignment: Buffer }> },
): WireRequest<{ errorCode: number; assignment: Buffer }> {
  const value = { ...spec, groupInstanceId: null, protocolType: CONSUMER_PROTOCOL_TYPE };
  return apiRequest(messages.SyncGroupRequest, messages.SyncGroupResponse, version, value, (r: Row) => ({ errorCode: r.errorCode, assignment: r.assignment }));
}

export function heartbeat(version: number, spec: { groupId: string; generationId: number; memberId: string }): WireRequest<{ errorCode: number }> {
  return apiRequest(messages.HeartbeatRequest, messages.HeartbeatResponse, version, { ...spec, groupInstanceId: null }, (r: Row) => ({ errorCode: r.errorCode }));
}

export function leaveGroup(version: number, groupId: string, memberId: string): WireRequest<{ errorCode: number }> {
  const value = { groupId, memberId, members: [{ memberId, groupInstanceId: null, reason: 'the consumer is closing' }] };
  return apiRequest(messages.LeaveGroupRequest, messages.LeaveGroupResponse, version, value, (r: Row) => ({
    errorCode: r.errorCode || (r.members ?? []).find((m: Row) => m.errorCode)?.errorCode || 0,
  }));
}

/** Offsets committed as a member of a generation; the answer's error per partition (0: committed). */
export function offsetCommit(
  version: number,
  spec: { groupId: string; generationId: number; memberId: string; offsets: Array<{ topic: string; partition: number; offset: number }> },
): WireRequest<Array<{ topic: string; partition: number; errorCode: number }>> {
  const topics = new Map<string, Array<{ partitionIndex: number; committedOffset: number; committedLeaderEpoch: number; committedMetadata: string }>>();
  for (const o of spec.offsets) topics.set(o.topic, [...(topics.get(o.topic) ?? []), { partitionIndex: o.partition, committedOffset: o.offset, committedLeaderEpoch: -1, committedMetadata: '' }]);
  const value = {
    groupId: spec.groupId,
    generationIdOrMemberEpoch: spec.generationId,
    memberId: spec.memberId,
    groupInstanceId: null,
    retentionTimeMs: -1,
    topics: [...topics].map(([name, partitions]) => ({ name, partitions })),
  };
  return apiRequest(messages.OffsetCommitRequest, messages.OffsetCommitResponse, version, value, (r: Row) =>
    r.topics.flatMap((t: Row) => t.partitions.map((p: Row) => ({ topic: t.name, partition: p.partitionIndex, errorCode: p.errorCode }))),
  );
}

/** The highest ConsumerProtocol versions we read and write (Java's ConsumerProtocol does the same with later ones). */
const CONSUMER_PROTOCOL_VERSION = 3;

/** A consumer's subscription, as its JoinGroup metadata: a version, then the struct in that version. */
export function encodeSubscription(topics: string[]): Buffer {
  return withVersion(0, encode(messages.ConsumerProtocolSubscription, 0, { topics, userData: null }));
}

export function decodeSubscription(bytes: Buffer): { topics: string[] } {
  const { version, body, later } = versionAndBody(bytes);
  return { topics: decode(messages.ConsumerProtocolSubscription, version, body, later).topics as string[] };
}

export function encodeAssignment(partitions: Map<string, number[]>): Buffer {
  const assignedPartitions = [...partitions].map(([topic, ps]) => ({ topic, partitions: ps }));
  return withVersion(0, encode(messages.ConsumerProtocolAssignment, 0, { assignedPartitions, userData: null }));
}

/** An empty assignment may come as no bytes at all (a member left out by the leader). */
export function decodeAssignment(bytes: Buffer): Array<{ topic: string; partition: number }> {
  if (bytes.length === 0) return [];
  const { version, body, later } = versionAndBody(bytes);
  return (decode(messages.ConsumerProtocolAssignment, version, body, later).assignedPartitions as Row[]).flatMap((t) => (t.partitions as number[]).map((partition) => ({ topic: t.topic as string, partition })));
}

function withVersion(version: number, body: Buffer): Buffer {
  const header = Buffer.alloc(2);
  header.writeInt16BE(version);
  return Buffer.concat([header, body]);
}

/** A later version than ours is read as ours: its new fields are at the end and ignorable (KIP-429). */
function versionAndBody(bytes: Buffer): { version: number; body: Buffer; later: boolean } {
  const version = bytes.readInt16BE(0);
  if (version < 0) throw new Error(`consumer protocol version ${version} is not valid`);
  return { version: Math.min(version, CONSUMER_PROTOCOL_VERSION), body: bytes.subarray(2), later: version > CONSUMER_PROTOCOL_VERSION };
}
