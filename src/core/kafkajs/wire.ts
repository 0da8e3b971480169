/**
 * A minimal Kafka wire codec for the requests kafkajs 2.2.4 does not implement.
 * Flexible versions (compact strings/arrays, tagged fields) included.
 */
export class Writer {
  private chunks: Buffer[] = [];

  int8(v: number): this { const b = Buffer.alloc(1); b.writeInt8(v); return this.push(b); }
  int16(v: number): this { const b = Buffer.alloc(2); b.writeInt16BE(v); return this.push(b); }
  int32(v: number): this { const b = Buffer.alloc(4); b.writeInt32BE(v); return this.push(b); }
  int64(v: number | bigint): this { const b = Buffer.alloc(8); b.writeBigInt64BE(BigInt(v)); return this.push(b); }
  bool(v: boolean): this { return this.int8(v ? 1 : 0); }

  uvarint(v: number): this {
    const bytes: number[] = [];
    let value = v >>> 0;
    while ((value & ~0x7f) !== 0) {
      bytes.push((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    bytes.push(value);
    return this.push(Buffer.from(bytes));
  }

  string(v: string | null): this {
    if (v === null) return this.int16(-1);
    const b = Buffer.from(v, 'utf8');
    return this.int16(b.length).push(b);
  }

  compactString(v: string | null): this {
    if (v === null) return this.uvarint(0);
    const b = Buffer.from(v, 'utf8');
    return this.uvarint(b.length + 1).push(b);
  }

  array<T>(items: readonly T[], each: (w: this, item: T) => void): this {
    this.int32(items.length);
    for (const item of items) each(this, item);
    return this;
  }

  compactArray<T>(items: readonly T[] | null, each: (w: this, item: T) => void): this {
    if (items === null) return this.uvarint(0);
    this.uvarint(items.length + 1);
    for (const item of items) each(this, item);
    return this;
  }

  /** Bytes as they are (already framed by the caller). */
  raw(b: Buffer): this { return this.push(b); }

  /** An empty tagged-fields section. */
  tags(): this { return this.uvarint(0); }

  toBuffer(): Buffer { return Buffer.concat(this.chunks); }

  private push(b: Buffer): this { this.chunks.push(b); return this; }
}

export class Reader {
  private offset = 0;
  constructor(private readonly buf: Buffer) {}

  int8(): number { const v = this.buf.readInt8(this.offset); this.offset += 1; return v; }
  int16(): number { const v = this.buf.readInt16BE(this.offset); this.offset += 2; return v; }
  int32(): number { const v = this.buf.readInt32BE(this.offset); this.offset += 4; return v; }
  int64(): bigint { const v = this.buf.readBigInt64BE(this.offset); this.offset += 8; return v; }
  bool(): boolean { return this.int8() !== 0; }

  uvarint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.buf[this.offset++]!;
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
  }

  string(): string | null {
    const len = this.int16();
    if (len < 0) return null;
    return this.take(len).toString('utf8');
  }

  compactString(): string | null {
    const len = this.uvarint();
    if (len === 0) return null;
    return this.take(len - 1).toString('utf8');
  }

  /** Kafka prints UUIDs as URL-safe base64 without padding. */
  uuid(): string {
    return this.take(16).toString('base64url');
  }

  array<T>(each: (r: this) => T): T[] {
    const n = this.int32();
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(each(this));
    return out;
  }

  compactArray<T>(each: (r: this) => T): T[] | null {
    const n = this.uvarint();
    if (n === 0) return null;
    const out: T[] = [];
    for (let i = 1; i < n; i++) out.push(each(this));
    return out;
  }

  skipTags(): void {
    this.tags({});
  }

  /** Reads a tagged-fields section, handing the known tags their own reader. */
  tags(known: Record<number, (r: Reader) => void>): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      const tag = this.uvarint();
      const field = this.take(this.uvarint());
      known[tag]?.(new Reader(field));
    }
  }

  private take(n: number): Buffer {
    const b = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return b;
  }
}
