import { describe, expect, it } from 'vitest';
import { topicsOptions } from '../../src/cli/topics.js';
import { parseReplicaAssignment, validateTopicsOptions, parseConfigPairs } from '../../src/commands/topics/validate.js';
import { selectTopics, topicPattern, validateTopicName } from '../../src/commands/topics/topic-selector.js';
import { kafkaDescribeText } from '../../src/commands/topics/render.js';
import { noFilters } from '../../src/commands/topics/options.js';

describe('topics options', () => {
  it('verb style and Kafka flag style produce the same options', () => {
    const verb = topicsOptions({ action: 'create', name: 'orders', partitions: '3', 'replication-factor': '1' }, false);
    const flags = topicsOptions({ create: true, topic: 'orders', partitions: '3', 'replication-factor': '1' }, false);
    expect(verb).toEqual(flags);
  });
  it('needs exactly one action', () => {
    expect(() => topicsOptions({ list: true, describe: true }, false)).toThrow('exactly one action');
    expect(() => topicsOptions({}, false)).toThrow('exactly one action');
  });
  it('defaults to Kafka layout only under the kafka-topics name', () => {
    expect(topicsOptions({ list: true }, true).output).toBe('kafka');
    expect(topicsOptions({ list: true }, false).output).toBe('table');
  });
  it('rejects a non-numeric --partitions', () => {
    expect(() => topicsOptions({ create: true, topic: 't', partitions: 'x' }, false)).toThrow("--partitions must be a whole number, got 'x'");
  });
});

describe('topics validation', () => {
  const base = topicsOptions({ create: true, topic: 'orders' }, false);
  it.each([
    ['--create without --topic', { ...base, topic: undefined }, '--create needs --topic'],
    ['--replication-factor on describe', { ...base, action: 'describe' as const, replicationFactor: 2 }, '--replication-factor can only be used with --create'],
    ['--if-not-exists on delete', { ...base, action: 'delete' as const, ifNotExists: true }, '--if-not-exists can only be used with --create'],
    ['--partitions 0', { ...base, partitions: 0 }, '--partitions must be greater than 0'],
    ['--alter without a change', { ...base, action: 'alter' as const }, '--alter needs --partitions, --config or --delete-config'],
    ['replica assignment with partitions', { ...base, partitions: 2, replicaAssignment: [[1]] }, 'cannot be combined'],
  ])('%s', (_name, options, message) => {
    expect(() => validateTopicsOptions(options)).toThrow(message);
  });
  it('parses and checks --replica-assignment like Kafka', () => {
    expect(parseReplicaAssignment('1:2,2:3')).toEqual([[1, 2], [2, 3]]);
    expect(() => parseReplicaAssignment('1:1')).toThrow('lists broker 1 twice');
    expect(() => parseReplicaAssignment('1:2,3')).toThrow('different replication factor');
  });
  it('rejects malformed --config', () => {
    expect(parseConfigPairs(['retention.ms=1000'])).toEqual({ 'retention.ms': '1000' });
    expect(() => parseConfigPairs(['retention.ms'])).toThrow("invalid --config 'retention.ms'");
  });
  it('validates topic names as Kafka does', () => {
    expect(() => validateTopicName('bad name')).toThrow("contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'");
    expect(() => validateTopicName('.')).toThrow("'.' is not allowed");
    expect(() => validateTopicName('x'.repeat(250))).toThrow('longer than the max allowed length 249');
  });
});

describe('topic selection', () => {
  const all = ['orders', 'orders_v2', 'Zeta', '__consumer_offsets', 'test.topic', 'test_topic'];
  it('matches whole names, commas are alternatives, Java sort order', () => {
    expect(selectTopics(all, 'orders', false)).toEqual(['orders']);
    expect(selectTopics(all, 'orders.*', false)).toEqual(['orders', 'orders_v2']);
    expect(selectTopics(all, 'orders, Zeta', false)).toEqual(['Zeta', 'orders']);
    expect(selectTopics(all, 'test.topic', false)).toEqual(['test.topic', 'test_topic']);
    expect(selectTopics(all, undefined, false)).toEqual(['Zeta', '__consumer_offsets', 'orders', 'orders_v2', 'test.topic', 'test_topic']);
    expect(selectTopics(all, undefined, true)).not.toContain('__consumer_offsets');
  });
  it('reports an invalid regex', () => {
    expect(() => topicPattern('a(')).toThrow('a( is an invalid regex');
  });
});

describe('Kafka describe layout', () => {
  const report = {
    name: 'orders', topicId: 'abc', internal: false, partitionCount: 1, replicationFactor: 2, overrides: [{ name: 'retention.ms', value: '1000' }], allConfigs: null, minInsyncReplicas: 1,
    partitions: [{ partition: 0, leader: null, replicas: [1, 2], isr: [2], offlineReplicas: [1], elr: [], lastKnownElr: null, earliestOffset: 0, latestOffset: 0, messages: 0, underReplicated: true, underMinIsr: true, atMinIsr: true, unavailable: true }],
  };
  it('prints TAB-separated summary and partition lines', () => {
    expect(kafkaDescribeText([report], noFilters, false)).toBe(
      'Topic: orders\tTopicId: abc\tPartitionCount: 1\tReplicationFactor: 2\tConfigs: retention.ms=1000\n\tTopic: orders\tPartition: 0\tLeader: none\tReplicas: 1,2\tIsr: 2\tElr: \tLastKnownElr: N/A\n',
    );
  });
  it('drops the summary when a partition filter is given', () => {
    expect(kafkaDescribeText([report], { ...noFilters, unavailable: true }, false)).not.toContain('PartitionCount');
  });
});
