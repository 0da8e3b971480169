import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The one place kafkajs is loaded. Before it loads, its record encoder is replaced by one
 * that can write null header values: kafkajs 2.2.4 calls Buffer.byteLength(null) while sizing
 * headers and throws, although the wire format (and Kafka's null.marker) allows null.
 * Pinned to 2.2.4, so the patched module path is stable.
 */
const recordPath = require.resolve('kafkajs/src/protocol/recordBatch/record/v0/index.js');
const Encoder = require('kafkajs/src/protocol/encoder.js') as {
  new (): KafkajsEncoder;
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
  return new Encoder()
    .writeVarInt(sizeOfBody)
    .writeInt8(0)
    .writeVarLong(timestampDelta)
    .writeVarInt(offsetDelta)
    .writeVarIntBytes(key)
    .writeVarIntBytes(value)
    .writeVarIntArray(headersArray.map(Header));
}

if (require.cache[recordPath] === undefined && require.cache[require.resolve('kafkajs')] === undefined) {
  require(recordPath);
  require.cache[recordPath]!.exports = record;
}

export const kafkajs = require('kafkajs') as typeof import('kafkajs');
