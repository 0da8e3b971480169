import { describe, expect, it } from 'vitest';
import { BATCH_HEADER, crc32c, encodeBatch, encodeRecords } from '../../src/core/kafkajs/record-batch.js';

describe('record batch v2 encoding', () => {
  it('CRC-32C matches the standard check value and a bit-by-bit reference on every length', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    const reference = (b: Buffer) => {
      let crc = -1;
      for (const byte of b) {
        crc ^= byte;
        for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
      }
      return (crc ^ -1) >>> 0;
    };
    for (let len = 0; len < 40; len++) {
      const b = Buffer.from(Array.from({ length: len }, (_, i) => (i * 37 + len) & 0xff));
      expect(crc32c(b)).toBe(reference(b));
    }
  });

  it('frames records with zig-zag varints: null key/value as -1, headers with null values', () => {
    const records = encodeRecords([{ topic: 't', key: null, value: Buffer.from('v'), headers: [['h', null]] }]);
    // length 10 (zig-zag 20), attributes 0, ts delta 0, offset delta 0, key -1 (1), value 1 (2) 'v', 1 header (2), key 'h' (2 'h'), value -1 (1)
    expect([...records]).toEqual([20, 0, 0, 0, 1, 2, 0x76, 2, 2, 0x68, 1]);
    const batch = encodeBatch(encodeRecords([{ topic: 't', key: null, value: Buffer.from('v'), headers: [['h', null]] }], BATCH_HEADER), 1, 0, 1700000000000);
    expect([...batch.subarray(BATCH_HEADER)]).toEqual([...records]);
    expect(batch.readInt32BE(8)).toBe(batch.length - 12);
    expect(batch.readInt8(16)).toBe(2);
    expect(batch.readUInt32BE(17)).toBe(crc32c(batch, 21));
    expect(batch.readInt32BE(57)).toBe(1);
    expect(batch.readInt16BE(21)).toBe(0);
  });

  it('a transaction’s batch has the transactional attribute (bit 4) beside its codec, under the CRC', () => {
    const producer = { id: 4001n, epoch: 7, baseSequence: 12 };
    const batch = encodeBatch(encodeRecords([{ topic: 't', key: null, value: Buffer.from('v'), headers: [] }], BATCH_HEADER), 1, 3, 1700000000000, producer, true);
    expect(batch.readInt16BE(21)).toBe(0x10 | 3);
    expect(batch.readBigInt64BE(43)).toBe(4001n);
    expect(batch.readInt16BE(51)).toBe(7);
    expect(batch.readInt32BE(53)).toBe(12);
    expect(batch.readUInt32BE(17)).toBe(crc32c(batch, 21));
  });
});
