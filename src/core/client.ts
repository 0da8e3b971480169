/**
 * The client-core port: shaped like the console tools' operations, in our own types.
 * Commands depend on this file only; `src/core/kafkajs/` implements it. Offsets are
 * plain numbers (exact up to 2^53, far beyond any real log).
 */
import type { ConnectionSettings } from './connection.js';
import type { CliError, ErrorKind } from './errors.js';
import type { UserPattern } from './user-pattern.js';

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface BrokerInfo {
  id: number;
  host: string;
  port: number;
  rack: string | null;
}

export interface ClusterDescription {
  clusterId: string;
  /** On KRaft the Metadata API names a random live broker, not the quorum leader. */
  controllerId: number | null;
  brokers: BrokerInfo[];
}

/** The KRaft metadata quorum; its leader is the active controller. */
export interface QuorumDescription {
  leaderId: number;
  leaderEpoch: number;
  highWatermark: number;
  voters: QuorumReplica[];
  /** Brokers (and controllers not voting) that replicate the metadata log. */
  observers: QuorumReplica[];
}

export interface QuorumReplica {
  id: number;
  /** Kafka's uuid text; the zero uuid (AAAAAAAAAAAAAAAAAAAAAA) when the voter set is static. */
  directoryId: string;
  logEndOffset: number;
  /** Epoch ms; null when unknown. */
  lastFetchTimestamp: number | null;
  lastCaughtUpTimestamp: number | null;
  /** Where it listens as a controller (`NAME://host:port`), when the broker says (Kafka 3.9+). */
  endpoints: string[];
}

export interface FeatureRange {
  name: string;
  minVersion: number;
  maxVersion: number;
}

export interface BrokerApiVersions {
  broker: BrokerInfo;
  versions: ApiVersionRange[];
  /** Feature flags the broker's software supports (metadata.version, kraft.version ...). */
  supportedFeatures: FeatureRange[];
  /** Feature levels in force on the cluster. */
  finalizedFeatures: Array<{ name: string; level: number }>;
  /** Why the broker did not answer (it is listed anyway, as Kafka's tool does). */
  error: string | null;
}

export interface ApiVersionRange {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
  /** The version this client speaks with the broker; null when it never uses the API or shares no version. */
  usableVersion: number | null;
}

export interface PartitionDescription {
  partition: number;
  leader: number | null;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
  /** Eligible leader replicas (KIP-966); null when the broker does not report them. */
  elr: number[] | null;
  lastKnownElr: number[] | null;
}

export interface TopicDescription {
  name: string;
  /** Base64 (URL-safe, unpadded) as Kafka prints it; null when the broker does not report ids. */
  topicId: string | null;
  internal: boolean;
  partitions: PartitionDescription[];
}

export interface TopicSpec {
  name: string;
  /** Absent: the broker's num.partitions. */
  partitions?: number;
  /** Absent: the broker's default.replication.factor. */
  replicationFactor?: number;
  replicaAssignment?: number[][];
  configs: Record<string, string>;
}

export type ConfigSource =
  | 'DYNAMIC_TOPIC_CONFIG'
  | 'DYNAMIC_BROKER_LOGGER_CONFIG'
  | 'DYNAMIC_BROKER_CONFIG'
  | 'DYNAMIC_DEFAULT_BROKER_CONFIG'
  | 'STATIC_BROKER_CONFIG'
  | 'DEFAULT_CONFIG'
  | 'DYNAMIC_CLIENT_METRICS_CONFIG'
  | 'DYNAMIC_GROUP_CONFIG'
  | 'UNKNOWN';

export interface ConfigSynonym {
  name: string;
  value: string | null;
  source: ConfigSource;
}

export interface ConfigEntry {
  name: string;
  value: string | null;
  source: ConfigSource;
  readOnly: boolean;
  sensitive: boolean;
  synonyms: ConfigSynonym[];
}

export type ConfigResourceType = 'topic' | 'broker' | 'broker-logger' | 'group' | 'client-metrics';

/** A broker's name is its id; '' is the cluster-wide default of every broker. */
export interface ConfigResource {
  type: ConfigResourceType;
  name: string;
}

/** A client-quota entity: its parts by Kafka's entity type; a null name is that type's default entity. */
export type QuotaEntityType = 'user' | 'client-id' | 'ip';
export type QuotaEntity = Partial<Record<QuotaEntityType, string | null>>;

export interface QuotaEntry {
  entity: QuotaEntity;
  /** In the broker's order. */
  values: Array<[string, number]>;
}

export type ScramMechanism = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

export interface ScramUser {
  user: string;
  /** In the broker's order. */
  credentials: Array<{ mechanism: ScramMechanism; iterations: number }>;
  error: string | null;
}

export type ScramChange = { op: 'upsert'; user: string; mechanism: ScramMechanism; iterations: number; password: string } | { op: 'delete'; user: string; mechanism: ScramMechanism };

export type ConfigOp = { op: 'set'; name: string; value: string } | { op: 'delete'; name: string };

export interface PartitionOffsets extends TopicPartition {
  offset: number;
}

export type OffsetQuery = 'earliest' | 'latest' | { timestamp: number };

/** What kafka-get-offsets asks: also the record with the largest timestamp (Kafka 3.0+). */
export type OffsetLookupQuery = OffsetQuery | 'max-timestamp';

export interface OffsetLookup extends TopicPartition {
  /** null: no such offset (no record at or after the timestamp). */
  offset: number | null;
  /** The found record's timestamp (timestamp and max-timestamp queries), else null. */
  timestamp: number | null;
  /** Why this partition has no answer (its leader refused, or there is none). */
  error: string | null;
}

/** Kafka's group types (KIP-848 and after), as its tools print them. */
export type GroupType = 'Classic' | 'Consumer' | 'Share' | 'Streams';

export interface GroupListing {
  groupId: string;
  protocolType: string;
  /** null when the broker does not report it (before ListGroups v4 / v5). */
  state: GroupState | null;
  type: GroupType | null;
}

export interface GroupMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  host: string;
  assignment: TopicPartition[];
  /** Consumer-protocol groups (KIP-848) only: the member's epoch and the assignment it is moving to. */
  memberEpoch: number | null;
  targetAssignment: TopicPartition[] | null;
}

export type GroupState =
  | 'Stable'
  | 'PreparingRebalance'
  | 'CompletingRebalance'
  | 'Empty'
  | 'Dead'
  | 'Assigning'
  | 'Reconciling'
  | 'NotReady'
  | 'Unknown';

export interface GroupDescription {
  groupId: string;
  state: GroupState;
  protocolType: string;
  /** The chosen assignor (e.g. `range`), empty when none. */
  assignmentStrategy: string;
  coordinator: BrokerInfo | null;
  members: GroupMember[];
  /** Consumer-protocol groups (KIP-848) only: the epoch of the target assignment. */
  targetAssignmentEpoch: number | null;
}

export interface CommittedOffset extends TopicPartition {
  offset: number;
  leaderEpoch: number | null;
}

/** `error`: Kafka's message; `errorName`: its error code's name (GROUP_SUBSCRIBED_TO_TOPIC …); both null on success. */
export type PartitionResult = TopicPartition & { error: string | null; errorName: string | null };

export interface LogDirPartition extends TopicPartition {
  sizeBytes: number;
  /** Behind the high watermark (a current replica) or the current replica (a future one). */
  offsetLag: number;
  /** A copy being moved here by AlterReplicaLogDirs. */
  future: boolean;
}

export interface LogDir {
  path: string;
  /** Why the directory cannot be used (offline disk): Kafka's error name and message; else null. */
  error: { name: string; message: string } | null;
  /** The volume's size and free space (Kafka 3.3+); null when the broker does not say. */
  totalBytes: number | null;
  usableBytes: number | null;
  /** In the order the broker listed them. */
  partitions: LogDirPartition[];
}

export interface BrokerLogDirs {
  broker: BrokerInfo;
  logDirs: LogDir[];
  /** Why the broker did not answer; it is listed anyway. */
  error: string | null;
}

export interface ClusterOps {
  describe(): Promise<ClusterDescription>;
  /** KRaft only; null on ZooKeeper clusters or when the quorum cannot be described (e.g. not authorized). */
  quorum(): Promise<QuorumDescription | null>;
  /** One entry per broker, by id. */
  apiVersions(): Promise<BrokerApiVersions[]>;
  /** The log directories of these brokers (default: every broker) and the partitions in them, by broker id. */
  logDirs(brokerIds?: number[]): Promise<BrokerLogDirs[]>;
  /** Feature flags: what a broker's software supports and the levels in force on the cluster. */
  features(): Promise<FeatureMetadata>;
  /** Sets feature levels (with `validateOnly`, only asks whether they could be): one outcome per feature. */
  updateFeatures(updates: FeatureUpdate[], validateOnly: boolean): Promise<FeatureUpdateOutcome[]>;
}

export interface FeatureMetadata {
  supported: FeatureRange[];
  finalized: Array<{ name: string; level: number }>;
  /** The epoch of the finalized levels; null when the broker does not say. */
  epoch: number | null;
}

export interface FeatureUpdate {
  name: string;
  level: number;
  /** A downgrade must say so; an unsafe one may lose metadata. */
  type: 'upgrade' | 'safe-downgrade' | 'unsafe-downgrade';
}

/** Which transactions to list (kafka-transactions list's filters). */
export interface TransactionFilters {
  producerIds?: number[];
  /** Only those started longer ago than this (--duration-filter; ListTransactions v1, KIP-994). */
  runningLongerThanMs?: number;
  /** Only ids this RE2 regex matches (--transactional-id-pattern; ListTransactions v2, KIP-1152). */
  transactionalIdPattern?: string;
}

export interface FeatureUpdateOutcome {
  name: string;
  /** Why it was refused; null when it was (or, validating, would be) done. */
  error: CliError | null;
}

export interface TopicOps {
  /** Every topic name, internal ones included. */
  list(): Promise<string[]>;
  /** `partitionsPerResponse`: DescribeTopicPartitions' page size (Kafka's --partition-size-limit-per-response, default 2000). */
  describe(names: string[], partitionsPerResponse?: number): Promise<TopicDescription[]>;
  /** Topics by id (Kafka's --topic-id), as Metadata v12 answers: no eligible leader replicas (Kafka's tool prints N/A). */
  describeById(ids: string[]): Promise<TopicDescription[]>;
  create(spec: TopicSpec): Promise<void>;
  delete(names: string[]): Promise<void>;
  /** Raise the partition count to `total`. */
  createPartitions(name: string, total: number, assignments?: number[][]): Promise<void>;
}

export interface ConfigOps {
  /** Every config of the resource, with its synonyms, in the broker's order. */
  describe(resource: ConfigResource): Promise<ConfigEntry[]>;
  /** Incremental semantics: only the named keys change. */
  alter(resource: ConfigResource, ops: ConfigOp[]): Promise<void>;
  /** The resources of a type that have configs set (ListConfigResources); null where the cluster cannot list them. */
  resources(type: 'group' | 'client-metrics'): Promise<string[] | null>;
}

export type AclResourceType = 'TOPIC' | 'GROUP' | 'CLUSTER' | 'TRANSACTIONAL_ID' | 'DELEGATION_TOKEN' | 'USER';
export type AclPatternType = 'LITERAL' | 'PREFIXED';
export type AclOperation =
  | 'ALL'
  | 'READ'
  | 'WRITE'
  | 'CREATE'
  | 'DELETE'
  | 'ALTER'
  | 'DESCRIBE'
  | 'CLUSTER_ACTION'
  | 'DESCRIBE_CONFIGS'
  | 'ALTER_CONFIGS'
  | 'IDEMPOTENT_WRITE'
  | 'CREATE_TOKENS'
  | 'DESCRIBE_TOKENS'
  | 'TWO_PHASE_COMMIT';
export type AclPermission = 'ALLOW' | 'DENY';

/** One ACL: who (principal, from host) may or may not do what to which resources. */
export interface AclBinding {
  resourceType: AclResourceType;
  name: string;
  patternType: AclPatternType;
  principal: string;
  host: string;
  operation: AclOperation;
  permission: AclPermission;
}

/**
 * Which ACLs: null fields match any. `patternType` MATCH finds every ACL that applies to the
 * named resource (literal, prefixed and wildcard); ANY the ones with exactly that name.
 */
export interface AclFilter {
  resourceType: AclResourceType | null;
  name: string | null;
  patternType: AclPatternType | 'ANY' | 'MATCH';
  principal: string | null;
  host: string | null;
  operation: AclOperation | null;
  permission: AclPermission | null;
}

export interface AclOps {
  describe(filter: AclFilter): Promise<AclBinding[]>;
  create(bindings: AclBinding[]): Promise<void>;
  /** The ACLs each filter removed. */
  delete(filters: AclFilter[]): Promise<AclBinding[][]>;
}

export interface QuotaOps {
  /**
   * The quotas of the entities matching every part of `filter` (a name, null for the default
   * entity, undefined for any entity of the type); `strict`: entities with no other parts.
   */
  describe(filter: Array<{ type: QuotaEntityType; name?: string | null }>, strict: boolean): Promise<QuotaEntry[]>;
  /** Sets (a number) or removes (null) each quota of the entity. */
  alter(entity: QuotaEntity, changes: Array<[string, number | null]>): Promise<void>;
}

export interface ScramOps {
  /** The users with SCRAM credentials (all, or those named). */
  describe(users?: string[]): Promise<ScramUser[]>;
  /** Salts and hashes passwords here: they never cross the wire. */
  alter(changes: ScramChange[]): Promise<void>;
}

export interface OffsetOps {
  /** Log offsets (read_uncommitted, as Kafka's tools); partitions without a reachable leader are left out. */
  query(partitions: TopicPartition[], query: OffsetQuery): Promise<PartitionOffsets[]>;
  /**
   * The timestamp (ms) of the first record at or after each offset: the record a group reads next.
   * Left out: partitions with nothing there (the end of the log), no answering leader, or no timestamps.
   */
  recordTimestamps(positions: PartitionOffsets[]): Promise<RecordTimestamp[]>;
  /** One answer per partition asked, errors included (kafka-get-offsets keeps going past them). */
  lookup(partitions: TopicPartition[], query: OffsetLookupQuery): Promise<OffsetLookup[]>;
  /** Deletes the records before each offset (-1: all of them, up to the high watermark): the new log start, or why not. */
  deleteRecords(before: PartitionOffsets[]): Promise<RecordsDeletion[]>;
}

export interface RecordsDeletion extends TopicPartition {
  /** The partition's new log start offset; null when it failed. */
  lowWatermark: number | null;
  /** Kafka's error name and message (OFFSET_OUT_OF_RANGE, POLICY_VIOLATION …). */
  error: { name: string; message: string } | null;
}

export interface RecordTimestamp extends PartitionOffsets {
  timestamp: number;
}

export interface GroupOps {
  list(): Promise<GroupListing[]>;
  describe(groupIds: string[]): Promise<GroupDescription[]>;
  committed(groupId: string): Promise<CommittedOffset[]>;
  /** Commit offsets from outside the group (generation -1), as Kafka's tool does. */
  alterCommitted(groupId: string, offsets: PartitionOffsets[]): Promise<void>;
  deleteCommitted(groupId: string, partitions: TopicPartition[]): Promise<PartitionResult[]>;
  /** Per group: null when deleted, else why not (typed: a missing group is 'not-found'). */
  delete(groupIds: string[]): Promise<Map<string, CliError | null>>;
  /** Share groups (KIP-932), at their coordinators; a group that is not one comes back Dead. */
  describeShare(groupIds: string[]): Promise<ShareGroupDescription[]>;
  /** Where a share group's delivery starts on each partition it has state for, and how far behind that is. */
  shareOffsets(groupId: string): Promise<SharePartitionOffset[]>;
  /** Sets where a share group's delivery starts (the group must have no members). */
  alterShareOffsets(groupId: string, offsets: PartitionOffsets[]): Promise<void>;
  /** A share group forgets these topics; per topic: null when done, else why not. */
  deleteShareOffsets(groupId: string, topics: string[]): Promise<Map<string, CliError | null>>;
  /**
   * Streams groups (KIP-1071), at their coordinators; a group that is not one comes back Dead. With
   * `topology`, each comes with the topology description its application handed the brokers.
   */
  describeStreams(groupIds: string[], options?: { topology?: boolean }): Promise<StreamsGroupDescription[]>;
}

export interface ShareGroupDescription {
  groupId: string;
  /** Dead when there is no such share group. */
  state: GroupState;
  groupEpoch: number;
  assignmentEpoch: number;
  coordinator: BrokerInfo | null;
  members: Array<{ memberId: string; clientId: string; host: string; memberEpoch: number; assignment: TopicPartition[] }>;
}

/** A streams group's tasks: per subtopology, the partitions (task ids) of each kind. */
export interface StreamsTaskAssignment {
  active: Array<{ subtopologyId: string; partitions: number[] }>;
  standby: Array<{ subtopologyId: string; partitions: number[] }>;
  warmup: Array<{ subtopologyId: string; partitions: number[] }>;
}

export interface StreamsGroupDescription {
  groupId: string;
  /** Dead when there is no such streams group. */
  state: GroupState;
  groupEpoch: number;
  targetAssignmentEpoch: number;
  /** The epoch of the topology the group runs; -1 before it has one. */
  topologyEpoch: number;
  assignor: string | null;
  coordinator: BrokerInfo | null;
  subtopologies: Array<{ subtopologyId: string; sourceTopics: string[]; repartitionSourceTopics: string[]; stateChangelogTopics: string[]; repartitionSinkTopics: string[] }>;
  members: Array<{ memberId: string; memberEpoch: number; processId: string; clientId: string; host: string; isClassic: boolean; assignment: StreamsTaskAssignment; targetAssignment: StreamsTaskAssignment }>;
  /**
   * The processors of the application's topology, as its brokers' topology description plugin keeps
   * them (KIP-1071's StreamsGroupDescribe v1): present only when the status is 'available'.
   */
  topologyDescription: { status: 'not-requested' | 'not-stored' | 'error' | 'available'; subtopologies: Array<{ subtopologyId: string; nodes: StreamsTopologyNode[] }>; globalStores: Array<{ source: StreamsTopologyNode; processor: StreamsTopologyNode }> };
}

/** A node of a Kafka Streams topology: where records come from, what handles them, where they go. */
export interface StreamsTopologyNode {
  name: string;
  kind: 'source' | 'processor' | 'sink';
  /** A source's topics. */
  topics: string[];
  /** A sink's topic (null when it picks the topic per record). */
  topic: string | null;
  /** A processor's state stores. */
  stores: string[];
  successors: string[];
  predecessors: string[];
}

export interface SharePartitionOffset extends TopicPartition {
  /** null when the group has no state for it yet (nothing delivered from it). */
  startOffset: number | null;
  leaderEpoch: number | null;
  lag: number | null;
}

export interface TransactionOps {
  /** Every transactional id each coordinator holds (optionally only those of these producer ids), with its coordinator. */
  list(filters?: TransactionFilters): Promise<TransactionListing[]>;
  /** Per transactional id: its state at its coordinator, or why it could not be described. */
  describe(transactionalIds: string[]): Promise<Map<string, TransactionDescription | CliError>>;
  /** The producers a partition's leader (or this replica) keeps state for. */
  producers(partitions: TopicPartition[], brokerId?: number): Promise<Map<string, ProducerState[] | CliError>>;
  /** Writes an abort marker for a producer's open transaction on a partition (needs cluster action rights). */
  abort(spec: TopicPartition & { producerId: number; producerEpoch: number; coordinatorEpoch: number }): Promise<void>;
}

export interface TransactionListing {
  transactionalId: string;
  coordinatorId: number;
  producerId: number;
  state: string;
}

export interface TransactionDescription {
  transactionalId: string;
  coordinatorId: number;
  producerId: number;
  producerEpoch: number;
  state: string;
  timeoutMs: number;
  /** null when no transaction is open. */
  startTimeMs: number | null;
  partitions: TopicPartition[];
}

export interface ProducerState {
  producerId: number;
  producerEpoch: number;
  lastSequence: number;
  lastTimestamp: number;
  /** null when unknown (-1). */
  coordinatorEpoch: number | null;
  /** Where its open transaction starts; null when it has none. */
  currentTransactionStartOffset: number | null;
}

export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

export interface ProduceRecord {
  topic: string;
  partition?: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Array<[string, Buffer | null]>;
}

/**
 * Many plain values (no key, no headers) cut from one buffer — what `cat file | console-producer`
 * sends — handed over without an object per record. Value i is buffer[starts[i], ends[i]).
 */
export interface ValueRun {
  topic: string;
  partition?: number;
  buffer: Buffer;
  starts: Uint32Array;
  ends: Uint32Array;
  count: number;
}

export interface ProducerOptions {
  /** Records larger than this fail before sending, as with Java's max.request.size. */
  maxRequestBytes: number;
  /** -1 (all), 0 or 1. */
  acks: number;
  compression: Compression;
  /** Bytes gathered before a batch is sent. */
  batchBytes: number;
  /** How long a partial batch may wait for more records. */
  lingerMs: number;
  /** Each record is acknowledged before the next is sent. */
  sync: boolean;
  /** Producer id and sequence numbers (needs acks=all): several requests in flight, no reordering, no duplicates. */
  idempotent: boolean;
  /** Requests outstanding at once when idempotent (at most 5, as Kafka requires); otherwise 1. */
  maxInFlight: number;
  requestTimeoutMs: number;
  retries: number;
  /** retry.backoff.ms: the wait before a batch's first retry, doubled for each next one up to retryBackoffMaxMs (retry.backoff.max.ms), as Java's producer backs off. */
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
  /** How long a record may wait for a leader (election after a broker failure) before it fails. */
  deliveryTimeoutMs: number;
  /** Broker auto-creates unknown topics (when the broker allows it). */
  allowAutoTopicCreation: boolean;
  /**
   * Where a record without --partition goes: `default` is Java's (murmur2 of the key; a sticky
   * partition per request without one, or for every record with `ignoreKeys`); `round-robin` is
   * Java's RoundRobinPartitioner (each record to the next partition, keys or not).
   */
  partitioner: 'default' | 'round-robin';
  /** partitioner.ignore.keys: keys do not pick partitions (the default partitioner only). */
  ignoreKeys: boolean;
}

/** A producer whose records become visible to read_committed readers in whole transactions. */
export interface TransactionSettings {
  /** transactional.id: a later producer of the same id fences this one and aborts its open transaction. */
  transactionalId: string;
  /** transaction.timeout.ms: the coordinator aborts a transaction left open longer (its producer died). */
  timeoutMs: number;
}

export interface DeliveryFailure {
  /** The caller's sequence number of the first record that failed (e.g. a line number). */
  seq: number;
  message: string;
  kind: ErrorKind;
}

export interface DeliveryReport {
  acknowledged: number;
  /** Known not to be written. */
  failed: number;
  /** Given up on after an attempt went unanswered: the broker may or may not have written them. */
  unknown: number;
  firstFailure: DeliveryFailure | null;
}

export interface RecordSink {
  /** Queue one record; the returned promise (when any) means "wait before writing more". */
  write(record: ProduceRecord, seq: number): Promise<void> | void;
  /**
   * Queue a run of values as records numbered firstSeq, firstSeq + 1 … It stops after the first
   * value it has to refuse (too large: failed, as write() fails it); `taken` counts the values
   * consumed, the refused one included. `wait`, when present, means "wait before writing more".
   */
  writeValues(run: ValueRun, firstSeq: number): { taken: number; wait?: Promise<void> };
  /** Send everything queued and wait for every acknowledgement. */
  flush(): Promise<DeliveryReport>;
  /** The counts so far: a live read-only view, cheap enough to consult after every record. */
  report(): Readonly<DeliveryReport>;
  close(): Promise<void>;
}

export interface TransactionalSink extends RecordSink {
  /**
   * Sends what is queued, waits for every acknowledgement, then commits the records written since
   * the last commit as one transaction: true. When any of them failed it aborts the transaction
   * instead: false (report() says why). Throws when the coordinator refuses or does not answer.
   */
  commit(): Promise<boolean>;
  /** Drops what is queued, waits for what is in flight, and aborts the open transaction. */
  abort(): Promise<void>;
}

export type StartPosition =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'offset'; offset: number }
  | { kind: 'timestamp'; timestamp: number };

export interface ConsumerOptions {
  /** Names, or the topics whose names match (now and, without a group, as they appear). */
  topics: string[] | { pattern: UserPattern };
  /** Only these partitions (with a single topic): read directly, no group. */
  partitions?: number[];
  /** Where to start when there is no committed offset (or always, without a group). */
  start: StartPosition;
  /** Join this group and commit what the caller has printed. */
  group?: string;
  isolation: 'read_uncommitted' | 'read_committed';
  /** Stop each partition at the end offset it had when reading started (kcat -e). */
  stopAtEnd: boolean;
  /** The consumer properties that tune it (Kafka's names and defaults). */
  tuning: ConsumerTuning;
}

export interface ConsumerTuning {
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** enable.auto.commit: false, and a group member commits nothing (the group's offsets stay as they were). */
  enableAutoCommit: boolean;
  autoCommitIntervalMs: number;
  maxPartitionFetchBytes: number;
  fetchMaxBytes: number;
}

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: 'CreateTime' | 'LogAppendTime' | 'NoTimestamp';
  leaderEpoch: number | null;
  key: Buffer | null;
  value: Buffer | null;
  /** Read-only: records without headers share one empty list. */
  headers: ReadonlyArray<[string, Buffer | null]>;
}

/** What became of a record handed out by a share group: done with, to be delivered again, or not to be delivered again. */
export type Acknowledgement = 'accept' | 'release' | 'reject';

export interface ShareConsumerOptions {
  /** The share group to join. */
  group: string;
  topic: string;
  /** Records asked for per fetch (max.poll.records). */
  maxRecords: number;
}

export interface SharedRecord extends ConsumedRecord {
  /** How many times the share group has handed the record out, this time included. */
  deliveryCount: number;
}

export interface ShareSource extends AsyncIterable<SharedRecord[]> {
  /** What became of these records: sent to their partitions' leaders with the next fetch, or on close. */
  acknowledge(records: SharedRecord[], how: Acknowledgement): void;
  /** Sends what is acknowledged, releases what was handed out and not acknowledged, and leaves the group. */
  close(): Promise<void>;
}

export interface RecordSource extends AsyncIterable<ConsumedRecord[]> {
  /**
   * These records were handed on ("next offset to read" per partition). With a group, the source
   * commits them every auto.commit.interval.ms, before a rebalance takes partitions away, and on
   * commit(); never for a partition the member no longer owns. Without a group, nothing.
   */
  printed(positions: PartitionOffsets[]): void;
  /** Commits what was printed and is not committed yet (group mode; nothing without a group). */
  commit(): Promise<void>;
  /** Leave the group (if any) and disconnect, within the adapter's deadline. */
  close(): Promise<void>;
}

export interface KafkaClient {
  readonly connection: ConnectionSettings;
  cluster: ClusterOps;
  topics: TopicOps;
  configs: ConfigOps;
  quotas: QuotaOps;
  scram: ScramOps;
  acls: AclOps;
  offsets: OffsetOps;
  groups: GroupOps;
  transactions: TransactionOps;
  producer(options: ProducerOptions): Promise<RecordSink>;
  transactionalProducer(options: ProducerOptions, transaction: TransactionSettings): Promise<TransactionalSink>;
  consumer(options: ConsumerOptions, signal: AbortSignal): Promise<RecordSource>;
  /** A member of a share group (KIP-932): its records, each acquired by this member until acknowledged. */
  shareConsumer(options: ShareConsumerOptions, signal: AbortSignal): Promise<ShareSource>;
  /** Bounded: a CLI must exit even when the broker is gone. */
  close(): Promise<void>;
}

/** Loads the adapter lazily, so that --help and usage errors never import a Kafka client. */
export async function connect(connection: ConnectionSettings, log: (line: string) => void, signal?: AbortSignal): Promise<KafkaClient> {
  const { createKafkajsClient } = await import('./kafkajs/adapter.js');
  return createKafkajsClient(connection, log, signal);
}
