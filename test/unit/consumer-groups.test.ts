import { describe, expect, it } from 'vitest';
import { consumerGroupsOptions, parseTopicScope } from '../../src/cli/consumer-groups.js';
import { jacksonCsvField, parseIsoDuration, parseKafkaDatetime, parseResetFile } from '../../src/commands/consumer-groups/reset-plan.js';
import { assignmentText } from '../../src/commands/consumer-groups/run.js';

describe('reset-offsets inputs', () => {
  it('--to-datetime: milliseconds required, no zone = UTC, Z and ±hh[:mm] zones', () => {
    expect(parseKafkaDatetime('2024-01-01T00:00:00.000')).toBe(Date.UTC(2024, 0, 1));
    expect(parseKafkaDatetime('2024-01-01T02:00:00.000+02:00')).toBe(Date.UTC(2024, 0, 1));
    expect(parseKafkaDatetime('2024-01-01T02:00:00.000+02')).toBe(Date.UTC(2024, 0, 1));
    expect(parseKafkaDatetime('2024-01-01T00:00:00.000Z')).toBe(Date.UTC(2024, 0, 1));
    expect(() => parseKafkaDatetime('2024-01-01T00:00:00')).toThrow("invalid --to-datetime '2024-01-01T00:00:00'");
  });
  it('--to-datetime: a date, time or zone that does not exist is refused, never rolled over', () => {
    expect(parseKafkaDatetime('2024-02-29T23:59:59.999+18:00')).toBe(Date.parse('2024-02-29T23:59:59.999+18:00'));
    for (const bad of ['2024-02-30T00:00:00.000', '2023-02-29T00:00:00.000', '2024-13-01T00:00:00.000', '2024-01-01T24:00:00.000', '2024-01-01T00:60:00.000', '2024-01-01T00:00:00.000+25:00', '2024-01-01T00:00:00.000+01:75']) {
      expect(() => parseKafkaDatetime(bad), bad).toThrow(`invalid --to-datetime '${bad}': no such date, time or zone offset`);
    }
  });
  it('--by-duration: ISO-8601 PnDTnHnMnS', () => {
    expect(parseIsoDuration('PT1H30M')).toBe(90 * 60_000);
    expect(parseIsoDuration('P1DT2S')).toBe(86_400_000 + 2000);
    expect(() => parseIsoDuration('1h')).toThrow("invalid --by-duration '1h'");
  });
  it('--from-file: 3 columns for one group, 4 columns otherwise', () => {
    expect(parseResetFile('t,0,5\nt,1,7\n', ['g'])).toEqual([{ group: 'g', topic: 't', partition: 0, offset: 5 }, { group: 'g', topic: 't', partition: 1, offset: 7 }]);
    expect(parseResetFile('a,t,0,1\n', ['a', 'b'])).toEqual([{ group: 'a', topic: 't', partition: 0, offset: 1 }]);
    // Kafka's tools quote long names and names with characters below '-' (Jackson's CSV); --export does too.
    expect(parseResetFile('"a-very-long-topic-name-over-24",1,0\n"a ""b""",0,3\n', ['g'])).toEqual([{ group: 'g', topic: 'a-very-long-topic-name-over-24', partition: 1, offset: 0 }, { group: 'g', topic: 'a "b"', partition: 0, offset: 3 }]);
    expect(() => parseResetFile('"t,0,1\n', ['g'])).toThrow('line 1 of the reset file is not CSV');
    expect(['a-very-long-topic-name-over-24', 'orders', 'a b', 'x"y', 7].map(jacksonCsvField)).toEqual(['"a-very-long-topic-name-over-24"', 'orders', '"a b"', '"x""y"', '7']);
    expect(() => parseResetFile('t,0,5\n', ['a', 'b'])).toThrow('line 1 of the reset file has 3 columns');
  });
  it('--topic t:0,2 scopes partitions', () => {
    expect(parseTopicScope('orders')).toEqual({ topic: 'orders', partitions: null });
    expect(parseTopicScope('orders:0,2')).toEqual({ topic: 'orders', partitions: [0, 2] });
  });
});

describe('consumer-groups options', () => {
  it('verb style and flag style agree', () => {
    expect(consumerGroupsOptions({ action: 'describe', groups: ['g'] }, false)).toEqual(consumerGroupsOptions({ describe: true, group: 'g' }, false));
  });
  it('reset without --execute or --dry-run is a dry run that warns', () => {
    const o = consumerGroupsOptions({ 'reset-offsets': true, group: 'g', 'all-topics': true, 'to-latest': true }, false);
    expect([o.execute, o.dryRunImplicit]).toEqual([false, true]);
  });
  it('--describe --state takes no value', () => {
    expect(() => consumerGroupsOptions({ describe: true, group: 'g', state: 'Stable' }, false)).toThrow('Option [describe] does not take a value for [state]');
    expect(consumerGroupsOptions({ list: true, state: 'stable,EMPTY' }, false).stateFilter).toEqual(['stable', 'EMPTY']);
    expect(() => consumerGroupsOptions({ list: true, state: 'Stable,Bogus' }, false)).toThrow("unknown group state 'Bogus'");
  });
  it('assignment text is sorted topic:partitions;…', () => {
    expect(assignmentText([{ topic: 'b', partition: 2 }, { topic: 'a', partition: 1 }, { topic: 'a', partition: 0 }])).toBe('a:0,1;b:2');
  });
});
