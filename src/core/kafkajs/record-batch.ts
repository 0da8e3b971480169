import type { ConsumedRecord, ProduceRecord, ValueRun } from '../client.js';
import { decodeLegacyMessages } from './load.js';
import { decode } from '../protocol/codec.js';
import { ProduceResponse } from '../protocol/messages.js';
import type { WireRequest } from './requests.js';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let native: { crc32c(input: Buffer, initial?: number): number } | null = null;

/**
 * CRC-32C (Castagnoli), as record batches v2 carry it (native: the JS version cost a tenth of the
 * CPU). Its addon loads with the first batch written: a consumer never needs it.
 */
export function crc32c(buf: Buffer, start = 0, end = buf.length): number {
  native ??= require('@node-rs/crc32') as { crc32c(input: Buffer, initial?: number): number };
  return native.crc32c(start === 0 && end === buf.length ? buf : buf.subarray(start, end)) >>> 0;
}

function varintSize(value: number): number {
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  let size = 1;
  while (v >= 0x80) {
    v >>>= 7;
    size++;
  }
  return size;
}

function writeVarint(buf: Buffer, offset: number, value: number): number {
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  while (v >= 0x80) {
    buf[offset++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[offset++] = v;
  return offset;
}

const headerKeys = new Map<string, Buffer>();
function keyBytes(key: string): Buffer {
  let b = headerKeys.get(key);
  if (!b) {
    b = Buffer.from(key, 'utf8');
    if (headerKeys.size < 1000) headerKeys.set(key, b);
  }
  return b;
}

/** A batch holds single records and runs of plain values, in the order given. */
export type BatchItem = ProduceRecord | ValueRun;

const isRun = (item: BatchItem): item is ValueRun => 'starts' in item;

/**
 * The records section of a v2 batch: every record with its zig-zag varint framing, in one buffer,
 * after `headroom` bytes left free (for the batch header, so an uncompressed batch is never copied).
 */
export function encodeRecords(items: readonly BatchItem[], headroom = 0): Buffer {
  let total = 0;
  let delta = 0;
  const bodies: number[] = [];
  for (const item of items) {
    if (isRun(item)) {
      for (let i = 0; i < item.count; i++, delta++) {
        const length = item.ends[i]! - item.starts[i]!;
        // attributes, timestampDelta 0, offsetDelta, null key, value, no headers
        const body = 1 + 1 + varintSize(delta) + 1 + varintSize(length) + length + 1;
        bodies.push(body);
        total += varintSize(body) + body;
      }
      continue;
    }
    let body = 1 + 1 + varintSize(delta++);
    body += item.key ? varintSize(item.key.length) + item.key.length : 1;
    body += item.value ? varintSize(item.value.length) + item.value.length : 1;
    body += varintSize(item.headers.length);
    for (const [k, v] of item.headers) {
      const kb = keyBytes(k);
      body += varintSize(kb.length) + kb.length + (v ? varintSize(v.length) + v.length : 1);
    }
    bodies.push(body);
    total += varintSize(body) + body;
  }
  const buf = Buffer.allocUnsafe(headroom + total);
  // Buffer#copy checks its arguments and makes a view per call: for a million short lines, a view
  // of each whole buffer and TypedArray#set are a third cheaper.
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  let o = headroom;
  delta = 0;
  for (const item of items) {
    if (isRun(item)) {
      const source = new Uint8Array(item.buffer.buffer, item.buffer.byteOffset, item.buffer.length);
      for (let i = 0; i < item.count; i++, delta++) {
        o = writeVarint(buf, o, bodies[delta]!);
        buf[o++] = 0; // attributes
        buf[o++] = 0; // timestampDelta: every record of a batch gets the batch time
        o = writeVarint(buf, o, delta);
        buf[o++] = 1; // key: null (zig-zag -1)
        const start = item.starts[i]!;
        const end = item.ends[i]!;
        o = writeVarint(buf, o, end - start);
        bytes.set(source.subarray(start, end), o);
        o += end - start;
        buf[o++] = 0; // no headers
      }
      continue;
    }
    o = writeVarint(buf, o, bodies[delta]!);
    buf[o++] = 0;
    buf[o++] = 0;
    o = writeVarint(buf, o, delta++);
    if (item.key) { o = writeVarint(buf, o, item.key.length); o += item.key.copy(buf, o); } else o = writeVarint(buf, o, -1);
    if (item.value) { o = writeVarint(buf, o, item.value.length); o += item.value.copy(buf, o); } else o = writeVarint(buf, o, -1);
    o = writeVarint(buf, o, item.headers.length);
    for (const [k, v] of item.headers) {
      const kb = keyBytes(k);
      o = writeVarint(buf, o, kb.length);
      o += kb.copy(buf, o);
      if (v) { o = writeVarint(buf, o, v.length); o += v.copy(buf, o); } else o = writeVarint(buf, o, -1);
    }
  }
  return buf;
}

export const BATCH_HEADER = 61;
/** The record batch attribute of a transaction's records (bit 4). */
const TRANSACTIONAL_BIT = 0x10;

/** An idempotent producer's identity and a batch's first sequence number. */
export interface BatchProducer {
  id: bigint;
  epoch: number;
  baseSequence: number;
}

/**
 * A complete v2 record batch (magic 2): the header is written into the first BATCH_HEADER bytes of
 * `batch`, which hold the encoded (and maybe compressed) records after them.
 */
export function encodeBatch(batch: Buffer, count: number, codec: number, timestamp: number, producer: BatchProducer | null = null, transactional = false): Buffer {
  batch.writeBigInt64BE(0n, 0); // base offset
  batch.writeInt32BE(batch.length - 12, 8); // batch length
  batch.writeInt32BE(-1, 12); // partition leader epoch
  batch.writeInt8(2, 16); // magic
  batch.writeInt16BE(codec | (transactional ? TRANSACTIONAL_BIT : 0), 21); // attributes: compression, CreateTime
  batch.writeInt32BE(count - 1, 23); // last offset delta
  batch.writeBigInt64BE(BigInt(timestamp), 27); // base timestamp
  batch.writeBigInt64BE(BigInt(timestamp), 35); // max timestamp
  batch.writeBigInt64BE(producer ? producer.id : -1n, 43);
  batch.writeInt16BE(producer ? producer.epoch : -1, 51);
  batch.writeInt32BE(producer ? producer.baseSequence : -1, 53);
  batch.writeInt32BE(count, 57);
  batch.writeUInt32BE(crc32c(batch, 21), 17);
  return batch;
}

/** The same batch under another producer identity or first sequence (the CRC covers them). */
export function restampBatch(batch: Buffer, producer: BatchProducer): Buffer {
  batch.writeBigInt64BE(producer.id, 43);
  batch.writeInt16BE(producer.epoch, 51);
  batch.writeInt32BE(producer.baseSequence, 53);
  batch.writeUInt32BE(crc32c(batch, 21), 17);
  return batch;
}

/** The sequence after `count` records, wrapping past Int32 max as Kafka's DefaultRecordBatch does. */
export function nextSequence(sequence: number, count: number): number {
  return sequence > 0x7fffffff - count ? count - (0x7fffffff - sequence) - 1 : sequence + count;
}

/** Request header bytes reserved before a produce body: size, api key, version, correlation id, client id. */
const FRAME_ROOM = 4 + 2 + 2 + 4 + 2 + 256;

export interface PartitionProduceResult {
  topic: string;
  partition: number;
  errorCode: number;
}

/**
 * Produce v3, the lowest version every Kafka from 0.11 to 4.x accepts; v7 (same request layout)
 * when the batches are zstd-compressed, which brokers accept only from v7 (KIP-110).
 */
export function produceRequest(acks: number, timeoutMs: number, batches: Map<string, Map<number, Buffer>>, zstd = false, transactionalId: string | null = null): WireRequest<PartitionProduceResult[]> & { request: { expectResponse(): boolean } } {
  // Sized and written once: the batches are most of the bytes, and each copy of them costs.
  const txn = transactionalId === null ? null : Buffer.from(transactionalId, 'utf8');
  let size = 2 + (txn?.length ?? 0) + 2 + 4 + 4;
  const topics = [...batches].map(([topic, partitions]) => {
    const name = Buffer.from(topic, 'utf8');
    size += 2 + name.length + 4;
    for (const batch of partitions.values()) size += 4 + 4 + batch.length;
    return { name, partitions };
  });
  // Room in front for the request header, which load.ts's framing writes in place.
  const framed = Buffer.allocUnsafe(FRAME_ROOM + size);
  const body = framed.subarray(FRAME_ROOM);
  let o = body.writeInt16BE(txn ? txn.length : -1, 0);
  if (txn) o += txn.copy(body, o);
  o = body.writeInt16BE(acks, o);
  o = body.writeInt32BE(timeoutMs, o);
  o = body.writeInt32BE(topics.length, o);
  for (const { name, partitions } of topics) {
    o = body.writeInt16BE(name.length, o);
    o += name.copy(body, o);
    o = body.writeInt32BE(partitions.size, o);
    for (const [partition, batch] of partitions) {
      o = body.writeInt32BE(partition, o);
      o = body.writeInt32BE(batch.length, o);
      o += batch.copy(body, o);
    }
  }
  return {
    request: { apiKey: 0, apiVersion: zstd ? 7 : 3, apiName: 'Produce', encode: async () => ({ buffer: body, frameRoom: FRAME_ROOM }), expectResponse: () => acks !== 0 },
    response: {
      decode: async (raw: Buffer) =>
        (decode(ProduceResponse, zstd ? 7 : 3, raw).responses as Array<{ name: string; partitionResponses: Array<{ index: number; errorCode: number }> }>).flatMap((t) =>
          t.partitionResponses.map((p) => ({ topic: t.name, partition: p.index, errorCode: p.errorCode })),
        ),
      parse: async (data: PartitionProduceResult[]) => data,
    },
  };
}

/** What a fetched log held from the offset asked for on. */
export interface ReadLog {
  records: ConsumedRecord[];
  /** Where the next fetch starts: after the last whole batch (transaction markers and aborted batches included); null when none was whole. */
  next: number | null;
}

const COMPRESSION_BITS = 0x07;
const LOG_APPEND_TIME_BIT = 0x08;
const CONTROL_BIT = 0x20;
/** A control record's key: version (int16), then its type: 0 abort, 1 commit. */
const ABORT_MARKER = 0;

/** Reads a signed 64-bit big-endian integer as a number (exact to 2^53, as offsets and timestamps are). */
function int64(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * 4294967296 + buf.readUInt32BE(at + 4);
}

/** A cursor over one batch's records: zig-zag varints, as the encoder above writes them. */
class RecordReader {
  constructor(
    readonly buf: Buffer,
    public at: number,
  ) {}

  varint(): number {
    const buf = this.buf;
    let shift = 0;
    let raw = 0;
    let byte: number;
    do {
      byte = buf[this.at++]!;
      raw |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80 && shift < 35);
    return (raw >>> 1) ^ -(raw & 1);
  }

  /** A varlong, exact to 2^53 (a timestamp delta may exceed 32 bits). */
  varlong(): number {
    const buf = this.buf;
    let raw = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = buf[this.at++]!;
      raw += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    return raw % 2 === 1 ? -(raw + 1) / 2 : raw / 2;
  }

  /** Bytes of varint length (-1: null), as a view of the buffer, not a copy. */
  bytes(): Buffer | null {
    const n = this.varint();
    if (n < 0) return null;
    const start = this.at;
    this.at += n;
    return this.buf.subarray(start, this.at);
  }
}

/**
 * The records of a partition's fetched log from `from` on: v2 record batches read here (the mirror of the
 * encoder above), older message sets by kafkajs's reader. Offsets and timestamps are numbers, keys,
 * values and header values views of the fetched bytes. With `aborted` (read_committed: the
 * transactions the broker lists as aborted), the records of aborted transactions are left out,
 * as Java's consumer leaves them out; transaction markers always are.
 */
/** The headers of every record without any: one list, not one per record (a million records, a million arrays). */
const NO_HEADERS: ReadonlyArray<[string, Buffer | null]> = Object.freeze([]);

export async function readFetchedLog(
  topic: string,
  partition: number,
  bytes: Buffer,
  from: number,
  aborted: Array<{ producerId: number; firstOffset: number }> | null,
  decompress: (codec: number, data: Buffer) => Promise<Buffer>,
): Promise<ReadLog> {
  const records: ConsumedRecord[] = [];
  let next: number | null = null;
  const pending = aborted ? [...aborted].sort((a, b) => a.firstOffset - b.firstOffset) : [];
  const abortedProducers = new Set<number>();
  for (let at = 0; at + BATCH_HEADER <= bytes.length; ) {
    const baseOffset = int64(bytes, at);
    const end = at + 12 + bytes.readInt32BE(at + 8);
    // The log is cut at the fetch's byte limit: a batch cut short is fetched whole next time.
    if (end > bytes.length) break;
    const magic = bytes[at + 16]!;
    if (magic < 2) {
      for (const m of await decodeLegacyMessages(bytes.subarray(at, end))) {
        if (m.offset >= from) records.push({ topic, partition, offset: m.offset, timestamp: m.timestamp, timestampType: m.timestamp < 0 ? 'NoTimestamp' : m.logAppendTime ? 'LogAppendTime' : 'CreateTime', leaderEpoch: null, key: m.key, value: m.value, headers: NO_HEADERS });
        next = m.offset + 1;
      }
      at = end;
      continue;
    }
    const leaderEpoch = bytes.readInt32BE(at + 12);
    const attributes = bytes.readInt16BE(at + 21);
    const lastOffset = baseOffset + bytes.readInt32BE(at + 23);
    const producerId = int64(bytes, at + 43);
    const count = bytes.readInt32BE(at + 57);
    next = lastOffset + 1;
    const batchStart = at;
    at = end;
    if (aborted && producerId >= 0) {
      while (pending.length && pending[0]!.firstOffset <= lastOffset) abortedProducers.add(pending.shift()!.producerId);
      if (attributes & CONTROL_BIT) {
        // The marker's key: version, then type.
        const marker = new RecordReader(bytes, batchStart + BATCH_HEADER);
        marker.varint();
        marker.bytes();
        marker.varlong();
        marker.varint();
        const key = marker.bytes();
        if (key && key.length >= 4 && key.readInt16BE(2) === ABORT_MARKER) abortedProducers.delete(producerId);
        continue;
      }
      if (attributes & TRANSACTIONAL_BIT && abortedProducers.has(producerId)) continue;
    }
    if (attributes & CONTROL_BIT || lastOffset < from) continue;
    const codec = attributes & COMPRESSION_BITS;
    const body = codec === 0 ? bytes.subarray(batchStart + BATCH_HEADER, end) : await decompress(codec, bytes.subarray(batchStart + BATCH_HEADER, end));
    const logAppendTime = (attributes & LOG_APPEND_TIME_BIT) !== 0;
    const baseTimestamp = int64(bytes, batchStart + 27);
    const maxTimestamp = int64(bytes, batchStart + 35);
    const timestampType = logAppendTime ? 'LogAppendTime' : 'CreateTime';
    const r = new RecordReader(body, 0);
    for (let i = 0; i < count && r.at < body.length; i++) {
      r.varint();
      r.at++;
      const timestampDelta = r.varlong();
      const offset = baseOffset + r.varint();
      const key = r.bytes();
      const value = r.bytes();
      const headerCount = r.varint();
      let headers = NO_HEADERS;
      if (headerCount > 0) {
        const read: Array<[string, Buffer | null]> = [];
        for (let h = 0; h < headerCount; h++) {
          const name = r.bytes();
          read.push([name === null ? '' : name.toString('utf8'), r.bytes()]);
        }
        headers = read;
      }
      if (offset < from) continue;
      const timestamp = logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta;
      records.push({ topic, partition, offset, timestamp, timestampType: timestamp < 0 ? 'NoTimestamp' : timestampType, leaderEpoch, key, value, headers });
    }
  }
  return { records, next };
}
