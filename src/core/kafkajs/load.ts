import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The one place kafkajs is loaded, with five changes put in before it loads.
 *
 * 1. kafkajs fails a whole
 * Metadata response when one partition has no leader, so on a degraded cluster even listing
 * topics fails. The Java client keeps such partitions as data (leader -1); so do we. Topic-level
 * errors and other partition errors still throw. Every Metadata version reuses v0's parse,
 * captured when kafkajs loads (kafkajs is pinned to 2.2.4, so the module path is stable).
 */
const metadataPath = require.resolve('kafkajs/src/protocol/requests/metadata/v0/response.js');
const { failure, createErrorFromCode } = require('kafkajs/src/protocol/error.js') as {
  failure(code: number): boolean;
  createErrorFromCode(code: number): Error;
};
const PARTITION_UNAVAILABLE = new Set([5, 9]); // LEADER_NOT_AVAILABLE, REPLICA_NOT_AVAILABLE

interface MetadataData {
  topicMetadata: Array<{ topicErrorCode: number; partitionMetadata: Array<{ partitionErrorCode: number }> }>;
}

async function tolerantMetadataParse(data: MetadataData): Promise<MetadataData> {
  const topicError = data.topicMetadata.find((t) => failure(t.topicErrorCode));
  if (topicError) throw createErrorFromCode(topicError.topicErrorCode);
  const partitionError = data.topicMetadata
    .flatMap((t) => t.partitionMetadata)
    .find((p) => failure(p.partitionErrorCode) && !PARTITION_UNAVAILABLE.has(p.partitionErrorCode));
  if (partitionError) throw createErrorFromCode(partitionError.partitionErrorCode);
  return data;
}

/**
 * 2. kafkajs frames each request through two growing Encoders, each a zero-filled power-of-two
 *    allocation plus a copy: for a 512 KiB produce request, 3 MiB allocated and copied twice.
 *    This frames it once, exactly sized. Same bytes: size, api key, version, correlation id,
 *    client id, body (request header v1).
 */
const requestPath = require.resolve('kafkajs/src/protocol/request.js');

async function frameRequest({ correlationId, clientId, request }: {
  correlationId: number;
  clientId: string | null;
  request: { apiKey: number; apiVersion: number; encode(): Promise<{ buffer: Buffer; frameRoom?: number }> };
}): Promise<{ buffer: Buffer }> {
  const { buffer: body, frameRoom = 0 } = await request.encode();
  const client = clientId === null || clientId === undefined ? null : Buffer.from(clientId, 'utf8');
  const header = 2 + 2 + 4 + 2 + (client?.length ?? 0);
  // A body with room in front of it (produce requests) is framed in place: no copy at all.
  const frame =
    frameRoom >= 4 + header
      ? Buffer.from(body.buffer, body.byteOffset - 4 - header, 4 + header + body.length)
      : Buffer.allocUnsafe(4 + header + body.length);
  let o = frame.writeInt32BE(header + body.length, 0);
  o = frame.writeInt16BE(request.apiKey, o);
  o = frame.writeInt16BE(request.apiVersion, o);
  o = frame.writeInt32BE(correlationId, o);
  o = frame.writeInt16BE(client ? client.length : -1, o);
  if (client) o += client.copy(frame, o);
  if (frameRoom < 4 + header) body.copy(frame, o);
  return { buffer: frame };
}

/**
 * 3. kafkajs folds a record's headers into an object: integer-like keys move to the front and a
 *    repeated key gathers its values, so `b, 1, b` would print as `1, b, b`. Kafka keeps headers
 *    as a list; so does this decoder (otherwise kafkajs's v0 record decoder, line for line).
 */
const recordDecoderPath = require.resolve('kafkajs/src/protocol/recordBatch/record/v0/decoder.js');
const Long = require('kafkajs/src/utils/long.js') as { fromValue(v: unknown): { add(v: unknown): { toString(): string } } };
const HeaderDecoder = require('kafkajs/src/protocol/recordBatch/header/v0/decoder.js') as unknown;
const LOG_APPEND_TIME = 1;

interface KafkajsDecoder {
  readInt8(): number;
  readVarLong(): unknown;
  readVarInt(): number;
  readVarIntBytes(): Buffer | null;
  readVarIntArray<T>(decode: unknown): T[];
}

function decodeRecordWithHeaderList(decoder: KafkajsDecoder, batchContext: Record<string, unknown> = {}) {
  const { firstOffset, firstTimestamp, magicByte, isControlBatch = false, timestampType, maxTimestamp } = batchContext;
  const attributes = decoder.readInt8();
  const timestampDelta = decoder.readVarLong();
  const timestamp = timestampType === LOG_APPEND_TIME && maxTimestamp ? maxTimestamp : Long.fromValue(firstTimestamp).add(timestampDelta).toString();
  const offsetDelta = decoder.readVarInt();
  const offset = Long.fromValue(firstOffset).add(offsetDelta).toString();
  const key = decoder.readVarIntBytes();
  const value = decoder.readVarIntBytes();
  const headers = decoder.readVarIntArray<{ key: string; value: Buffer | null }>(HeaderDecoder).map((h) => [h.key, h.value]);
  return { magicByte, attributes, timestamp, offset, key, value, headers, isControlRecord: isControlBatch, batchContext };
}

/**
 * 4. kafkajs rejoins a rebalancing group without a word to its user, so what was printed since the
 *    last commit would be read again by the partition's next owner. Java's consumer commits in
 *    onPartitionsRevoked, while its generation is still valid; this gives a consumer of a group the
 *    same moment: the hook registered for the group runs (and is awaited) before every join.
 */
const consumerGroupPath = require.resolve('kafkajs/src/consumer/consumerGroup.js');
const beforeJoinHooks = new Map<string, () => Promise<void>>();

/** Runs `hook` before this process's consumer of `groupId` (re)joins it; returns the unregister function. */
export function beforeGroupJoin(groupId: string, hook: () => Promise<void>): () => void {
  beforeJoinHooks.set(groupId, hook);
  return () => {
    if (beforeJoinHooks.get(groupId) === hook) beforeJoinHooks.delete(groupId);
  };
}

function patchJoinAndSync(ConsumerGroup: { prototype: Record<string, unknown> }) {
  const joinAndSync = ConsumerGroup.prototype.joinAndSync;
  if (typeof joinAndSync !== 'function') throw new Error('kafkajs internals changed: ConsumerGroup.joinAndSync is gone (is kafkajs still pinned to 2.2.4?)');
  ConsumerGroup.prototype.joinAndSync = async function (this: { groupId: string }, ...args: unknown[]) {
    await beforeJoinHooks.get(this.groupId)?.();
    return (joinAndSync as (...a: unknown[]) => Promise<unknown>).apply(this, args);
  };
}

/**
 * 5. A peer that is not a Kafka broker (an HTTP server, a TLS listener, anything sending garbage)
 *    answers with bytes that kafkajs reads as a response size — "HTTP" is 1.2 GB — and then waits
 *    for them until the request times out, blaming a slow broker. A Kafka response starts with a
 *    sane size and the correlation id of a request on its way; anything else ends the connection
 *    at once with an error that says what answered.
 */
const connectionPath = require.resolve('kafkajs/src/network/connection.js');
/** No Kafka response comes near this (fetch.max.bytes defaults to 50 MiB). */
const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

export class NotKafkaPeerError extends Error {
  constructor(readonly address: string, readonly speaksTls: boolean) {
    super(speaksTls ? `${address} answered with TLS: it is a TLS listener` : `${address} answered, but not as a Kafka broker`);
    this.name = 'NotKafkaPeerError';
  }
}

interface KafkajsConnection {
  host: string;
  port: number;
  authHandlers: unknown;
  bytesBuffered: number;
  requestQueue: { inflight: Map<number, unknown> };
  rejectRequests(error: Error): void;
  disconnect(): Promise<void>;
}

function patchProcessData(Connection: { prototype: Record<string, unknown> }) {
  const processData = Connection.prototype.processData;
  if (typeof processData !== 'function') throw new Error('kafkajs internals changed: Connection.processData is gone (is kafkajs still pinned to 2.2.4?)');
  Connection.prototype.processData = function (this: KafkajsConnection, rawData: Buffer) {
    // Where a response starts (not during SASL, whose tokens kafkajs frames itself).
    if (!this.authHandlers && this.bytesBuffered === 0 && rawData.length >= 4 && this.requestQueue?.inflight instanceof Map) {
      const size = rawData.readInt32BE(0);
      const knownRequest = rawData.length < 8 || this.requestQueue.inflight.has(rawData.readInt32BE(4));
      if (size < 4 || size > MAX_RESPONSE_BYTES || !knownRequest) {
        // A TLS record: content type 21 (alert) or 22 (handshake), version 3.x.
        const speaksTls = (rawData[0] === 21 || rawData[0] === 22) && rawData[1] === 3;
        this.rejectRequests(new NotKafkaPeerError(`${this.host}:${this.port}`, speaksTls));
        void this.disconnect();
        return;
      }
    }
    return (processData as (data: Buffer) => unknown).call(this, rawData);
  };
}

if (require.cache[require.resolve('kafkajs')] === undefined) {
  // Modules replaced whole go first: whatever requires them later must get ours.
  (require(metadataPath) as { parse: unknown }).parse = tolerantMetadataParse;
  require(requestPath);
  require.cache[requestPath]!.exports = frameRequest;
  require(recordDecoderPath);
  require.cache[recordDecoderPath]!.exports = decodeRecordWithHeaderList;
  patchJoinAndSync(require(consumerGroupPath) as { prototype: Record<string, unknown> });
  patchProcessData(require(connectionPath) as { prototype: Record<string, unknown> });
}

export const kafkajs = require('kafkajs') as typeof import('kafkajs');
