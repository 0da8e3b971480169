import type { Struct } from '../../src/core/protocol/codec.js';

/**
 * The messages and versions the client speaks, each with a value that exercises its fields
 * (nullable ones null and not, tagged ones set, nested structs). Fields left out take their
 * defaults. `npx vite-node test/protocol/make-fixtures.ts` turns them into fixtures with Kafka's classes.
 */
export interface ProtocolCase {
  message: string;
  versions: number[];
  value: Struct;
}

const uuid = Buffer.from('0123456789abcdef0123456789abcdef', 'hex').toString('base64url');

export const CASES: ProtocolCase[] = [
  {
    message: 'ProduceRequest',
    versions: [3, 7],
    value: { transactionalId: null, acks: -1, timeoutMs: 30000, topicData: [{ name: 'orders', partitionData: [{ index: 0, records: Buffer.from('0011223344', 'hex') }, { index: 2, records: Buffer.from('ff', 'hex') }] }, { name: 'b', partitionData: [{ index: 1, records: Buffer.from('00', 'hex') }] }] },
  },
  {
    message: 'ProduceRequest',
    versions: [3, 7],
    value: { transactionalId: 'tx-console', acks: -1, timeoutMs: 30000, topicData: [{ name: 'orders', partitionData: [{ index: 1, records: Buffer.from('a1b2', 'hex') }] }] },
  },
  {
    message: 'ProduceResponse',
    versions: [3, 7],
    value: { responses: [{ name: 'orders', partitionResponses: [{ index: 0, errorCode: 0, baseOffset: 4_000_000_000, logAppendTimeMs: -1, logStartOffset: 0 }, { index: 2, errorCode: 6, baseOffset: -1 }] }], throttleTimeMs: 0 },
  },
  { message: 'ApiVersionsRequest', versions: [3, 4], value: { clientSoftwareName: 'kafka-cli', clientSoftwareVersion: '1' } },
  {
    message: 'ApiVersionsResponse',
    versions: [3, 4],
    value: {
      errorCode: 0,
      apiKeys: [{ apiKey: 0, minVersion: 3, maxVersion: 13 }, { apiKey: 75, minVersion: 0, maxVersion: 0 }],
      throttleTimeMs: 0,
      supportedFeatures: [{ name: 'metadata.version', minVersion: 7, maxVersion: 27 }],
      finalizedFeaturesEpoch: 42,
      finalizedFeatures: [{ name: 'metadata.version', maxVersionLevel: 27, minVersionLevel: 27 }],
    },
  },
  { message: 'MetadataRequest', versions: [10, 11, 12], value: { topics: [{ topicId: Buffer.alloc(16).toString('base64url'), name: 'orders' }], allowAutoTopicCreation: false } },
  {
    message: 'MetadataResponse',
    versions: [10, 11, 12],
    value: {
      throttleTimeMs: 0,
      brokers: [{ nodeId: 1, host: '127.0.0.1', port: 9092, rack: null }, { nodeId: 2, host: 'b2', port: 9093, rack: 'r2' }],
      clusterId: 'PuhCSms2qoIrRSCN0uMbow',
      controllerId: 1,
      topics: [{ errorCode: 0, name: 'orders', topicId: uuid, isInternal: false, partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, leaderEpoch: 3, replicaNodes: [1, 2], isrNodes: [1], offlineReplicas: [2] }], topicAuthorizedOperations: -2147483648 }],
    },
  },
  { message: 'DescribeTopicPartitionsRequest', versions: [0], value: { topics: [{ name: 'a' }, { name: 'b' }], responsePartitionLimit: 2000, cursor: { topicName: 'a', partitionIndex: 5 } } },
  { message: 'DescribeTopicPartitionsRequest', versions: [0], value: { topics: [{ name: 'a' }], responsePartitionLimit: 2000, cursor: null } },
  // Past the encoder's first buffer, with names whose compact lengths take two bytes.
  { message: 'DescribeTopicPartitionsRequest', versions: [0], value: { topics: Array.from({ length: 40 }, (_, i) => ({ name: `${'t'.repeat(120 + i)}-${i}` })), responsePartitionLimit: 2000, cursor: null } },
  {
    message: 'DescribeTopicPartitionsResponse',
    versions: [0],
    value: {
      topics: [{ errorCode: 0, name: 'orders', topicId: uuid, isInternal: true, partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 2, leaderEpoch: 1, replicaNodes: [2, 3], isrNodes: [2], eligibleLeaderReplicas: [3], lastKnownElr: null, offlineReplicas: [] }] }],
      nextCursor: { topicName: 'orders', partitionIndex: 1 },
    },
  },
  {
    message: 'IncrementalAlterConfigsRequest',
    versions: [0, 1],
    value: { resources: [{ resourceType: 2, resourceName: 't', configs: [{ name: 'retention.ms', configOperation: 0, value: '1000' }, { name: 'cleanup.policy', configOperation: 1, value: null }] }], validateOnly: false },
  },
  { message: 'IncrementalAlterConfigsResponse', versions: [0, 1], value: { throttleTimeMs: 0, responses: [{ errorCode: 40, errorMessage: 'Unknown topic config name: x', resourceType: 2, resourceName: 't' }, { errorCode: 0, errorMessage: null, resourceType: 4, resourceName: '1' }] } },
  { message: 'OffsetDeleteRequest', versions: [0], value: { groupId: 'g', topics: [{ name: 't', partitions: [{ partitionIndex: 0 }, { partitionIndex: 2 }] }] } },
  { message: 'OffsetDeleteResponse', versions: [0], value: { errorCode: 0, throttleTimeMs: 0, topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 0 }, { partitionIndex: 2, errorCode: 86 }] }] } },
  { message: 'DescribeClusterRequest', versions: [1, 2], value: { includeClusterAuthorizedOperations: false, endpointType: 2, includeFencedBrokers: false } },
  {
    message: 'DescribeClusterResponse',
    versions: [1, 2],
    value: {
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      endpointType: 2,
      clusterId: 'MkU3OEVBNTcwNTJENDM2Qk',
      controllerId: 3000,
      brokers: [
        { brokerId: 3000, host: '127.0.0.1', port: 9093, rack: null, isFenced: false },
        { brokerId: 3001, host: 'c2.example', port: 9093, rack: 'r1', isFenced: false },
      ],
      clusterAuthorizedOperations: -2147483648,
    },
  },
  { message: 'DescribeQuorumRequest', versions: [0, 1, 2], value: { topics: [{ topicName: '__cluster_metadata', partitions: [{ partitionIndex: 0 }] }] } },
  {
    message: 'DescribeQuorumResponse',
    versions: [0, 1, 2],
    value: {
      errorCode: 0,
      errorMessage: null,
      topics: [
        {
          topicName: '__cluster_metadata',
          partitions: [
            {
              partitionIndex: 0,
              errorCode: 0,
              errorMessage: null,
              leaderId: 1,
              leaderEpoch: 4,
              highWatermark: 1234,
              currentVoters: [{ replicaId: 1, replicaDirectoryId: 'nYH9WNa8Qf2cZ1Xv1WT8Og', logEndOffset: 1234, lastFetchTimestamp: 1764700000123, lastCaughtUpTimestamp: 1764700000100 }],
              observers: [{ replicaId: 4, replicaDirectoryId: uuid, logEndOffset: 1200, lastFetchTimestamp: -1, lastCaughtUpTimestamp: -1 }],
            },
          ],
        },
      ],
      nodes: [{ nodeId: 1, listeners: [{ name: 'CONTROLLER', host: '::1', port: 9093 }] }],
    },
  },
  { message: 'ConsumerGroupDescribeRequest', versions: [0, 1], value: { groupIds: ['g1', 'g2'], includeAuthorizedOperations: false } },
  {
    message: 'ConsumerGroupDescribeResponse',
    versions: [0, 1],
    value: {
      throttleTimeMs: 0,
      groups: [
        {
          errorCode: 0,
          errorMessage: null,
          groupId: 'g1',
          groupState: 'Stable',
          groupEpoch: 3,
          assignmentEpoch: 3,
          assignorName: 'uniform',
          members: [
            {
              memberId: 'm1',
              instanceId: null,
              rackId: null,
              memberEpoch: 3,
              clientId: 'c',
              clientHost: '/127.0.0.1',
              subscribedTopicNames: ['t'],
              subscribedTopicRegex: null,
              assignment: { topicPartitions: [{ topicId: uuid, topicName: 't', partitions: [0, 1] }] },
              targetAssignment: { topicPartitions: [{ topicId: uuid, topicName: 't', partitions: [0] }] },
            },
          ],
          authorizedOperations: -2147483648,
        },
      ],
    },
  },
  { message: 'ListGroupsRequest', versions: [4, 5], value: { statesFilter: ['Stable'], typesFilter: ['consumer'] } },
  { message: 'ListGroupsResponse', versions: [4, 5], value: { throttleTimeMs: 0, errorCode: 0, groups: [{ groupId: 'g', protocolType: 'consumer', groupState: 'Empty', groupType: 'classic' }] } },
  { message: 'ListOffsetsRequest', versions: [1, 2, 4, 6, 7], value: { replicaId: -1, isolationLevel: 1, topics: [{ name: 't', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -3 }, { partitionIndex: 1, timestamp: 1_700_000_000_000 }] }] } },
  { message: 'ListOffsetsResponse', versions: [1, 2, 4, 6, 7], value: { throttleTimeMs: 0, topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 0, timestamp: 1_700_000_000_123, offset: 41, leaderEpoch: 2 }, { partitionIndex: 1, errorCode: 6, timestamp: -1, offset: -1 }] }] } },
  { message: 'DeleteRecordsRequest', versions: [0, 1, 2], value: { topics: [{ name: 't', partitions: [{ partitionIndex: 0, offset: 42 }, { partitionIndex: 1, offset: -1 }] }], timeoutMs: 30000 } },
  { message: 'DeleteRecordsResponse', versions: [0, 1, 2], value: { throttleTimeMs: 0, topics: [{ name: 't', partitions: [{ partitionIndex: 0, lowWatermark: 42, errorCode: 0 }, { partitionIndex: 1, lowWatermark: -1, errorCode: 1 }] }] } },
  { message: 'DescribeLogDirsRequest', versions: [1, 2, 3, 4], value: { topics: null } },
  { message: 'DescribeLogDirsRequest', versions: [1, 4], value: { topics: [{ topic: 't', partitions: [0, 1] }] } },
  {
    message: 'DescribeLogDirsResponse',
    versions: [1, 2, 3, 4],
    value: {
      throttleTimeMs: 0,
      errorCode: 0,
      results: [
        { errorCode: 0, logDir: '/var/kafka/a', topics: [{ name: 't', partitions: [{ partitionIndex: 0, partitionSize: 5_000_000_000, offsetLag: 0, isFutureKey: false }, { partitionIndex: 1, partitionSize: 7, offsetLag: 3, isFutureKey: true }] }], totalBytes: 1e12, usableBytes: 4e11 },
        { errorCode: 57, logDir: '/var/kafka/b', topics: [], totalBytes: -1, usableBytes: -1 },
      ],
    },
  },
  { message: 'DescribeConfigsRequest', versions: [1, 2, 3, 4], value: { resources: [{ resourceType: 2, resourceName: 'orders', configurationKeys: null }, { resourceType: 4, resourceName: '', configurationKeys: ['log.retention.ms'] }], includeSynonyms: true, includeDocumentation: false } },
  {
    message: 'DescribeConfigsResponse',
    versions: [1, 2, 3, 4],
    value: {
      throttleTimeMs: 0,
      results: [
        {
          errorCode: 0,
          errorMessage: null,
          resourceType: 2,
          resourceName: 'orders',
          configs: [
            { name: 'retention.ms', value: '1000', readOnly: false, configSource: 1, isSensitive: false, synonyms: [{ name: 'retention.ms', value: '1000', source: 1 }, { name: 'log.retention.hours', value: '168', source: 5 }], configType: 5, documentation: null },
            { name: 'sasl.jaas.config', value: null, readOnly: true, configSource: 4, isSensitive: true, synonyms: [], configType: 9, documentation: 'JAAS' },
          ],
        },
        { errorCode: 3, errorMessage: 'The topic does not exist.', resourceType: 2, resourceName: 'gone', configs: [] },
      ],
    },
  },
  { message: 'ListConfigResourcesRequest', versions: [0], value: {} },
  { message: 'ListConfigResourcesRequest', versions: [1], value: { resourceTypes: [32, 16] } },
  { message: 'ListConfigResourcesResponse', versions: [0, 1], value: { throttleTimeMs: 0, errorCode: 0, configResources: [{ resourceName: 'metrics-a', resourceType: 16 }, { resourceName: 'g', resourceType: 16 }] } },
  {
    message: 'DescribeClientQuotasRequest',
    versions: [0, 1],
    value: { components: [{ entityType: 'user', matchType: 0, match: 'alice' }, { entityType: 'client-id', matchType: 1, match: null }, { entityType: 'ip', matchType: 2, match: null }], strict: true },
  },
  {
    message: 'DescribeClientQuotasResponse',
    versions: [0, 1],
    value: {
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      entries: [{ entity: [{ entityType: 'user', entityName: 'alice' }, { entityType: 'client-id', entityName: null }], values: [{ key: 'producer_byte_rate', value: 1048576 }, { key: 'request_percentage', value: 50.5 }] }],
    },
  },
  { message: 'DescribeClientQuotasResponse', versions: [0, 1], value: { throttleTimeMs: 0, errorCode: 35, errorMessage: 'not supported', entries: null } },
  {
    message: 'AlterClientQuotasRequest',
    versions: [0, 1],
    value: { entries: [{ entity: [{ entityType: 'user', entityName: null }], ops: [{ key: 'producer_byte_rate', value: 2e7, remove: false }, { key: 'consumer_byte_rate', value: 0, remove: true }] }], validateOnly: false },
  },
  { message: 'AlterClientQuotasResponse', versions: [0, 1], value: { throttleTimeMs: 0, entries: [{ errorCode: 42, errorMessage: 'bad key', entity: [{ entityType: 'client-id', entityName: 'c1' }] }] } },
  { message: 'DescribeUserScramCredentialsRequest', versions: [0], value: { users: null } },
  { message: 'DescribeUserScramCredentialsRequest', versions: [0], value: { users: [{ name: 'alice' }, { name: 'bob' }] } },
  {
    message: 'DescribeUserScramCredentialsResponse',
    versions: [0],
    value: {
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      results: [
        { user: 'alice', errorCode: 0, errorMessage: null, credentialInfos: [{ mechanism: 2, iterations: 4096 }, { mechanism: 1, iterations: 8192 }] },
        { user: 'bob', errorCode: 91, errorMessage: 'Attempt to describe a user credential that does not exist: bob', credentialInfos: [] },
      ],
    },
  },
  {
    message: 'AlterUserScramCredentialsRequest',
    versions: [0],
    value: {
      deletions: [{ name: 'bob', mechanism: 2 }],
      upsertions: [{ name: 'alice', mechanism: 1, iterations: 8192, salt: Buffer.from('00112233445566778899aabbccddeeff', 'hex'), saltedPassword: Buffer.alloc(32, 7) }],
    },
  },
  { message: 'AlterUserScramCredentialsResponse', versions: [0], value: { throttleTimeMs: 0, results: [{ user: 'alice', errorCode: 0, errorMessage: null }, { user: 'bob', errorCode: 91, errorMessage: 'no such credential' }] } },
  { message: 'DescribeAclsRequest', versions: [1, 2, 3], value: { resourceTypeFilter: 2, resourceNameFilter: 'orders', patternTypeFilter: 2, principalFilter: null, hostFilter: null, operation: 1, permissionType: 1 } },
  {
    message: 'DescribeAclsResponse',
    versions: [1, 2, 3],
    value: {
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      resources: [
        { resourceType: 2, resourceName: 'orders', patternType: 3, acls: [{ principal: 'User:bob', host: '*', operation: 3, permissionType: 3 }, { principal: 'User:eve', host: '10.0.0.1', operation: 2, permissionType: 2 }] },
        { resourceType: 2, resourceName: 'ord', patternType: 4, acls: [{ principal: 'User:ops', host: '*', operation: 8, permissionType: 3 }] },
      ],
    },
  },
  {
    message: 'CreateAclsRequest',
    versions: [1, 2, 3],
    value: { creations: [{ resourceType: 4, resourceName: 'kafka-cluster', resourcePatternType: 3, principal: 'User:bob', host: '*', operation: 12, permissionType: 3 }, { resourceType: 3, resourceName: 'g', resourcePatternType: 4, principal: 'User:a', host: '*', operation: 3, permissionType: 2 }] },
  },
  { message: 'CreateAclsResponse', versions: [1, 2, 3], value: { throttleTimeMs: 0, results: [{ errorCode: 0, errorMessage: null }, { errorCode: 54, errorMessage: 'No Authorizer is configured.' }] } },
  { message: 'DeleteAclsRequest', versions: [1, 2, 3], value: { filters: [{ resourceTypeFilter: 2, resourceNameFilter: 'orders', patternTypeFilter: 1, principalFilter: 'User:bob', hostFilter: null, operation: 3, permissionType: 3 }] } },
  {
    message: 'DeleteAclsResponse',
    versions: [1, 2, 3],
    value: {
      throttleTimeMs: 0,
      filterResults: [
        { errorCode: 0, errorMessage: null, matchingAcls: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'orders', patternType: 3, principal: 'User:bob', host: '*', operation: 3, permissionType: 3 }] },
        { errorCode: 31, errorMessage: 'Cluster authorization failed.', matchingAcls: [] },
      ],
    },
  },
  { message: 'UpdateFeaturesRequest', versions: [0], value: { timeoutMs: 30000, featureUpdates: [{ feature: 'group.version', maxVersionLevel: 0, allowDowngrade: true }] } },
  {
    message: 'UpdateFeaturesRequest',
    versions: [1, 2],
    value: { timeoutMs: 30000, featureUpdates: [{ feature: 'metadata.version', maxVersionLevel: 27, upgradeType: 1 }, { feature: 'group.version', maxVersionLevel: 0, upgradeType: 2 }], validateOnly: true },
  },
  {
    message: 'UpdateFeaturesResponse',
    versions: [0, 1],
    value: { throttleTimeMs: 0, errorCode: 0, errorMessage: null, results: [{ feature: 'group.version', errorCode: 0, errorMessage: null }, { feature: 'share.version', errorCode: 42, errorMessage: 'Invalid update version 9' }] },
  },
  { message: 'UpdateFeaturesResponse', versions: [2], value: { throttleTimeMs: 0, errorCode: 42, errorMessage: 'Invalid update version 9 for feature share.version.' } },
  { message: 'ShareGroupDescribeRequest', versions: [1], value: { groupIds: ['sg1', 'sg2'], includeAuthorizedOperations: false } },
  {
    message: 'ShareGroupDescribeResponse',
    versions: [1],
    value: {
      throttleTimeMs: 0,
      groups: [
        {
          errorCode: 0,
          errorMessage: null,
          groupId: 'sg1',
          groupState: 'Stable',
          groupEpoch: 3,
          assignmentEpoch: 3,
          assignorName: 'simple',
          members: [
            {
              memberId: 'VIxXP8S6R_CYS5cO8vEGUw',
              rackId: null,
              memberEpoch: 3,
              clientId: 'console-share-consumer',
              clientHost: '/127.0.0.1',
              subscribedTopicNames: ['st'],
              assignment: { topicPartitions: [{ topicId: uuid, topicName: 'st', partitions: [0, 1] }] },
            },
          ],
          authorizedOperations: -2147483648,
        },
        { errorCode: 69, errorMessage: 'Group sg2 not found.', groupId: 'sg2', groupState: '', groupEpoch: -1, assignmentEpoch: -1, assignorName: '', members: [], authorizedOperations: -2147483648 },
      ],
    },
  },
  { message: 'DescribeShareGroupOffsetsRequest', versions: [0, 1], value: { groups: [{ groupId: 'sg1', topics: null }, { groupId: 'sg2', topics: [{ topicName: 'st', partitions: [0, 1] }] }] } },
  {
    message: 'DescribeShareGroupOffsetsResponse',
    versions: [0, 1],
    value: {
      throttleTimeMs: 0,
      groups: [
        {
          groupId: 'sg1',
          topics: [{ topicName: 'st', topicId: uuid, partitions: [{ partitionIndex: 0, startOffset: 18, leaderEpoch: 0, lag: 2, errorCode: 0, errorMessage: null }, { partitionIndex: 1, startOffset: -1, leaderEpoch: -1, lag: -1, errorCode: 0, errorMessage: null }] }],
          errorCode: 0,
          errorMessage: null,
        },
      ],
    },
  },
  { message: 'AlterShareGroupOffsetsRequest', versions: [0], value: { groupId: 'sg1', topics: [{ topicName: 'st', partitions: [{ partitionIndex: 0, startOffset: 5 }, { partitionIndex: 1, startOffset: 0 }] }] } },
  {
    message: 'AlterShareGroupOffsetsResponse',
    versions: [0],
    value: { throttleTimeMs: 0, errorCode: 0, errorMessage: null, responses: [{ topicName: 'st', topicId: uuid, partitions: [{ partitionIndex: 0, errorCode: 0, errorMessage: null }, { partitionIndex: 1, errorCode: 3, errorMessage: 'This server does not host this topic-partition.' }] }] },
  },
  { message: 'DeleteShareGroupOffsetsRequest', versions: [0], value: { groupId: 'sg1', topics: [{ topicName: 'st' }, { topicName: 'gone' }] } },
  {
    message: 'DeleteShareGroupOffsetsResponse',
    versions: [0],
    value: { throttleTimeMs: 0, errorCode: 0, errorMessage: null, responses: [{ topicName: 'st', topicId: uuid, errorCode: 0, errorMessage: null }, { topicName: 'gone', topicId: uuid, errorCode: 3, errorMessage: 'This server does not host this topic-partition.' }] },
  },
  { message: 'ListTransactionsRequest', versions: [0, 1, 2], value: { stateFilters: ['Ongoing'], producerIdFilters: [8], durationFilter: -1, transactionalIdPattern: null } },
  {
    message: 'ListTransactionsResponse',
    versions: [0, 1, 2],
    value: { throttleTimeMs: 0, errorCode: 0, unknownStateFilters: [], transactionStates: [{ transactionalId: 'tx-open', producerId: 8, transactionState: 'Ongoing' }, { transactionalId: 'tx-done', producerId: 7, transactionState: 'CompleteCommit' }] },
  },
  { message: 'DescribeTransactionsRequest', versions: [0], value: { transactionalIds: ['tx-open', 'tx-gone'] } },
  {
    message: 'DescribeTransactionsResponse',
    versions: [0],
    value: {
      throttleTimeMs: 0,
      transactionStates: [
        { errorCode: 0, transactionalId: 'tx-open', transactionState: 'Ongoing', transactionTimeoutMs: 900000, transactionStartTimeMs: 1796232342511, producerId: 8, producerEpoch: 0, topics: [{ topic: 'tx-t', partitions: [0, 1] }] },
        { errorCode: 105, transactionalId: 'tx-gone', transactionState: '', transactionTimeoutMs: 0, transactionStartTimeMs: -1, producerId: -1, producerEpoch: -1, topics: [] },
      ],
    },
  },
  { message: 'DescribeProducersRequest', versions: [0], value: { topics: [{ name: 'tx-t', partitionIndexes: [0, 1] }] } },
  {
    message: 'DescribeProducersResponse',
    versions: [0],
    value: {
      throttleTimeMs: 0,
      topics: [
        {
          name: 'tx-t',
          partitions: [
            { partitionIndex: 0, errorCode: 0, errorMessage: null, activeProducers: [{ producerId: 8, producerEpoch: 0, lastSequence: 709, lastTimestamp: 1796232353815, coordinatorEpoch: -1, currentTxnStartOffset: 202 }] },
            { partitionIndex: 1, errorCode: 6, errorMessage: 'not the leader', activeProducers: [] },
          ],
        },
      ],
    },
  },
  { message: 'WriteTxnMarkersRequest', versions: [1, 2], value: { markers: [{ producerId: 8, producerEpoch: 0, transactionResult: false, topics: [{ name: 'tx-t', partitionIndexes: [0] }], coordinatorEpoch: 0, transactionVersion: 0 }] } },
  { message: 'WriteTxnMarkersResponse', versions: [1, 2], value: { markers: [{ producerId: 8, topics: [{ name: 'tx-t', partitions: [{ partitionIndex: 0, errorCode: 0 }] }] }] } },
  { message: 'InitProducerIdRequest', versions: [0, 2, 3, 4], value: { transactionalId: 'tx-console', transactionTimeoutMs: 60000, producerId: -1, producerEpoch: -1 } },
  { message: 'InitProducerIdRequest', versions: [3], value: { transactionalId: null, transactionTimeoutMs: 2147483647, producerId: 12, producerEpoch: 3 } },
  { message: 'InitProducerIdResponse', versions: [0, 2, 4], value: { throttleTimeMs: 0, errorCode: 0, producerId: 4001, producerEpoch: 7 } },
  { message: 'InitProducerIdResponse', versions: [4], value: { throttleTimeMs: 0, errorCode: 51, producerId: -1, producerEpoch: -1 } },
  { message: 'AddPartitionsToTxnRequest', versions: [0, 3], value: { v3AndBelowTransactionalId: 'tx-console', v3AndBelowProducerId: 4001, v3AndBelowProducerEpoch: 7, v3AndBelowTopics: [{ name: 'tx-t', partitions: [0, 2] }, { name: 'other', partitions: [5] }] } },
  { message: 'AddPartitionsToTxnResponse', versions: [0, 3], value: { throttleTimeMs: 0, resultsByTopicV3AndBelow: [{ name: 'tx-t', resultsByPartition: [{ partitionIndex: 0, partitionErrorCode: 0 }, { partitionIndex: 2, partitionErrorCode: 51 }] }] } },
  { message: 'EndTxnRequest', versions: [0, 3, 4], value: { transactionalId: 'tx-console', producerId: 4001, producerEpoch: 7, committed: true } },
  { message: 'EndTxnRequest', versions: [3], value: { transactionalId: 'tx-console', producerId: 4001, producerEpoch: 7, committed: false } },
  { message: 'EndTxnResponse', versions: [0, 3, 4], value: { throttleTimeMs: 0, errorCode: 0 } },
  { message: 'EndTxnResponse', versions: [3], value: { throttleTimeMs: 0, errorCode: 90 } },
  { message: 'ShareGroupHeartbeatRequest', versions: [1], value: { groupId: 'sg', memberId: 'XGdPp4XUQUyW0S1VpSrBNg', memberEpoch: 0, rackId: null, subscribedTopicNames: ['orders'] } },
  { message: 'ShareGroupHeartbeatRequest', versions: [1], value: { groupId: 'sg', memberId: 'XGdPp4XUQUyW0S1VpSrBNg', memberEpoch: -1, rackId: null, subscribedTopicNames: null } },
  {
    message: 'ShareGroupHeartbeatResponse',
    versions: [1],
    value: { throttleTimeMs: 0, errorCode: 0, errorMessage: null, memberId: 'XGdPp4XUQUyW0S1VpSrBNg', memberEpoch: 3, heartbeatIntervalMs: 5000, assignment: { topicPartitions: [{ topicId: 'm3qNL2kQRa2sVZs5D0Ab7w', partitions: [0, 2] }] } },
  },
  { message: 'ShareGroupHeartbeatResponse', versions: [1], value: { throttleTimeMs: 0, errorCode: 0, errorMessage: null, memberId: null, memberEpoch: 3, heartbeatIntervalMs: 5000, assignment: null } },
  {
    message: 'ShareFetchRequest',
    versions: [1, 2],
    value: {
      groupId: 'sg',
      memberId: 'XGdPp4XUQUyW0S1VpSrBNg',
      shareSessionEpoch: 1,
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 52428800,
      maxRecords: 500,
      batchSize: 500,
      topics: [{ topicId: 'm3qNL2kQRa2sVZs5D0Ab7w', partitions: [{ partitionIndex: 0, acknowledgementBatches: [{ firstOffset: 10, lastOffset: 12, acknowledgeTypes: [1] }, { firstOffset: 13, lastOffset: 14, acknowledgeTypes: [2, 0] }] }] }],
      forgottenTopicsData: [{ topicId: 'm3qNL2kQRa2sVZs5D0Ab7w', partitions: [2] }],
    },
  },
  {
    message: 'ShareFetchResponse',
    versions: [1, 2],
    value: {
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      acquisitionLockTimeoutMs: 30000,
      responses: [
        {
          topicId: 'm3qNL2kQRa2sVZs5D0Ab7w',
          partitions: [
            { partitionIndex: 0, errorCode: 0, errorMessage: null, acknowledgeErrorCode: 0, acknowledgeErrorMessage: null, currentLeader: { leaderId: -1, leaderEpoch: -1 }, records: Buffer.from('00000000000000000000', 'hex'), acquiredRecords: [{ firstOffset: 15, lastOffset: 16, deliveryCount: 2 }] },
            { partitionIndex: 2, errorCode: 6, errorMessage: 'not the leader', acknowledgeErrorCode: 0, acknowledgeErrorMessage: null, currentLeader: { leaderId: 3, leaderEpoch: 7 }, records: Buffer.alloc(0), acquiredRecords: [] },
          ],
        },
      ],
      nodeEndpoints: [{ nodeId: 3, host: '127.0.0.1', port: 9094, rack: null }],
    },
  },
  { message: 'ShareAcknowledgeRequest', versions: [1, 2], value: { groupId: 'sg', memberId: 'XGdPp4XUQUyW0S1VpSrBNg', shareSessionEpoch: -1, topics: [{ topicId: 'm3qNL2kQRa2sVZs5D0Ab7w', partitions: [{ partitionIndex: 0, acknowledgementBatches: [{ firstOffset: 15, lastOffset: 16, acknowledgeTypes: [3] }] }] }] } },
  {
    message: 'ShareAcknowledgeResponse',
    versions: [1, 2],
    value: { throttleTimeMs: 0, errorCode: 0, errorMessage: null, acquisitionLockTimeoutMs: 30000, responses: [{ topicId: 'm3qNL2kQRa2sVZs5D0Ab7w', partitions: [{ partitionIndex: 0, errorCode: 0, errorMessage: null, currentLeader: { leaderId: -1, leaderEpoch: -1 } }] }], nodeEndpoints: [] },
  },
  { message: 'StreamsGroupDescribeRequest', versions: [0, 1], value: { groupIds: ['st-app'], includeAuthorizedOperations: false, includeTopologyDescription: false } },
  {
    message: 'StreamsGroupDescribeResponse',
    versions: [1],
    value: {
      throttleTimeMs: 0,
      groups: [
        {
          errorCode: 0,
          errorMessage: null,
          groupId: 'st-app',
          groupState: 'Stable',
          groupEpoch: 3,
          assignmentEpoch: 3,
          topology: {
            epoch: 0,
            subtopologies: [
              {
                subtopologyId: '0',
                sourceTopics: ['st-in'],
                repartitionSinkTopics: [],
                stateChangelogTopics: [{ name: 'st-app-counts-changelog', partitions: 2, replicationFactor: 3, topicConfigs: [{ key: 'cleanup.policy', value: 'compact' }] }],
                repartitionSourceTopics: [],
              },
            ],
          },
          members: [
            {
              memberId: 'mjWN6NRlR9S1j9YgmSuyqQ',
              memberEpoch: 3,
              instanceId: null,
              rackId: null,
              clientId: 'st-app-StreamThread-1-consumer',
              clientHost: '/127.0.0.1',
              topologyEpoch: 0,
              processId: '32c5c444-2878-4b5c-9ea0-423c1764e1d3',
              userEndpoint: null,
              clientTags: [],
              taskOffsets: [{ subtopologyId: '0', partition: 0, offset: 3 }],
              taskEndOffsets: [],
              assignment: { activeTasks: [{ subtopologyId: '0', partitions: [0, 1] }], standbyTasks: [], warmupTasks: [] },
              targetAssignment: { activeTasks: [{ subtopologyId: '0', partitions: [0, 1] }], standbyTasks: [], warmupTasks: [] },
              isClassic: false,
            },
          ],
          authorizedOperations: -2147483648,
          topologyDescription: { subtopologies: [], globalStores: [] },
          topologyDescriptionStatus: 0,
          assignorName: 'sticky',
        },
        { errorCode: 69, errorMessage: 'Group nope is not a streams group.', groupId: 'nope', groupState: '', groupEpoch: -1, assignmentEpoch: -1, topology: null, members: [], authorizedOperations: -2147483648, topologyDescription: { subtopologies: [], globalStores: [] }, topologyDescriptionStatus: 0, assignorName: null },
      ],
    },
  },
  { message: 'StreamsGroupDescribeRequest', versions: [1], value: { groupIds: ['st-app'], includeAuthorizedOperations: false, includeTopologyDescription: true } },
  {
    message: 'StreamsGroupDescribeResponse',
    versions: [1],
    value: {
      throttleTimeMs: 0,
      groups: [
        {
          errorCode: 0,
          errorMessage: null,
          groupId: 'st-app',
          groupState: 'Empty',
          groupEpoch: 4,
          assignmentEpoch: 4,
          topology: { epoch: 0, subtopologies: [] },
          members: [],
          authorizedOperations: -2147483648,
          topologyDescription: {
            subtopologies: [
              {
                subtopologyId: '0',
                nodes: [
                  { name: 'KSTREAM-SOURCE-0000000000', nodeType: 1, sourceTopics: ['st-in'], sinkTopic: null, stores: [], successors: ['KSTREAM-AGGREGATE-0000000001'] },
                  { name: 'KSTREAM-AGGREGATE-0000000001', nodeType: 2, sourceTopics: [], sinkTopic: null, stores: ['counts'], successors: ['KSTREAM-SINK-0000000002'] },
                  { name: 'KSTREAM-SINK-0000000002', nodeType: 3, sourceTopics: [], sinkTopic: 'st-out', stores: [], successors: [] },
                ],
              },
            ],
            globalStores: [
              {
                source: { name: 'KSTREAM-SOURCE-0000000003', nodeType: 1, sourceTopics: ['st-global'], sinkTopic: null, stores: [], successors: ['KTABLE-SOURCE-0000000004'] },
                processor: { name: 'KTABLE-SOURCE-0000000004', nodeType: 2, sourceTopics: [], sinkTopic: null, stores: ['global-store'], successors: [] },
              },
            ],
          },
          topologyDescriptionStatus: 3,
          assignorName: 'sticky',
        },
      ],
    },
  },
  {
    message: 'FetchRequest',
    versions: [4, 11, 12],
    value: {
      clusterId: null,
      replicaId: -1,
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 52428800,
      isolationLevel: 1,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [{ topic: 'orders', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 4294967300, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1048576 }, { partition: 3, currentLeaderEpoch: -1, fetchOffset: 0, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1048576 }] }],
      forgottenTopicsData: [],
      rackId: '',
    },
  },
  {
    message: 'FetchResponse',
    versions: [4, 11, 12],
    value: {
      throttleTimeMs: 0,
      errorCode: 0,
      sessionId: 0,
      responses: [
        {
          topic: 'orders',
          partitions: [
            { partitionIndex: 0, errorCode: 0, highWatermark: 4294967310, lastStableOffset: 4294967305, logStartOffset: 0, abortedTransactions: [{ producerId: 7, firstOffset: 4294967301 }], preferredReadReplica: -1, records: Buffer.from('00000001000000040000000c', 'hex') },
            { partitionIndex: 3, errorCode: 1, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, abortedTransactions: null, preferredReadReplica: -1, records: null },
          ],
        },
      ],
    },
  },
  { message: 'OffsetFetchRequest', versions: [5, 6, 7], value: { groupId: 'st-app', topics: null, requireStable: false } },
  {
    message: 'OffsetFetchResponse',
    versions: [5, 6, 7],
    value: {
      throttleTimeMs: 0,
      topics: [{ name: 'st-in', partitions: [{ partitionIndex: 0, committedOffset: 4, committedLeaderEpoch: 0, metadata: '', errorCode: 0 }, { partitionIndex: 1, committedOffset: -1, committedLeaderEpoch: -1, metadata: null, errorCode: 0 }] }],
      errorCode: 0,
    },
  },
  // A classic group's membership, and the ConsumerProtocol bytes its consumers exchange in it.
  {
    message: 'JoinGroupRequest',
    versions: [4, 5, 7, 8, 9],
    value: { groupId: 'g', sessionTimeoutMs: 45000, rebalanceTimeoutMs: 60000, memberId: '', groupInstanceId: null, protocolType: 'consumer', protocols: [{ name: 'range', metadata: Buffer.from('0000000000010001610000ffff', 'hex') }], reason: null },
  },
  {
    message: 'JoinGroupResponse',
    versions: [4, 5, 7, 9],
    value: { throttleTimeMs: 0, errorCode: 0, generationId: 7, protocolType: 'consumer', protocolName: 'range', leader: 'm-1', skipAssignment: false, memberId: 'm-1', members: [{ memberId: 'm-1', groupInstanceId: null, metadata: Buffer.from('00000000000100016100000000', 'hex') }, { memberId: 'm-2', groupInstanceId: 'i-2', metadata: Buffer.from('0003', 'hex') }] },
  },
  { message: 'JoinGroupResponse', versions: [4, 7], value: { throttleTimeMs: 0, errorCode: 79, generationId: -1, protocolType: null, protocolName: '', leader: '', memberId: 'console-consumer-1f2e', members: [] } },
  {
    message: 'SyncGroupRequest',
    versions: [3, 4, 5],
    value: { groupId: 'g', generationId: 7, memberId: 'm-1', groupInstanceId: null, protocolType: 'consumer', protocolName: 'range', assignments: [{ memberId: 'm-1', assignment: Buffer.from('000000000001000161000000020000000000000002ffffffff', 'hex') }, { memberId: 'm-2', assignment: Buffer.alloc(0) }] },
  },
  { message: 'SyncGroupResponse', versions: [3, 4, 5], value: { throttleTimeMs: 0, errorCode: 0, protocolType: 'consumer', protocolName: 'range', assignment: Buffer.from('0000000000010001610000000100000001ffffffff', 'hex') } },
  { message: 'HeartbeatRequest', versions: [1, 3, 4], value: { groupId: 'g', generationId: 7, memberId: 'm-1', groupInstanceId: null } },
  { message: 'HeartbeatResponse', versions: [1, 4], value: { throttleTimeMs: 0, errorCode: 27 } },
  { message: 'LeaveGroupRequest', versions: [1, 2], value: { groupId: 'g', memberId: 'm-1' } },
  { message: 'LeaveGroupRequest', versions: [3, 4, 5], value: { groupId: 'g', members: [{ memberId: 'm-1', groupInstanceId: null, reason: 'the consumer is closing' }] } },
  { message: 'LeaveGroupResponse', versions: [1, 3, 5], value: { throttleTimeMs: 0, errorCode: 0, members: [{ memberId: 'm-1', groupInstanceId: null, errorCode: 25 }] } },
  {
    message: 'OffsetCommitRequest',
    versions: [2, 5, 6, 7, 8],
    value: { groupId: 'g', generationIdOrMemberEpoch: 7, memberId: 'm-1', groupInstanceId: null, retentionTimeMs: -1, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 4_000_000_123, committedLeaderEpoch: -1, committedMetadata: '' }, { partitionIndex: 3, committedOffset: 0, committedLeaderEpoch: -1, committedMetadata: null }] }] },
  },
  { message: 'OffsetCommitResponse', versions: [2, 3, 8], value: { throttleTimeMs: 0, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 0 }, { partitionIndex: 3, errorCode: 22 }] }] } },
  { message: 'ConsumerProtocolSubscription', versions: [0, 1, 2, 3], value: { topics: ['orders', 'audit'], userData: null, ownedPartitions: [{ topic: 'orders', partitions: [0, 2] }], generationId: 7, rackId: 'r1' } },
  { message: 'ConsumerProtocolSubscription', versions: [0], value: { topics: ['a'], userData: Buffer.from('cafe', 'hex') } },
  { message: 'ConsumerProtocolAssignment', versions: [0, 3], value: { assignedPartitions: [{ topic: 'orders', partitions: [0, 1, 2] }, { topic: 'audit', partitions: [5] }], userData: null } },
];
