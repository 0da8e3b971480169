import { kafkajs } from './load.js';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type Codec = () => { compress(encoder: { buffer: Buffer }): Promise<Buffer>; decompress(buffer: Buffer): Promise<Buffer> };

let registered = false;

/** A codec whose module loads on its first use: most runs never meet a compressed batch, and LZ4's is a native addon. */
function lazy(load: () => Codec): Codec {
  let codec: Codec | null = null;
  return () => (codec ??= load())();
}

/**
 * kafkajs ships only gzip. Snappy (xerial framing, pure JS), LZ4 (lz4_flex, prebuilt
 * per-platform npm packages) and zstd (WASM) are added, so any topic can be read and written.
 */
export function registerCodecs(): void {
  if (registered) return;
  registered = true;
  const { CompressionTypes, CompressionCodecs } = kafkajs;
  const codecs = CompressionCodecs as unknown as Record<number, Codec>;
  codecs[CompressionTypes.Snappy] = lazy(() => require('kafkajs-snappy') as Codec);

  // lz4_flex frames have independent blocks, the only kind Kafka's LZ4 reader accepts.
  codecs[CompressionTypes.LZ4] = lazy(() => {
    const lz4 = require('lz4-napi') as { compressFrame(b: Buffer): Promise<Buffer>; decompressFrame(b: Buffer): Promise<Buffer> };
    return () => ({
      compress: (encoder) => lz4.compressFrame(encoder.buffer),
      decompress: (buffer) => lz4.decompressFrame(buffer),
    });
  });

  codecs[CompressionTypes.ZSTD] = lazy(() => {
    const zstd = require('@bokuweb/zstd-wasm') as { init(): Promise<void>; compress(b: Uint8Array, level?: number): Uint8Array; decompress(b: Uint8Array): Uint8Array };
    let ready: Promise<void> | null = null;
    const zstdReady = () => (ready ??= zstd.init());
    return () => ({
      compress: async (encoder) => { await zstdReady(); return Buffer.from(zstd.compress(encoder.buffer, 3)); },
      decompress: async (buffer) => { await zstdReady(); return Buffer.from(zstd.decompress(buffer)); },
    });
  });
}

/** Unpacks the records of a batch compressed with a codec (Kafka's ids: 1 gzip, 2 snappy, 3 lz4, 4 zstd). */
export function decompress(codecId: number, data: Buffer): Promise<Buffer> {
  registerCodecs();
  const codec = (kafkajs.CompressionCodecs as unknown as Record<number, Codec | undefined>)[codecId];
  if (!codec) throw new Error(`a record batch names compression codec ${codecId}, which Kafka does not define`);
  return codec().decompress(data);
}
