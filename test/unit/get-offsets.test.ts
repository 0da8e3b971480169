import { describe, expect, it } from 'vitest';
import { getOffsetsOptions, parseRule, parseTime } from '../../src/cli/get-offsets.js';
import { bindDashValues } from '../../src/cli/build-cli.js';

describe('get-offsets inputs', () => {
  it('--time: Kafka’s names and numbers, epoch ms, ISO dates (UTC without a zone), a time ago', () => {
    expect(['latest', '-1', 'earliest', '-2', 'max-timestamp', '-3'].map((t) => parseTime(t))).toEqual(['latest', 'latest', 'earliest', 'earliest', 'max-timestamp', 'max-timestamp']);
    expect(parseTime('1700000000000')).toEqual({ timestamp: 1_700_000_000_000 });
    expect(parseTime('2024-05-01')).toEqual({ timestamp: Date.UTC(2024, 4, 1) });
    expect(parseTime('2024-05-01T12:30')).toEqual({ timestamp: Date.UTC(2024, 4, 1, 12, 30) });
    expect(parseTime('2024-05-01T12:30:00.250+02:00')).toEqual({ timestamp: Date.UTC(2024, 4, 1, 10, 30, 0, 250) });
    expect(parseTime('2024-05-01T12:30:00+0200')).toEqual({ timestamp: Date.UTC(2024, 4, 1, 10, 30) });
    expect(parseTime('-15m', 1_000_000_000)).toEqual({ timestamp: 1_000_000_000 - 900_000 });
    expect(parseTime('-2d', 1_000_000_000)).toEqual({ timestamp: 1_000_000_000 - 172_800_000 });
    for (const bad of ['2024-02-30', '-4', 'soon', '2024-13-01', '-5x']) expect(() => parseTime(bad), bad).toThrow(`invalid --time '${bad}'`);
  });
  it('--topic-partitions: Kafka’s rules, the upper bound exclusive', () => {
    const rule = (spec: string) => ({ ...parseRule(spec), topic: undefined });
    expect(rule('t:3')).toEqual({ topic: undefined, partitions: { kind: 'one', partition: 3 } });
    expect(rule('t:0-3')).toEqual({ topic: undefined, partitions: { kind: 'range', from: 0, to: 3 } });
    expect(rule('t:5-')).toEqual({ topic: undefined, partitions: { kind: 'range', from: 5, to: 2 ** 31 - 1 } });
    expect(rule(':-2')).toEqual({ topic: undefined, partitions: { kind: 'range', from: 0, to: 2 } });
    expect(rule('t')).toEqual({ topic: undefined, partitions: { kind: 'range', from: 0, to: 2 ** 31 - 1 } });
    expect(parseRule('orders.*').topic.test('orders-eu')).toBe(true);
    expect(parseRule(':1').topic.test('anything')).toBe(true);
    expect(() => parseRule('t:1:2')).toThrow('Invalid rule specification: t:1:2');
  });
  it('--topic with --partitions; the two styles do not mix', () => {
    const o = getOffsetsOptions({ topic: 'a.*', partitions: '0, 2' }, false);
    expect(o.rules[0]!.partitions).toEqual({ kind: 'set', partitions: [0, 2] });
    expect(o.query).toBe('latest');
    expect(o.output).toBe('table');
    expect(getOffsetsOptions({}, true).output).toBe('kafka');
    expect(() => getOffsetsOptions({ 'topic-partitions': 'a', partitions: '1' }, false)).toThrow('--topic-partitions cannot be used with --topic or --partitions');
  });
  it('--time -15m is bound to --time before parsing (it would read as three short flags)', () => {
    expect(bindDashValues(['get-offsets', '--time', '-15m', '-o', 'json'])).toEqual(['get-offsets', '--time=-15m', '-o', 'json']);
    expect(bindDashValues(['get-offsets', '--time', '-1'])).toEqual(['get-offsets', '--time', '-1']);
  });
});
