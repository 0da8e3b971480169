/** Kafka's API names by key, as org.apache.kafka.common.protocol.ApiKeys (4.4) spells them. */
export const API_NAMES: readonly string[] = [
  'Produce', 'Fetch', 'ListOffsets', 'Metadata', 'LeaderAndIsr', 'StopReplica', 'UpdateMetadata', 'ControlledShutdown',
  'OffsetCommit', 'OffsetFetch', 'FindCoordinator', 'JoinGroup', 'Heartbeat', 'LeaveGroup', 'SyncGroup', 'DescribeGroups',
  'ListGroups', 'SaslHandshake', 'ApiVersions', 'CreateTopics', 'DeleteTopics', 'DeleteRecords', 'InitProducerId',
  'OffsetForLeaderEpoch', 'AddPartitionsToTxn', 'AddOffsetsToTxn', 'EndTxn', 'WriteTxnMarkers', 'TxnOffsetCommit',
  'DescribeAcls', 'CreateAcls', 'DeleteAcls', 'DescribeConfigs', 'AlterConfigs', 'AlterReplicaLogDirs', 'DescribeLogDirs',
  'SaslAuthenticate', 'CreatePartitions', 'CreateDelegationToken', 'RenewDelegationToken', 'ExpireDelegationToken',
  'DescribeDelegationToken', 'DeleteGroups', 'ElectLeaders', 'IncrementalAlterConfigs', 'AlterPartitionReassignments',
  'ListPartitionReassignments', 'OffsetDelete', 'DescribeClientQuotas', 'AlterClientQuotas', 'DescribeUserScramCredentials',
  'AlterUserScramCredentials', 'Vote', 'BeginQuorumEpoch', 'EndQuorumEpoch', 'DescribeQuorum', 'AlterPartition',
  'UpdateFeatures', 'Envelope', 'FetchSnapshot', 'DescribeCluster', 'DescribeProducers', 'BrokerRegistration',
  'BrokerHeartbeat', 'UnregisterBroker', 'DescribeTransactions', 'ListTransactions', 'AllocateProducerIds',
  'ConsumerGroupHeartbeat', 'ConsumerGroupDescribe', 'ControllerRegistration', 'GetTelemetrySubscriptions', 'PushTelemetry',
  'AssignReplicasToDirs', 'ListConfigResources', 'DescribeTopicPartitions', 'ShareGroupHeartbeat', 'ShareGroupDescribe',
  'ShareFetch', 'ShareAcknowledge', 'AddRaftVoter', 'RemoveRaftVoter', 'UpdateRaftVoter', 'InitializeShareGroupState',
  'ReadShareGroupState', 'WriteShareGroupState', 'DeleteShareGroupState', 'ReadShareGroupStateSummary',
  'StreamsGroupHeartbeat', 'StreamsGroupDescribe', 'DescribeShareGroupOffsets', 'AlterShareGroupOffsets',
  'DeleteShareGroupOffsets', 'StreamsGroupTopologyDescriptionUpdate', 'UnregisterController',
];

/**
 * APIs a broker serves to clients (ApiKeys.clientApis()); Kafka's tool lists those a
 * broker lacks as UNSUPPORTED. The others (Vote, LeaderAndIsr ...) are between nodes.
 */
export const CLIENT_API_KEYS: ReadonlySet<number> = new Set([
  0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
  36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 55, 57, 60, 61, 64, 65, 66, 68, 69, 71, 72, 74, 75, 76,
  77, 78, 79, 80, 81, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94,
]);

export function apiName(key: number): string {
  return API_NAMES[key] ?? 'UNKNOWN';
}
