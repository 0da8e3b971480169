import { describe, expect, it } from 'vitest';
import { streamsGroupsOptions } from '../../src/cli/streams-groups.js';
import { kafkaOffsetsText, kafkaStateText, tasksText } from '../../src/commands/streams-groups/run.js';
import type { StreamsGroupDescription } from '../../src/core/client.js';

describe('streams-groups', () => {
  it('options follow kafka-streams-groups’ rules and words', () => {
    expect(streamsGroupsOptions({ describe: true, group: 'app' }, true)).toEqual({ action: 'describe', groups: ['app'], allGroups: false, view: 'offsets', verbose: false, output: 'kafka' });
    expect(streamsGroupsOptions({ describe: true, 'all-groups': true, members: true, verbose: true }, false)).toMatchObject({ allGroups: true, view: 'members', verbose: true });
    expect(streamsGroupsOptions({ list: true, state: 'stable,NotReady' }, false)).toMatchObject({ action: 'list', states: ['Stable', 'NotReady'] });
    expect(() => streamsGroupsOptions({ list: true, state: 'bogus' }, false)).toThrow("Invalid state list 'bogus'. Valid states are: Reconciling, Assigning, Stable, Dead, NotReady, Empty");
    expect(() => streamsGroupsOptions({ describe: true }, false)).toThrow('Option [describe] takes one of these options: [all-groups], [group]');
    expect(() => streamsGroupsOptions({ delete: true }, false)).toThrow('Option [delete] takes one of these options: [all-groups], [group]');
    expect(() => streamsGroupsOptions({ describe: true, group: 'a', members: true, offsets: true }, false)).toThrow('at most one of these options');
    expect(() => streamsGroupsOptions({}, false)).toThrow('Command must include exactly one action');
  });

  it('tasks as StreamsGroupCommand writes them: kinds without tasks left out, each task ending in "; "', () => {
    expect(tasksText({ active: [{ subtopologyId: '0', partitions: [0, 1] }, { subtopologyId: '1', partitions: [2] }], standby: [], warmup: [{ subtopologyId: '0', partitions: [3] }] })).toBe('ACTIVE: 0:[0,1]; 1:[2]; WARMUP: 0:[3]; ');
    expect(tasksText({ active: [], standby: [{ subtopologyId: '2', partitions: [0] }], warmup: [] }, 'TARGET-')).toBe('TARGET-STANDBY: 2:[0]; ');
  });

  it('the state and offsets layouts pad as Kafka’s format strings do; offsets in Java’s HashMap order', () => {
    const g: StreamsGroupDescription = { groupId: 'app', state: 'Stable', groupEpoch: 3, targetAssignmentEpoch: 3, topologyEpoch: 0, assignor: 'sticky', coordinator: { id: 2, host: '127.0.0.1', port: 9093, rack: null }, subtopologies: [], members: [] };
    expect(kafkaStateText(g, false)).toBe('GROUP           COORDINATOR (ID)          ASSIGNOR        STATE                     #MEMBERS\napp             127.0.0.1:9093 (2)        sticky          Stable                    0\n');
    const offsets = [0, 1, 2].map((partition) => ({ topic: 'in', partition, currentOffset: partition === 1 ? null : 4, leaderEpoch: partition === 1 ? null : 0, logEndOffset: 4, lag: partition === 1 ? 4 : 0 }));
    expect(kafkaOffsetsText('app', offsets, true).split('\n')[2]).toBe('app             in              1          -               -               4               4              ');
  });
});
