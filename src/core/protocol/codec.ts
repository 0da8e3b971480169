import type { FieldSpec, MessageSpec, StructSpec } from './spec.js';

/**
 * One encoder and decoder for every Kafka message, driven by its definition: fields in order,
 * the versions each exists in, nullable and flexible versions (compact lengths, tagged fields),
 * as Kafka's generated Java classes do. Values are plain objects keyed by the fields' names with
 * the first letter lowercased (as Kafka's JSON converters name them); int64 values are numbers
 * (exact to 2^53, beyond any offset or id a cluster hands out), uuids URL-safe base64 as Kafka
 * prints them, bytes and records Buffers.
 */
export type Value = null | boolean | number | string | Buffer | Value[] | { [field: string]: Value };
export type Struct = { [field: string]: Value };

interface Range {
  min: number;
  max: number;
}

const NONE: Range = { min: 1, max: 0 };
const rangeCache = new Map<string, Range>();

/** "0+", "3", "1-4", "none". */
export function versionRange(text: string | undefined): Range {
  if (text === undefined || text === 'none') return NONE;
  let r = rangeCache.get(text);
  if (!r) {
    const m = /^(\d+)(?:(\+)|-(\d+))?$/.exec(text);
    if (!m) throw new Error(`bad version range '${text}'`);
    r = { min: Number(m[1]), max: m[2] ? Infinity : m[3] !== undefined ? Number(m[3]) : Number(m[1]) };
    rangeCache.set(text, r);
  }
  return r;
}

export const inVersions = (text: string | undefined, version: number) => {
  const r = versionRange(text);
  return version >= r.min && version <= r.max;
};

export const fieldKey = (name: string) => name[0]!.toLowerCase() + name.slice(1);

const ZERO_UUID = Buffer.alloc(16).toString('base64url');

interface Context {
  message: MessageSpec;
  version: number;
  flexible: boolean;
}

function structFields(ctx: Context, field: FieldSpec, typeName: string): FieldSpec[] {
  if (field.fields) return field.fields;
  const common: StructSpec | undefined = ctx.message.commonStructs?.find((s) => s.name === typeName);
  if (!common) throw new Error(`${ctx.message.name}: no definition of struct ${typeName}`);
  return common.fields;
}

const nullable = (field: FieldSpec, version: number) => inVersions(field.nullableVersions, version);
const compact = (ctx: Context, field: FieldSpec) => (field.flexibleVersions !== undefined ? inVersions(field.flexibleVersions, ctx.version) : ctx.flexible);

/** A field's value in a version of a message when absent or not given (what Kafka's classes start from). */
export function fieldDefault(message: MessageSpec, version: number, field: FieldSpec): Value {
  return defaultValue({ message, version, flexible: inVersions(message.flexibleVersions, version) }, field);
}

/** The fields of a struct-typed field (its own, or the message's common struct of that name). */
export function fieldsOfStruct(message: MessageSpec, field: FieldSpec, typeName: string): FieldSpec[] {
  return structFields({ message, version: 0, flexible: false }, field, typeName);
}

function defaultValue(ctx: Context, field: FieldSpec): Value {
  const d = field.default;
  const type = field.type;
  if (d === 'null') return null;
  if (type.startsWith('[]')) return [];
  switch (type) {
    case 'bool':
      return d === undefined ? false : d === true || d === 'true';
    case 'int8':
    case 'int16':
    case 'uint16':
    case 'int32':
    case 'uint32':
    case 'int64':
    case 'float64':
      return d === undefined ? 0 : typeof d === 'number' ? d : String(d).startsWith('0x') ? Number.parseInt(String(d), 16) : Number(d);
    case 'string':
      return d === undefined ? '' : String(d);
    case 'uuid':
      return ZERO_UUID;
    case 'bytes':
      return Buffer.alloc(0);
    case 'records':
      return null;
    default:
      return defaultStruct(ctx, structFields(ctx, field, type));
  }
}

function defaultStruct(ctx: Context, fields: FieldSpec[]): Struct {
  const s: Struct = {};
  for (const f of fields) if (inVersions(f.versions, ctx.version)) s[fieldKey(f.name)] = defaultValue(ctx, f);
  return s;
}

function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === 0 && b.length === 0;
  // A struct equals its default when every field does (Kafka's generated equals()).
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b) && !Buffer.isBuffer(a) && !Buffer.isBuffer(b)) {
    const x = a as Struct;
    const y = b as Struct;
    return [...new Set([...Object.keys(x), ...Object.keys(y)])].every((k) => sameValue(x[k] ?? null, y[k] ?? null));
  }
  return false;
}

class ByteWriter {
  private buf = Buffer.allocUnsafe(256);
  length = 0;

  private room(n: number): number {
    if (this.length + n > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
      this.buf.copy(next, 0, 0, this.length);
      this.buf = next;
    }
    const at = this.length;
    this.length += n;
    return at;
  }

  // room() may move the buffer: the position is taken first, then the (new) buffer written.
  int8(v: number) { const at = this.room(1); this.buf.writeInt8(v, at); }
  int16(v: number) { const at = this.room(2); this.buf.writeInt16BE(v, at); }
  uint16(v: number) { const at = this.room(2); this.buf.writeUInt16BE(v, at); }
  int32(v: number) { const at = this.room(4); this.buf.writeInt32BE(v, at); }
  uint32(v: number) { const at = this.room(4); this.buf.writeUInt32BE(v, at); }
  int64(v: number) { const at = this.room(8); this.buf.writeBigInt64BE(BigInt(v), at); }
  float64(v: number) { const at = this.room(8); this.buf.writeDoubleBE(v, at); }
  uvarint(v: number) {
    let value = v >>> 0;
    while (value >= 0x80) {
      const at = this.room(1);
      this.buf[at] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    const at = this.room(1);
    this.buf[at] = value;
  }
  raw(b: Buffer) { const at = this.room(b.length); b.copy(this.buf, at); }
  toBuffer(): Buffer { return this.buf.subarray(0, this.length); }
}

function fail(ctx: Context, field: FieldSpec, what: string): never {
  throw new Error(`${ctx.message.name} v${ctx.version}: ${field.name} ${what}`);
}

function writeLength(w: ByteWriter, isCompact: boolean, n: number | null, nullBytes: 2 | 4) {
  if (isCompact) w.uvarint(n === null ? 0 : n + 1);
  else if (nullBytes === 2) w.int16(n === null ? -1 : n);
  else w.int32(n === null ? -1 : n);
}

function writeValue(w: ByteWriter, ctx: Context, field: FieldSpec, type: string, value: Value): void {
  if (type.startsWith('[]')) {
    if (value === null) {
      if (!nullable(field, ctx.version)) fail(ctx, field, 'is not nullable');
      writeLength(w, compact(ctx, field), null, 4);
      return;
    }
    const items = value as Value[];
    writeLength(w, compact(ctx, field), items.length, 4);
    const element = type.slice(2);
    for (const item of items) writeValue(w, ctx, { ...field, nullableVersions: undefined }, element, item);
    return;
  }
  switch (type) {
    case 'bool':
      return w.int8(value ? 1 : 0);
    case 'int8':
      return w.int8(value as number);
    case 'int16':
      return w.int16(value as number);
    case 'uint16':
      return w.uint16(value as number);
    case 'int32':
      return w.int32(value as number);
    case 'uint32':
      return w.uint32(value as number);
    case 'int64':
      return w.int64(value as number);
    case 'float64':
      return w.float64(value as number);
    case 'uuid':
      return w.raw(Buffer.from(value as string, 'base64url'));
    case 'string': {
      if (value === null && !nullable(field, ctx.version)) fail(ctx, field, 'is not nullable');
      const bytes = value === null ? null : Buffer.from(value as string, 'utf8');
      writeLength(w, compact(ctx, field), bytes === null ? null : bytes.length, 2);
      if (bytes) w.raw(bytes);
      return;
    }
    case 'bytes':
    case 'records': {
      if (value === null && !nullable(field, ctx.version)) fail(ctx, field, 'is not nullable');
      writeLength(w, compact(ctx, field), value === null ? null : (value as Buffer).length, 4);
      if (value !== null) w.raw(value as Buffer);
      return;
    }
    default: {
      const fields = structFields(ctx, field, type);
      if (nullable(field, ctx.version)) {
        w.int8(value === null ? -1 : 1);
        if (value === null) return;
      } else if (value === null) fail(ctx, field, 'is not nullable');
      writeStruct(w, ctx, fields, value as Struct);
    }
  }
}

function writeStruct(w: ByteWriter, ctx: Context, fields: FieldSpec[], value: Struct): void {
  const tagged: Array<[number, FieldSpec, Value]> = [];
  for (const field of fields) {
    if (!inVersions(field.versions, ctx.version)) continue;
    const given = value[fieldKey(field.name)];
    const v = given === undefined ? defaultValue(ctx, field) : given;
    if (field.taggedVersions !== undefined && inVersions(field.taggedVersions, ctx.version)) {
      // A tagged field is sent only when it differs from its default.
      if (!sameValue(v, defaultValue(ctx, field))) tagged.push([field.tag!, field, v]);
      continue;
    }
    writeValue(w, ctx, field, field.type, v);
  }
  if (!ctx.flexible) return;
  tagged.sort((a, b) => a[0] - b[0]);
  w.uvarint(tagged.length);
  for (const [tag, field, v] of tagged) {
    const inner = new ByteWriter();
    writeValue(inner, ctx, field, field.type, v);
    w.uvarint(tag);
    w.uvarint(inner.length);
    w.raw(inner.toBuffer());
  }
}

export function encode(message: MessageSpec, version: number, value: Struct): Buffer {
  const ctx: Context = { message, version, flexible: inVersions(message.flexibleVersions, version) };
  const w = new ByteWriter();
  writeStruct(w, ctx, message.fields, value);
  return w.toBuffer();
}

class ByteReader {
  offset = 0;
  constructor(readonly buf: Buffer) {}

  private at(n: number): number {
    if (this.offset + n > this.buf.length) throw new RangeError(`message ends ${this.offset + n - this.buf.length} byte(s) early`);
    const at = this.offset;
    this.offset += n;
    return at;
  }

  int8() { return this.buf.readInt8(this.at(1)); }
  int16() { return this.buf.readInt16BE(this.at(2)); }
  uint16() { return this.buf.readUInt16BE(this.at(2)); }
  int32() { return this.buf.readInt32BE(this.at(4)); }
  uint32() { return this.buf.readUInt32BE(this.at(4)); }
  int64() { return Number(this.buf.readBigInt64BE(this.at(8))); }
  float64() { return this.buf.readDoubleBE(this.at(8)); }
  uvarint(): number {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = this.buf[this.at(1)]!;
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result >>> 0;
    }
  }
  take(n: number): Buffer { const at = this.at(n); return this.buf.subarray(at, at + n); }
}

function readLength(r: ByteReader, isCompact: boolean, nullBytes: 2 | 4): number | null {
  if (isCompact) {
    const n = r.uvarint();
    return n === 0 ? null : n - 1;
  }
  const n = nullBytes === 2 ? r.int16() : r.int32();
  return n < 0 ? null : n;
}

function readValue(r: ByteReader, ctx: Context, field: FieldSpec, type: string): Value {
  if (type.startsWith('[]')) {
    const n = readLength(r, compact(ctx, field), 4);
    if (n === null) return null;
    const element = type.slice(2);
    const items: Value[] = new Array(n);
    for (let i = 0; i < n; i++) items[i] = readValue(r, ctx, { ...field, nullableVersions: undefined }, element);
    return items;
  }
  switch (type) {
    case 'bool':
      return r.int8() !== 0;
    case 'int8':
      return r.int8();
    case 'int16':
      return r.int16();
    case 'uint16':
      return r.uint16();
    case 'int32':
      return r.int32();
    case 'uint32':
      return r.uint32();
    case 'int64':
      return r.int64();
    case 'float64':
      return r.float64();
    case 'uuid':
      return r.take(16).toString('base64url');
    case 'string': {
      const n = readLength(r, compact(ctx, field), 2);
      return n === null ? null : r.take(n).toString('utf8');
    }
    case 'bytes': {
      const n = readLength(r, compact(ctx, field), 4);
      return n === null ? null : Buffer.from(r.take(n));
    }
    case 'records': {
      // Most of a fetch response: kept in place (its records are read from it and dropped with
      // it), not copied, as a small bytes field is so that it does not hold a whole response.
      const n = readLength(r, compact(ctx, field), 4);
      return n === null ? null : r.take(n);
    }
    default: {
      const fields = structFields(ctx, field, type);
      if (nullable(field, ctx.version) && r.int8() < 0) return null;
      return readStruct(r, ctx, fields);
    }
  }
}

function readStruct(r: ByteReader, ctx: Context, fields: FieldSpec[]): Struct {
  const value: Struct = {};
  const byTag = new Map<number, FieldSpec>();
  for (const field of fields) {
    if (!inVersions(field.versions, ctx.version)) continue;
    const key = fieldKey(field.name);
    if (field.taggedVersions !== undefined && inVersions(field.taggedVersions, ctx.version)) {
      byTag.set(field.tag!, field);
      value[key] = defaultValue(ctx, field);
      continue;
    }
    value[key] = readValue(r, ctx, field, field.type);
  }
  if (!ctx.flexible) return value;
  const count = r.uvarint();
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint();
    const size = r.uvarint();
    const field = byTag.get(tag);
    const data = r.take(size);
    // Tags this definition does not know are skipped, as Kafka's classes keep them aside.
    if (field) value[fieldKey(field.name)] = readValue(new ByteReader(data), ctx, field, field.type);
  }
  return value;
}

/**
 * `laterVersion`: the bytes are of a version past the definition's, read as `version`; the fields
 * added after it come last and are left unread, as Kafka's ConsumerProtocol reads a newer
 * member's subscription.
 */
export function decode(message: MessageSpec, version: number, buf: Buffer, laterVersion = false): Struct {
  const ctx: Context = { message, version, flexible: inVersions(message.flexibleVersions, version) };
  const r = new ByteReader(buf);
  const value = readStruct(r, ctx, message.fields);
  if (r.offset !== buf.length && !laterVersion) throw new RangeError(`${message.name} v${version}: ${buf.length - r.offset} byte(s) left after the message`);
  return value;
}
