import { fieldDefault, fieldKey, fieldsOfStruct, inVersions, type Struct, type Value } from '../../src/core/protocol/codec.js';
import type { FieldSpec, MessageSpec } from '../../src/core/protocol/spec.js';

/**
 * Between our values and the JSON of Kafka's generated JsonConverters (what the Java fixture
 * program reads and writes): bytes and records are base64 there, and a tagged field at its
 * default is left out.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isStructType = (type: string) => !['bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64', 'string', 'bytes', 'records', 'uuid'].includes(type);

function convert(message: MessageSpec, version: number, fields: FieldSpec[], value: { [k: string]: unknown }, toJson: boolean, fill: boolean): { [k: string]: unknown } {
  const out: { [k: string]: unknown } = {};
  for (const f of fields) {
    if (!inVersions(f.versions, version)) continue;
    const key = fieldKey(f.name);
    const tagged = f.taggedVersions !== undefined && inVersions(f.taggedVersions, version);
    let v = value[key];
    if (v === undefined) {
      if (!fill) continue;
      v = fieldDefault(message, version, f);
    }
    if (toJson && tagged && JSON.stringify(jsonOf(v)) === JSON.stringify(jsonOf(fieldDefault(message, version, f)))) continue;
    out[key] = convertValue(message, version, f, f.type, v, toJson, fill);
  }
  return out;
}

const jsonOf = (v: unknown): unknown => (Buffer.isBuffer(v) ? v.toString('base64') : Array.isArray(v) ? v.map(jsonOf) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonOf(x)])) : v);

function convertValue(message: MessageSpec, version: number, field: FieldSpec, type: string, v: unknown, toJson: boolean, fill: boolean): unknown {
  if (v === null) return null;
  if (type.startsWith('[]')) return (v as unknown[]).map((x) => convertValue(message, version, field, type.slice(2), x, toJson, fill));
  if (type === 'bytes' || type === 'records') return toJson ? (v as Buffer).toString('base64') : Buffer.from(v as string, 'base64');
  if (isStructType(type)) return convert(message, version, fieldsOfStruct(message, field, type), v as { [k: string]: unknown }, toJson, fill);
  // Kafka's converters take a float64 only from a JSON number written as one (1048576.0).
  if (type === 'float64' && toJson && fill) return { [FLOAT]: v };
  return v;
}

const FLOAT = '__float64';

/** JSON for Kafka's converters: float64 values written with a fraction or an exponent. */
export function kafkaJsonText(value: unknown): string {
  return JSON.stringify(value).replace(new RegExp(`\\{"${FLOAT}":(-?[0-9.eE+-]+)\\}`, 'g'), (_, n: string) => (/[.eE]/.test(n) ? n : `${n}.0`));
}

/** A case's value with every field of the version filled in (Kafka's converters require them), as Kafka JSON. */
export function completeKafkaJson(message: MessageSpec, version: number, partial: Struct): Json {
  return convert(message, version, message.fields, partial, true, true) as Json;
}

export function toKafkaJson(message: MessageSpec, version: number, value: Struct): Json {
  return convert(message, version, message.fields, value, true, false) as Json;
}

export function fromKafkaJson(message: MessageSpec, version: number, json: Json): Struct {
  return convert(message, version, message.fields, json as { [k: string]: unknown }, false, false) as Struct;
}

export type { Value };
