import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BATCH_HEADER, encodeBatch, encodeRecords, readFetchedLog } from '../../src/core/kafkajs/record-batch.js';
import { decompress } from '../../src/core/kafkajs/codecs.js';

const record = (value: string | null, key: string | null = null, headers: Array<[string, string | null]> = []) => ({
  topic: 't',
  key: key === null ? null : Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  headers: headers.map(([k, v]) => [k, v === null ? null : Buffer.from(v)] as [string, Buffer | null]),
});

/** A v2 batch at `baseOffset` as a broker stores it: our producer's encoder, then the broker's offset and (maybe) attributes. */
function batch(baseOffset: number, values: Array<ReturnType<typeof record>>, options: { gzip?: boolean; timestamp?: number; producerId?: number; transactional?: boolean; logAppendTime?: number; leaderEpoch?: number } = {}): Buffer {
  let b: Buffer;
  if (options.gzip) {
    const body = gzipSync(encodeRecords(values));
    b = Buffer.alloc(BATCH_HEADER + body.length);
    body.copy(b, BATCH_HEADER);
  } else b = encodeRecords(values, BATCH_HEADER);
  encodeBatch(b, values.length, options.gzip ? 1 : 0, options.timestamp ?? 1000, options.producerId === undefined ? null : { id: BigInt(options.producerId), epoch: 0, baseSequence: 0 }, options.transactional ?? false);
  b.writeBigInt64BE(BigInt(baseOffset), 0);
  b.writeInt32BE(options.leaderEpoch ?? 3, 12);
  if (options.logAppendTime !== undefined) {
    b.writeInt16BE(b.readInt16BE(21) | 0x08, 21);
    b.writeBigInt64BE(BigInt(options.logAppendTime), 35);
  }
  return b;
}

/** A transaction marker (control batch) of a producer: abort or commit. */
function marker(offset: number, producerId: number, abort: boolean): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(0, 0);
  key.writeInt16BE(abort ? 0 : 1, 2);
  const b = batch(offset, [{ topic: 't', key, value: Buffer.from([0, 0, 0, 0, 0, 0]), headers: [] }], { producerId, transactional: true });
  b.writeInt16BE(b.readInt16BE(21) | 0x20, 21);
  return b;
}

const read = (bytes: Buffer, from = 0, aborted: Array<{ producerId: number; firstOffset: number }> | null = null) => readFetchedLog('t', 2, bytes, from, aborted, decompress);

describe('reading a fetched log (our record batch decoder, the mirror of the producer’s encoder)', () => {
  it('offsets and timestamps as numbers, keys, values and headers in order (repeated and integer-like names kept where they are), null key and value', async () => {
    const log = await read(Buffer.concat([batch(41, [record('a', 'k', [['b', '1'], ['1', null], ['b', '2']]), record(null)], { timestamp: 1_700_000_000_123 })]));
    expect(log).toEqual({
      next: 43,
      records: [
        { topic: 't', partition: 2, offset: 41, timestamp: 1_700_000_000_123, timestampType: 'CreateTime', leaderEpoch: 3, key: Buffer.from('k'), value: Buffer.from('a'), headers: [['b', Buffer.from('1')], ['1', null], ['b', Buffer.from('2')]] },
        { topic: 't', partition: 2, offset: 42, timestamp: 1_700_000_000_123, timestampType: 'CreateTime', leaderEpoch: 3, key: null, value: null, headers: [] },
      ],
    });
  });

  it('a compressed batch; LogAppendTime stamps every record with the batch’s time; offsets before the one asked for are left out; a batch cut short is left for the next fetch', async () => {
    const whole = Buffer.concat([batch(0, [record('x'), record('y'), record('z')], { gzip: true }), batch(3, [record('w')], { logAppendTime: 5555 })]);
    const cut = Buffer.concat([whole, batch(4, [record('v')]).subarray(0, 30)]);
    const log = await read(cut, 1);
    expect(log.records.map((r) => [r.offset, r.value!.toString(), r.timestamp, r.timestampType])).toEqual([[1, 'y', 1000, 'CreateTime'], [2, 'z', 1000, 'CreateTime'], [3, 'w', 5555, 'LogAppendTime']]);
    expect(log.next).toBe(4);
    expect(await read(Buffer.alloc(0))).toEqual({ records: [], next: null });
  });

  it('read_committed: an aborted transaction’s records are left out up to its abort marker, a committed one’s kept; markers never show', async () => {
    const log = Buffer.concat([
      batch(10, [record('aborted-1')], { producerId: 7, transactional: true }),
      batch(11, [record('committed-1')], { producerId: 8, transactional: true }),
      marker(12, 7, true),
      marker(13, 8, false),
      batch(14, [record('after-abort')], { producerId: 7, transactional: true }),
      marker(15, 7, false),
    ]);
    const committed = await read(log, 0, [{ producerId: 7, firstOffset: 10 }]);
    expect(committed.records.map((r) => r.value!.toString())).toEqual(['committed-1', 'after-abort']);
    expect(committed.next).toBe(16);
    // read_uncommitted: every record, markers still left out.
    expect((await read(log)).records.map((r) => r.value!.toString())).toEqual(['aborted-1', 'committed-1', 'after-abort']);
  });

  it('a timestamp delta past 32 bits, and a negative one, read exactly', async () => {
    const b = encodeRecords([record('late')], BATCH_HEADER);
    // The record's timestamp delta (a varlong after its length and attributes): 2^40, zig-zag encoded.
    const withDelta = (delta: bigint) => {
      const zz = delta >= 0n ? delta << 1n : ((-delta) << 1n) - 1n;
      const bytes: number[] = [];
      let v = zz;
      while (v >= 0x80n) { bytes.push(Number(v & 0x7fn) | 0x80); v >>= 7n; }
      bytes.push(Number(v));
      const body = b.subarray(BATCH_HEADER);
      // length, attributes, timestamp delta (1 byte, 0), rest
      const rest = body.subarray(3);
      const length = 1 + bytes.length + rest.length;
      const out = Buffer.concat([Buffer.alloc(BATCH_HEADER), Buffer.from([length << 1]), Buffer.from([0]), Buffer.from(bytes), rest]);
      return encodeBatch(out, 1, 0, 1000);
    };
    expect((await read(withDelta(2n ** 40n))).records[0]!.timestamp).toBe(1000 + 2 ** 40);
    expect((await read(withDelta(-7n))).records[0]!.timestamp).toBe(993);
  });
});
