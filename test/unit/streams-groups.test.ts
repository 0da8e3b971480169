import { describe, expect, it } from 'vitest';
import { streamsGroupsOptions } from '../../src/cli/streams-groups.js';
import { internalTopicsOf, kafkaDeleteOffsetsText, kafkaOffsetsText, kafkaResetText, kafkaStateText, tasksText, topologyText } from '../../src/commands/streams-groups/run.js';
import type { StreamsGroupDescription } from '../../src/core/client.js';

const group: StreamsGroupDescription = { groupId: 'app', state: 'Stable', groupEpoch: 3, targetAssignmentEpoch: 3, topologyEpoch: 0, assignor: 'sticky', coordinator: null, subtopologies: [], members: [], topologyDescription: { status: 'not-requested', subtopologies: [], globalStores: [] } };

describe('streams-groups', () => {
  it('options follow kafka-streams-groups’ rules and words', () => {
    expect(streamsGroupsOptions({ describe: true, group: 'app' }, true)).toEqual({ action: 'describe', groups: ['app'], allGroups: false, view: 'offsets', verbose: false, output: 'kafka' });
    expect(streamsGroupsOptions({ describe: true, 'all-groups': true, members: true, verbose: true }, false)).toMatchObject({ allGroups: true, view: 'members', verbose: true });
    expect(streamsGroupsOptions({ list: true, state: 'stable,NotReady' }, false)).toMatchObject({ action: 'list', states: ['Stable', 'NotReady'] });
    expect(() => streamsGroupsOptions({ list: true, state: 'bogus' }, false)).toThrow("Invalid state list 'bogus'. Valid states are: Reconciling, Assigning, Stable, Dead, NotReady, Empty");
    expect(() => streamsGroupsOptions({ describe: true }, false)).toThrow('Option [describe] takes one of these options: [all-groups], [group]');
    expect(() => streamsGroupsOptions({ delete: true }, false)).toThrow('Option [delete] takes one of these options: [all-groups], [group]');
    expect(() => streamsGroupsOptions({ describe: true, group: 'a', members: true, offsets: true }, false)).toThrow('at most one of these options');
    expect(() => streamsGroupsOptions({}, false)).toThrow('Command must include exactly one action: --list, --describe, --delete, --reset-offsets, or --delete-offsets.');
    expect(streamsGroupsOptions({ describe: true, group: 'app', topology: true }, false)).toMatchObject({ view: 'topology' });
    expect(() => streamsGroupsOptions({ describe: true, group: 'a', topology: true, state: '' }, false)).toThrow('Option [describe] takes at most one of these options: [members], [offsets], [state], [topology]');
  });

  it('--reset-offsets, --delete-offsets and --delete take Kafka’s scopes and refuse what Kafka’s tool refuses', () => {
    const reset = { 'reset-offsets': true, group: 'app', 'to-earliest': true };
    expect(streamsGroupsOptions({ ...reset, 'all-input-topics': true, 'dry-run': true }, true)).toEqual({
      action: 'reset-offsets', groups: ['app'], allGroups: false, reset: { kind: 'earliest' }, inputTopics: { all: true }, execute: false, export: false, deleteInternalTopics: [], yes: false, output: 'kafka',
    });
    expect(streamsGroupsOptions({ ...reset, 'input-topic': ['in:0,2', 'other'], execute: true, 'delete-all-internal-topics': true }, false)).toMatchObject({
      inputTopics: { all: false, topics: [{ topic: 'in', partitions: [0, 2] }, { topic: 'other', partitions: null }] }, execute: true, deleteInternalTopics: 'all',
    });
    expect(streamsGroupsOptions({ 'reset-offsets': true, group: 'app', 'from-file': 'plan.csv', execute: true }, false)).toMatchObject({ reset: { kind: 'file', path: 'plan.csv' }, inputTopics: null });
    expect(() => streamsGroupsOptions({ ...reset, 'all-input-topics': true }, false)).toThrow('Option [reset-offsets] takes the option: [execute] or [dry-run]');
    expect(() => streamsGroupsOptions({ ...reset, 'all-input-topics': true, 'dry-run': true, execute: true }, false)).toThrow('Option [reset-offsets] only accepts one of [execute] and [dry-run]');
    expect(() => streamsGroupsOptions({ ...reset, 'dry-run': true }, false)).toThrow('One of the reset scopes should be defined: --all-input-topics, --input-topic.');
    expect(() => streamsGroupsOptions({ 'reset-offsets': true, group: 'app', 'all-input-topics': true, 'dry-run': true }, false)).toThrow("Option '[reset-offsets]' requires one of the following scenarios");
    expect(() => streamsGroupsOptions({ ...reset, 'all-input-topics': true, 'dry-run': true, 'delete-all-internal-topics': true }, false)).toThrow('Option [delete-all-internal-topics] takes [execute] when [reset-offsets] is used.');
    expect(() => streamsGroupsOptions({ ...reset, 'all-input-topics': true, 'dry-run': true, 'delete-internal-topic': 'app-x-changelog' }, false)).toThrow('[delete-internal-topic] is applicable only with [reset-offsets] and [execute]');
    expect(() => streamsGroupsOptions({ describe: true, group: 'app', execute: true }, false)).toThrow('Only Option [reset-offsets] accepts [execute] or [dry-run]');
    expect(streamsGroupsOptions({ 'delete-offsets': true, group: 'app', 'input-topic': 'in' }, false)).toEqual({ action: 'delete-offsets', group: 'app', inputTopics: { all: false, topics: [{ topic: 'in', partitions: null }] }, output: 'table' });
    expect(() => streamsGroupsOptions({ 'delete-offsets': true, group: 'app' }, false)).toThrow('Option [delete-offsets] takes the [group] and one of these options: [all-input-topics], [input-topic]');
    expect(() => streamsGroupsOptions({ 'delete-offsets': true, group: ['a', 'b'], 'all-input-topics': true }, false)).toThrow('Option [delete-offsets] supports only one [group] at a time, but found: [a, b]');
    expect(() => streamsGroupsOptions({ delete: true, group: 'app', 'input-topic': 'in' }, false)).toThrow('Kafka Streams does not support topic-specific offset deletion from a streams group.');
    expect(streamsGroupsOptions({ delete: true, group: 'app', 'delete-all-internal-topics': true }, false)).toMatchObject({ action: 'delete', deleteInternalTopics: true });
  });

  it('the topology as Topology#describe writes it: sets sorted, "none" for no neighbours, global stores numbered after the subtopologies', () => {
    const node = (name: string, kind: 'source' | 'processor' | 'sink', more: object) => ({ name, kind, topics: [], topic: null, stores: [], successors: [], predecessors: [], ...more });
    const text = topologyText({
      status: 'available',
      subtopologies: [{ subtopologyId: '0', nodes: [node('src', 'source', { topics: ['b', 'a'], successors: ['agg'] }), node('agg', 'processor', { stores: ['s'], successors: ['out'], predecessors: ['src'] }), node('out', 'sink', { topic: 'o', predecessors: ['agg'] })] }],
      globalStores: [{ source: node('gsrc', 'source', { topics: ['g'], successors: ['gproc'] }), processor: node('gproc', 'processor', { stores: ['gs'], predecessors: ['gsrc'] }) }],
    });
    expect(text).toBe(
      'Topologies:\n   Sub-topology: 0\n    Source: src (topics: [a, b])\n      --> agg\n    Processor: agg (stores: [s])\n      --> out\n      <-- src\n    Sink: out (topic: o)\n      <-- agg\n\n' +
        '   Sub-topology: 1 for global store (will not generate tasks)\n    Source: gsrc (topics: [g])\n      --> gproc\n    Processor: gproc (stores: [gs])\n      --> none\n      <-- gsrc\n\n',
    );
  });

  it('internal topics: repartition and changelog topics named after the application, never a source topic', () => {
    const g = { ...group, subtopologies: [{ subtopologyId: '0', sourceTopics: ['in', 'app-x-repartition'], repartitionSourceTopics: ['app-x-repartition'], stateChangelogTopics: ['app-counts-changelog', 'shared-changelog'], repartitionSinkTopics: [] }] };
    expect(internalTopicsOf(g)).toEqual({ internal: ['app-counts-changelog'], notInferred: ['shared-changelog'] });
  });

  it('reset and delete-offsets texts: StreamsGroupCommand’s widths, its HashMap order, Java’s exception names', () => {
    // TopicPartition("in", 1) hashes to bucket 5 of 16, ("in", 0) to bucket 6.
    const plans = [0, 1].map((partition) => ({ group: 'app', topic: 'in', partition, offset: 5 }));
    expect(kafkaResetText(plans, true)).toBe(`\n${'GROUP'.padEnd(30)} ${'TOPIC'.padEnd(30)} PARTITION  NEW-OFFSET     \n${'app'.padEnd(30)} ${'in'.padEnd(30)} 1          5              \n${'app'.padEnd(30)} ${'in'.padEnd(30)} 0          5              \n`);
    expect(kafkaResetText([], false)).toBe('\n');
    const results = [
      { topic: 'in', partition: 10, error: null, errorName: null },
      { topic: 'in', partition: 2, error: 'Deleting offsets of a topic is forbidden while the consumer group is actively subscribed to it.', errorName: 'GROUP_SUBSCRIBED_TO_TOPIC' },
    ];
    expect(kafkaDeleteOffsetsText('app', results)).toBe(
      '\nError: Encountered some partition-level error, see the follow-up details.\n\nTOPIC           PARTITION  STATUS         \nin              10         Successful     \n' +
        'in              2          Error: org.apache.kafka.common.errors.GroupSubscribedToTopicException: Deleting offsets of a topic is forbidden while the consumer group is actively subscribed to it.\n',
    );
    expect(kafkaDeleteOffsetsText('app', [results[0]!])).toMatch(/^Request succeeded for deleting offsets from group app\.\n\nTOPIC/);
  });

  it('tasks as StreamsGroupCommand writes them: kinds without tasks left out, each task ending in "; "', () => {
    expect(tasksText({ active: [{ subtopologyId: '0', partitions: [0, 1] }, { subtopologyId: '1', partitions: [2] }], standby: [], warmup: [{ subtopologyId: '0', partitions: [3] }] })).toBe('ACTIVE: 0:[0,1]; 1:[2]; WARMUP: 0:[3]; ');
    expect(tasksText({ active: [], standby: [{ subtopologyId: '2', partitions: [0] }], warmup: [] }, 'TARGET-')).toBe('TARGET-STANDBY: 2:[0]; ');
  });

  it('the state and offsets layouts pad as Kafka’s format strings do; offsets in Java’s HashMap order', () => {
    const g: StreamsGroupDescription = { ...group, coordinator: { id: 2, host: '127.0.0.1', port: 9093, rack: null } };
    expect(kafkaStateText(g, false)).toBe('GROUP           COORDINATOR (ID)          ASSIGNOR        STATE                     #MEMBERS\napp             127.0.0.1:9093 (2)        sticky          Stable                    0\n');
    const offsets = [0, 1, 2].map((partition) => ({ topic: 'in', partition, currentOffset: partition === 1 ? null : 4, leaderEpoch: partition === 1 ? null : 0, logEndOffset: 4, lag: partition === 1 ? 4 : 0 }));
    expect(kafkaOffsetsText('app', offsets, true).split('\n')[2]).toBe('app             in              1          -               -               4               4              ');
  });
});
