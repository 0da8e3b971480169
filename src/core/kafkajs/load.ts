import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The one place kafkajs is loaded. Three fixes are put in before it loads. First, its record encoder is replaced by one
 * that can write null header values: kafkajs 2.2.4 calls Buffer.byteLength(null) while sizing
 * headers and throws, although the wire format (and Kafka's null.marker) allows null.
 * Pinned to 2.2.4, so the patched module path is stable.
 */
const recordPath = require.resolve('kafkajs/src/protocol/recordBatch/record/v0/index.js');
const Encoder = require('kafkajs/src/protocol/encoder.js') as {
  new (initialSize?: number): KafkajsEncoder;
  sizeOfVarInt(n: number): number;
  sizeOfVarLong(n: number | string): number;
  sizeOfVarIntBytes(b: unknown): number;
};
const Header = require('kafkajs/src/protocol/recordBatch/header/v0/index.js') as (h: { key: string; value: unknown }) => unknown;

interface KafkajsEncoder {
  writeVarInt(n: number): KafkajsEncoder;
  writeInt8(n: number): KafkajsEncoder;
  writeVarLong(n: number | string): KafkajsEncoder;
  writeVarIntBytes(b: unknown): KafkajsEncoder;
  writeVarIntArray(a: unknown[]): KafkajsEncoder;
}

type HeaderValue = Buffer | string | null;

function record({ offsetDelta = 0, timestampDelta = 0, key, value, headers = {} }: {
  offsetDelta?: number;
  timestampDelta?: number | string;
  key: unknown;
  value: unknown;
  headers?: Record<string, HeaderValue | HeaderValue[]>;
}) {
  const headersArray = Object.keys(headers).flatMap((k) => {
    const v = headers[k]!;
    return Array.isArray(v) ? v.map((one) => ({ key: k, value: one })) : [{ key: k, value: v }];
  });
  let headersSize = Encoder.sizeOfVarInt(headersArray.length);
  for (const h of headersArray) {
    const keySize = Buffer.byteLength(h.key);
    headersSize += Encoder.sizeOfVarInt(keySize) + keySize;
    if (h.value === null || h.value === undefined) headersSize += Encoder.sizeOfVarInt(-1);
    else {
      const valueSize = Buffer.byteLength(h.value);
      headersSize += Encoder.sizeOfVarInt(valueSize) + valueSize;
    }
  }
  const sizeOfBody = 1 + Encoder.sizeOfVarLong(timestampDelta) + Encoder.sizeOfVarInt(offsetDelta) + Encoder.sizeOfVarIntBytes(key) + Encoder.sizeOfVarIntBytes(value) + headersSize;
  // Sized exactly: kafkajs's default 512 zero-filled bytes per record dominated GC time.
  return new Encoder(sizeOfBody + 5)
    .writeVarInt(sizeOfBody)
    .writeInt8(0)
    .writeVarLong(timestampDelta)
    .writeVarInt(offsetDelta)
    .writeVarIntBytes(key)
    .writeVarIntBytes(value)
    .writeVarIntArray(headersArray.map(Header));
}

/**
 * kafkajs also fails a whole Metadata response when one partition has no leader, so on a
 * degraded cluster even listing topics fails. The Java client keeps such partitions as data
 * (leader -1); so do we. Topic-level errors and other partition errors still throw. Every
 * Metadata version reuses v0's parse, captured when kafkajs loads.
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
 * Third, kafkajs groups a send's records by partition with `[...current, message]` for every
 * record: quadratic, and a third of the producer's CPU on large batches. Same result, linear.
 */
const groupPath = require.resolve('kafkajs/src/producer/groupMessagesPerPartition.js');

function groupMessagesPerPartition<M>({ topic, partitionMetadata, messages, partitioner }: {
  topic: string;
  partitionMetadata: unknown[];
  messages: M[];
  partitioner: (args: { topic: string; partitionMetadata: unknown[]; message: M }) => number;
}): Record<number, M[]> {
  const result: Record<number, M[]> = {};
  if (partitionMetadata.length === 0) return result;
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message });
    (result[partition] ??= []).push(message);
  }
  return result;
}

if (require.cache[require.resolve('kafkajs')] === undefined) {
  require(recordPath);
  require.cache[recordPath]!.exports = record;
  require(groupPath);
  require.cache[groupPath]!.exports = groupMessagesPerPartition;
  (require(metadataPath) as { parse: unknown }).parse = tolerantMetadataParse;
}

export const kafkajs = require('kafkajs') as typeof import('kafkajs');
