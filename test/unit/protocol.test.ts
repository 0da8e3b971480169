import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../src/core/protocol/codec.js';
import * as messages from '../../src/core/protocol/messages.js';
import type { MessageSpec } from '../../src/core/protocol/spec.js';
import { produceRequest } from '../../src/core/kafkajs/record-batch.js';
import { fetchRequest, streamsGroupDescribe } from '../../src/core/kafkajs/requests.js';
import { CASES } from '../protocol/cases.js';
import { fromKafkaJson, toKafkaJson } from '../protocol/kafka-json.js';

const specs = messages as Record<string, MessageSpec>;
const { kafka, fixtures } = JSON.parse(readFileSync(new URL('./fixtures/protocol.json', import.meta.url), 'utf8')) as {
  kafka: string;
  fixtures: Array<{ message: string; version: number; value: never; hex: string; decoded: never }>;
};

/** A message with a `records` field anywhere in it (Produce, ShareFetch). */
function carriesRecords(fields: ReadonlyArray<{ type: string; fields?: ReadonlyArray<{ type: string; fields?: unknown }> }>): boolean {
  return fields.some((x) => x.type === 'records' || (x.fields !== undefined && carriesRecords(x.fields as typeof fields)));
}

describe(`the protocol codec against Kafka ${kafka}'s own message classes`, () => {
  it('every case has its fixture (regenerate with npx vite-node test/protocol/make-fixtures.ts)', () => {
    expect(fixtures.map((f) => `${f.message} v${f.version}`)).toEqual(CASES.flatMap((c) => c.versions.map((v) => `${c.message} v${v}`)));
  });

  it.each(fixtures.map((f) => [`${f.message} v${f.version}`, f] as const))('%s: our bytes are Kafka’s, and we read Kafka’s bytes as Kafka does', (_name, f) => {
    const spec = specs[f.message]!;
    expect(encode(spec, f.version, fromKafkaJson(spec, f.version, f.value)).toString('hex')).toBe(f.hex);
    // Kafka's converter writes records read from the wire as empty: there the value it encoded stands.
    const expected = carriesRecords(spec.fields) ? f.value : f.decoded;
    expect(toKafkaJson(spec, f.version, decode(spec, f.version, Buffer.from(f.hex, 'hex')))).toEqual(expected);
  });

  it('StreamsGroupDescribe v1 asks for the topology description and reads it as Kafka’s admin client does: node kinds, predecessors from successors, global stores', async () => {
    const wire = streamsGroupDescribe(1, ['st-app'], true);
    const [request, answer] = fixtures.filter((f) => f.message.startsWith('StreamsGroupDescribe') && f.version === 1).slice(2);
    // Our request is the flexible header's empty tag section, then the body.
    expect((await wire.request.encode()).buffer.subarray(1).toString('hex')).toBe(request!.hex);
    const [group] = await wire.response.decode(Buffer.concat([Buffer.from([0]), Buffer.from(answer!.hex, 'hex')]));
    expect(group!.topologyDescription).toEqual({
      status: 'available',
      subtopologies: [
        {
          subtopologyId: '0',
          nodes: [
            { name: 'KSTREAM-SOURCE-0000000000', kind: 'source', topics: ['st-in'], topic: null, stores: [], successors: ['KSTREAM-AGGREGATE-0000000001'], predecessors: [] },
            { name: 'KSTREAM-AGGREGATE-0000000001', kind: 'processor', topics: [], topic: null, stores: ['counts'], successors: ['KSTREAM-SINK-0000000002'], predecessors: ['KSTREAM-SOURCE-0000000000'] },
            { name: 'KSTREAM-SINK-0000000002', kind: 'sink', topics: [], topic: 'st-out', stores: [], successors: [], predecessors: ['KSTREAM-AGGREGATE-0000000001'] },
          ],
        },
      ],
      globalStores: [
        {
          source: { name: 'KSTREAM-SOURCE-0000000003', kind: 'source', topics: ['st-global'], topic: null, stores: [], successors: ['KTABLE-SOURCE-0000000004'], predecessors: [] },
          processor: { name: 'KTABLE-SOURCE-0000000004', kind: 'processor', topics: [], topic: null, stores: ['global-store'], successors: [], predecessors: ['KSTREAM-SOURCE-0000000003'] },
        },
      ],
    });
  });

  it('Fetch v4, v11 and v12: our request is Kafka’s; offsets past 32 bits and read_committed’s aborted transactions read as Kafka reads them', async () => {
    const spec = { maxWaitMs: 500, maxBytes: 52428800, isolationLevel: 1, topics: [{ topic: 'orders', partitions: [{ partition: 0, fetchOffset: 4294967300, partitionMaxBytes: 1048576 }, { partition: 3, fetchOffset: 0, partitionMaxBytes: 1048576 }] }] };
    for (const version of [4, 11, 12]) {
      const wire = fetchRequest(version, spec);
      const request = fixtures.find((f) => f.message === 'FetchRequest' && f.version === version)!;
      const bytes = (await wire.request.encode()).buffer;
      expect((version >= 12 ? bytes.subarray(1) : bytes).toString('hex')).toBe(request.hex);
      const answer = fixtures.find((f) => f.message === 'FetchResponse' && f.version === version)!;
      const raw = Buffer.from(answer.hex, 'hex');
      expect(await wire.response.decode(version >= 12 ? Buffer.concat([Buffer.from([0]), raw]) : raw)).toEqual({
        errorCode: 0,
        partitions: [
          { topic: 'orders', partition: 0, errorCode: 0, highWatermark: 4294967310, lastStableOffset: 4294967305, abortedTransactions: [{ producerId: 7, firstOffset: 4294967301 }], records: Buffer.from('00000001000000040000000c', 'hex') },
          { topic: 'orders', partition: 3, errorCode: 1, highWatermark: -1, lastStableOffset: -1, abortedTransactions: null, records: null },
        ],
      });
    }
  });

  it('a fetched partition’s records are read in place, not copied; a bytes field is copied, so that it does not hold the response', () => {
    const answer = fixtures.find((f) => f.message === 'FetchResponse' && f.version === 11)!;
    // Buffer.alloc, unlike Buffer.from, never shares Node's pool with other small buffers.
    const unpooled = (hex: string) => { const b = Buffer.alloc(hex.length / 2); b.write(hex, 'hex'); return b; };
    const raw = unpooled(answer.hex);
    const decoded = decode(messages.FetchResponse, 11, raw) as { responses: Array<{ partitions: Array<{ records: Buffer | null }> }> };
    const records = decoded.responses[0]!.partitions[0]!.records!;
    expect(records.toString('hex')).toBe('00000001000000040000000c');
    expect(records.buffer).toBe(raw.buffer);
    const join = fixtures.find((f) => f.message === 'JoinGroupResponse' && f.version === 7)!;
    const joinRaw = unpooled(join.hex);
    const joined = decode(messages.JoinGroupResponse, 7, joinRaw) as { members: Array<{ metadata: Buffer }> };
    expect(joined.members[0]!.metadata.buffer).not.toBe(joinRaw.buffer);
  });

  it('a message cut short, or with bytes left over, is an error, not a guess', () => {
    const f = fixtures.find((x) => x.message === 'DescribeLogDirsResponse' && x.version === 4)!;
    const bytes = Buffer.from(f.hex, 'hex');
    expect(() => decode(specs.DescribeLogDirsResponse!, 4, bytes.subarray(0, bytes.length - 3))).toThrow(/ends \d+ byte\(s\) early/);
    expect(() => decode(specs.DescribeLogDirsResponse!, 4, Buffer.concat([bytes, Buffer.from([0])]))).toThrow('DescribeLogDirsResponse v4: 1 byte(s) left after the message');
  });

  it('null where a version does not allow it is refused', () => {
    expect(() => encode(specs.OffsetDeleteRequest!, 0, { groupId: null, topics: [] })).toThrow('OffsetDeleteRequest v0: GroupId is not nullable');
  });

  it('the producer’s own Produce encoder (written once into its frame, for speed) writes what the codec writes, v3 and v7', async () => {
    const batches = new Map([['orders', new Map([[0, Buffer.from('0011223344', 'hex')], [2, Buffer.from('ff', 'hex')]])], ['b', new Map([[1, Buffer.from('00', 'hex')]])]]);
    for (const zstd of [false, true]) {
      const request = produceRequest(-1, 30000, batches, zstd);
      const version = zstd ? 7 : 3;
      expect(request.request.apiVersion).toBe(version);
      const ours = (await request.request.encode()).buffer;
      const fixture = fixtures.find((f) => f.message === 'ProduceRequest' && f.version === version)!;
      expect(ours.toString('hex')).toBe(fixture.hex);
      const answer = fixtures.find((f) => f.message === 'ProduceResponse' && f.version === version)!;
      expect(await request.response.decode(Buffer.from(answer.hex, 'hex'))).toEqual([{ topic: 'orders', partition: 0, errorCode: 0 }, { topic: 'orders', partition: 2, errorCode: 6 }]);
      // A transaction's records carry the producer's transactional id.
      const transactional = produceRequest(-1, 30000, new Map([['orders', new Map([[1, Buffer.from('a1b2', 'hex')]])]]), zstd, 'tx-console');
      const withId = fixtures.filter((f) => f.message === 'ProduceRequest' && f.version === version)[1]!;
      expect((await transactional.request.encode()).buffer.toString('hex')).toBe(withId.hex);
    }
  });
});
