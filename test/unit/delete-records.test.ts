import { describe, expect, it } from 'vitest';
import { deleteRecordsOptions } from '../../src/cli/delete-records.js';
import { kafkaDeleteText, parseOffsetJson } from '../../src/commands/delete-records/run.js';

describe('delete-records inputs and Kafka text', () => {
  it('Kafka’s offset file; version 1 assumed; duplicates and malformed entries refused', () => {
    expect(parseOffsetJson('{"partitions":[{"topic":"t","partition":0,"offset":5}]}')).toEqual([{ topic: 't', partition: 0, offset: 5 }]);
    expect(() => parseOffsetJson('{"partitions":[],"version":2}')).toThrow('Not supported version field value 2');
    expect(() => parseOffsetJson('{"version":1}')).toThrow('Missing partitions field');
    expect(() => parseOffsetJson('nope')).toThrow('The input string is not a valid JSON');
    expect(() => parseOffsetJson('{"partitions":[{"topic":"t","partition":0}]}')).toThrow('partition 1 of the offset file needs');
    expect(() => parseOffsetJson('{"partitions":[{"topic":"t","partition":0,"offset":1},{"topic":"t","partition":0,"offset":2}]}')).toThrow('Offset json file contains duplicate topic partitions: t-0');
  });
  it('--topic with one of --before-offset, --before-time, --all; partitions as a list', () => {
    expect(deleteRecordsOptions({ topic: 't', all: true, partition: ['0,2', '2'] }, false).source).toEqual({ kind: 'topic', topic: 't', partitions: [0, 2], before: { kind: 'all' } });
    expect(deleteRecordsOptions({ topic: 't', 'before-offset': '7' }, false).source).toMatchObject({ before: { kind: 'offset', offset: 7 } });
    expect(deleteRecordsOptions({ topic: 't', 'before-time': '2024-05-01' }, false).source).toMatchObject({ before: { kind: 'time', timestamp: Date.UTC(2024, 4, 1) } });
    expect(() => deleteRecordsOptions({ topic: 't', 'before-time': 'latest' }, false)).toThrow("--before-time takes a time, got 'latest'");
    expect(() => deleteRecordsOptions({ topic: 't', 'before-offset': '-1' }, false)).toThrow('--before-offset must be between 0 and');
    expect(() => deleteRecordsOptions({ topic: 't', all: true, partition: 'x' }, false)).toThrow("--partition takes partition numbers, got 'x'");
    expect(() => deleteRecordsOptions({ 'offset-json-file': 'f', topic: 't' }, false)).toThrow('--offset-json-file names its partitions');
    expect(deleteRecordsOptions({ 'offset-json-file': 'f' }, true)).toEqual({ source: { kind: 'file', path: 'f' }, yes: false, output: 'kafka' });
  });
  it('Kafka’s lines, with Java’s exception names and messages', () => {
    expect(
      kafkaDeleteText([
        { topic: 't', partition: 0, lowWatermark: 5, error: null },
        { topic: 't', partition: 1, lowWatermark: null, error: { name: 'OFFSET_OUT_OF_RANGE', message: 'x' } },
      ]),
    ).toBe('Executing records delete operation\nRecords delete operation completed:\npartition: t-0\tlow_watermark: 5\npartition: t-1\terror: org.apache.kafka.common.errors.OffsetOutOfRangeException: The requested offset is not within the range of offsets maintained by the server.\n');
  });
});
