import { describe, expect, it } from 'vitest';
import { consoleConsumerOptions, parseTimestamp } from '../../src/cli/console-consumer.js';
import type { ConsumedRecord, KafkaClient, PartitionOffsets, RecordSource } from '../../src/core/client.js';
import { runConsoleConsumer } from '../../src/commands/console-consumer/run.js';
import { testIO } from '../support/test-io.js';
import { defaultFormatter, formatterProperties, jsonFormatter, templateFormatter } from '../../src/commands/console-consumer/record-formatter.js';
import { deserializerFor, javaDouble, javaFloat } from '../../src/commands/console-consumer/deserializers.js';

const record: ConsumedRecord = {
  topic: 't', partition: 2, offset: 5, timestamp: 1700000000000, timestampType: 'CreateTime', leaderEpoch: 0,
  key: Buffer.from('k'), value: Buffer.from('v'), headers: [['h1', Buffer.from('x')], ['h2', null]],
};
const fmt = (props: Record<string, string>, r: ConsumedRecord = record) => {
  const out: Buffer[] = [];
  defaultFormatter(formatterProperties(props))(r, out);
  return Buffer.concat(out).toString();
};

describe('DefaultMessageFormatter layout', () => {
  it.each([
    [{}, 'v\n'],
    [{ 'print.key': 'true' }, 'k\tv\n'],
    [{ 'print.timestamp': 'true', 'print.partition': 'true', 'print.offset': 'true', 'print.key': 'true' }, 'CreateTime:1700000000000\tPartition:2\tOffset:5\tk\tv\n'],
    [{ 'print.headers': 'true' }, 'h1:x,h2:null\tv\n'],
    [{ 'print.key': 'true', 'print.value': 'false' }, 'k\n'],
    [{ 'print.value': 'false' }, ''],
    [{ 'print.key': 'true', 'key.separator': ' | ', 'line.separator': '\r\n' }, 'k | v\r\n'],
  ])('%j', (props, want) => {
    expect(fmt(props as Record<string, string>)).toBe(want);
  });
  it('prints null.literal for null key/value and NO_HEADERS', () => {
    expect(fmt({ 'print.key': 'true', 'print.headers': 'true', 'null.literal': '<nil>' }, { ...record, key: null, value: null, headers: [] })).toBe('NO_HEADERS\t<nil>\t<nil>\n');
  });
});

describe('other formats', () => {
  it('kcat-style template', () => {
    const out: Buffer[] = [];
    templateFormatter('%t/%p@%o %k=%v %h %% \\n')(record, out);
    expect(Buffer.concat(out).toString()).toBe('t/2@5 k=v h1=x,h2= % \n');
    const kcat: Buffer[] = [];
    templateFormatter('%s')(record, kcat);
    expect(Buffer.concat(kcat).toString()).toBe('v');
  });
  it('a template with an unknown field or a lone % is refused, not printed literally', () => {
    expect(() => templateFormatter('%k %Z')).toThrow('--format has an unknown field %Z');
    expect(() => templateFormatter('100%')).toThrow('--format ends with a lone %');
  });
  it('JSON lines, base64 on request', () => {
    const out: Buffer[] = [];
    jsonFormatter(true)(record, out);
    const doc = JSON.parse(Buffer.concat(out).toString());
    expect(doc).toMatchObject({ topic: 't', partition: 2, offset: 5, key: 'aw==', value: 'dg==', encoding: 'base64' });
  });
});

describe('consumer options', () => {
  it('checks combinations with Kafka’s messages', () => {
    expect(() => consoleConsumerOptions({})).toThrow('Exactly one of --include/--topic is required.');
    expect(() => consoleConsumerOptions({ topic: 't', offset: '5' })).toThrow('The partition is required when offset is specified.');
    expect(() => consoleConsumerOptions({ topic: 't', partition: '0', offset: 'x' })).toThrow("The provided offset value 'x' is incorrect.");
    expect(() => consoleConsumerOptions({ topic: 't', partition: '0', group: 'g' })).toThrow('Options group and partition cannot be specified together.');
    expect(() => consoleConsumerOptions({ topic: 't', group: 'a', 'consumer-property': 'group.id=b' })).toThrow("Detected group ids: 'a', 'b'");
  });
  it('honours enable.auto.commit; refuses what would make the group member other than asked (static membership, another protocol or assignor)', () => {
    const tuning = (property?: string) => consoleConsumerOptions({ topic: 't', group: 'g', 'consumer-property': property }).consumer.tuning;
    expect(tuning().enableAutoCommit).toBe(true);
    expect(tuning('enable.auto.commit=false').enableAutoCommit).toBe(false);
    expect(() => tuning('enable.auto.commit=no')).toThrow("enable.auto.commit must be true or false, not 'no'");
    expect(() => tuning('group.instance.id=a')).toThrow('group.instance.id (static membership) is not supported');
    expect(() => tuning('group.protocol=consumer')).toThrow('group.protocol=consumer is not supported');
    expect(tuning('group.protocol=CLASSIC').enableAutoCommit).toBe(true);
    expect(() => tuning('partition.assignment.strategy=org.apache.kafka.clients.consumer.RoundRobinAssignor')).toThrow('this consumer assigns partitions with range only');
    expect(tuning('partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor, org.apache.kafka.clients.consumer.RangeAssignor').enableAutoCommit).toBe(true);
  });
  it('parses timestamps: relative, epoch and ISO', () => {
    expect(parseTimestamp('-15m', 1_000_000_000)).toBe(1_000_000_000 - 900_000);
    expect(parseTimestamp('1700000000000')).toBe(1700000000000);
    expect(parseTimestamp('2024-01-01T00:00:00Z')).toBe(Date.UTC(2024, 0, 1));
    expect(() => parseTimestamp('yesterday')).toThrow("invalid timestamp 'yesterday'");
  });
});

describe('Kafka deserializer classes', () => {
  it('Java’s Double.toString and Float.toString', () => {
    expect([1.5, 0.001, 1e7, 123456789.123, -2.5e-5, 0.1, 1e21, 0, -0, Number.NaN, -Infinity, 9999999].map((v) => javaDouble(v))).toEqual([
      '1.5', '0.001', '1.0E7', '1.23456789123E8', '-2.5E-5', '0.1', '1.0E21', '0.0', '-0.0', 'NaN', '-Infinity', '9999999.0',
    ]);
    expect([0.1, 1 / 3, 16777216, 3.4028234663852886e38].map((v) => javaFloat(Math.fround(v)))).toEqual(['0.1', '0.33333334', '1.6777216E7', '3.4028235E38']);
  });

  it('fixed sizes are checked with Kafka’s message; Bytes escapes what is not printable', () => {
    expect(() => deserializerFor('LongDeserializer', 'key.deserializer')(Buffer.from('abc'))).toThrow('Size of data received by LongDeserializer is not 8');
    expect(deserializerFor('org.apache.kafka.common.serialization.ShortDeserializer', 'x')(Buffer.from([0xff, 0xfe])).toString()).toBe('-2');
    expect(deserializerFor('BytesDeserializer', 'x')(Buffer.from([0x61, 0x00, 0x7b, 0xff])).toString()).toBe('a\\x00{\\xFF');
    expect(deserializerFor('BooleanDeserializer', 'x')(Buffer.from([1])).toString()).toBe('true');
    expect(() => deserializerFor('com.example.AvroDeserializer', 'value.deserializer')).toThrow("unknown value.deserializer 'com.example.AvroDeserializer'");
  });

  it('--formatter: the default, NoOp (prints nothing), anything else a usage error; the flags beat the properties', () => {
    expect(consoleConsumerOptions({ topic: 't', formatter: 'org.apache.kafka.tools.consumer.NoOpMessageFormatter' }).output).toEqual({ kind: 'none' });
    expect(consoleConsumerOptions({ topic: 't', formatter: 'kafka.tools.DefaultMessageFormatter' }).output.kind).toBe('default');
    expect(() => consoleConsumerOptions({ topic: 't', formatter: 'LoggingMessageFormatter' })).toThrow("unsupported --formatter 'LoggingMessageFormatter'");
    const o = consoleConsumerOptions({ topic: 't', property: ['value.deserializer=StringDeserializer'], 'value-deserializer': 'LongDeserializer' });
    expect(o.output.kind === 'default' && o.output.properties.valueDeserializer?.(Buffer.alloc(8)).toString()).toBe('0');
  });
});

describe('runConsoleConsumer', () => {
  it('hands on, per partition, the offset after the last record printed, whatever order the partitions come in', async () => {
    const at = (partition: number, offset: number): ConsumedRecord => ({ ...record, partition, offset });
    const printed: PartitionOffsets[][] = [];
    const source: RecordSource = {
      async *[Symbol.asyncIterator]() {
        yield [at(0, 5), at(0, 6), at(1, 10), at(0, 7), at(2, 3)];
      },
      printed: (positions) => void printed.push(positions),
      commit: async () => undefined,
      close: async () => undefined,
    };
    const client = { consumer: async () => source } as unknown as KafkaClient;
    const io = testIO();
    expect(await runConsoleConsumer(consoleConsumerOptions({ topic: 't', 'max-messages': '5' }), client, io)).toBe(0);
    expect(io.out()).toBe('v\nv\nv\nv\nv\n');
    expect(printed).toEqual([[{ topic: 't', partition: 0, offset: 8 }, { topic: 't', partition: 1, offset: 11 }, { topic: 't', partition: 2, offset: 4 }]]);
  });
});
