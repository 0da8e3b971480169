import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type Codec = () => { compress(encoder: { buffer: Buffer }): Promise<Buffer>; decompress(buffer: Buffer): Promise<Buffer> };

let registered = false;

/**
 * kafkajs ships only gzip. Snappy (xerial framing), LZ4 (frame format) and zstd come from
 * pure-JS/WASM packages, so any topic can be read and written without native builds.
 */
export function registerCodecs(): void {
  if (registered) return;
  registered = true;
  const { CompressionTypes, CompressionCodecs } = require('kafkajs') as typeof import('kafkajs');
  const codecs = CompressionCodecs as unknown as Record<number, Codec>;
  codecs[CompressionTypes.Snappy] = require('kafkajs-snappy') as Codec;

  const lz4 = require('lz4js') as { compress(b: Uint8Array): Uint8Array; decompress(b: Uint8Array): Uint8Array };
  codecs[CompressionTypes.LZ4] = () => ({
    compress: async (encoder) => Buffer.from(lz4.compress(encoder.buffer)),
    decompress: async (buffer) => Buffer.from(lz4.decompress(buffer)),
  });

  const zstd = require('@bokuweb/zstd-wasm') as { init(): Promise<void>; compress(b: Uint8Array, level?: number): Uint8Array; decompress(b: Uint8Array): Uint8Array };
  let ready: Promise<void> | null = null;
  const zstdReady = () => (ready ??= zstd.init());
  codecs[CompressionTypes.ZSTD] = () => ({
    compress: async (encoder) => { await zstdReady(); return Buffer.from(zstd.compress(encoder.buffer, 3)); },
    decompress: async (buffer) => { await zstdReady(); return Buffer.from(zstd.decompress(buffer)); },
  });
}
