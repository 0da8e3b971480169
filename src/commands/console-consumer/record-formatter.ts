import { usage } from '../../core/errors.js';
import type { ConsumedRecord, SharedRecord } from '../../core/client.js';
import { deserializerFor, type Deserializer } from './deserializers.js';

/** Kafka's DefaultMessageFormatter properties (`--property k=v`). */
export interface FormatterProperties {
  printTimestamp: boolean;
  printPartition: boolean;
  printOffset: boolean;
  /** A share group's delivery count (NOT_PRESENT for other consumers, as Kafka 4.x prints it). */
  printDelivery: boolean;
  printEpoch: boolean;
  printHeaders: boolean;
  printKey: boolean;
  printValue: boolean;
  keySeparator: Buffer;
  lineSeparator: Buffer;
  headersSeparator: Buffer;
  nullLiteral: Buffer;
  /** Kafka's `key.deserializer` & co.; null prints the bytes as they are. */
  keyDeserializer: Deserializer | null;
  valueDeserializer: Deserializer | null;
  headersDeserializer: Deserializer | null;
}

const bool = (v: string | undefined, fallback: boolean) => (v === undefined ? fallback : v.trim().toLowerCase() === 'true');

export function formatterProperties(props: Record<string, string>): FormatterProperties {
  return {
    printTimestamp: bool(props['print.timestamp'], false),
    printPartition: bool(props['print.partition'], false),
    printOffset: bool(props['print.offset'], false),
    printDelivery: bool(props['print.delivery'], false),
    printEpoch: bool(props['print.epoch'], false),
    printHeaders: bool(props['print.headers'], false),
    printKey: bool(props['print.key'], false),
    printValue: bool(props['print.value'], true),
    keySeparator: Buffer.from(props['key.separator'] ?? '\t'),
    lineSeparator: Buffer.from(props['line.separator'] ?? '\n'),
    headersSeparator: Buffer.from(props['headers.separator'] ?? ','),
    nullLiteral: Buffer.from(props['null.literal'] ?? 'null'),
    keyDeserializer: props['key.deserializer'] ? deserializerFor(props['key.deserializer'], 'key.deserializer') : null,
    valueDeserializer: props['value.deserializer'] ? deserializerFor(props['value.deserializer'], 'value.deserializer') : null,
    headersDeserializer: props['headers.deserializer'] ? deserializerFor(props['headers.deserializer'], 'headers.deserializer') : null,
  };
}

/** A record as consumed; a share group's carries its delivery count. */
type FormattedRecord = ConsumedRecord & Partial<Pick<SharedRecord, 'deliveryCount'>>;

export type RecordFormatter = (record: FormattedRecord, out: Buffer[]) => void;

/**
 * Byte-for-byte Kafka: fields in a fixed order, each followed by key.separator or, last,
 * line.separator. As in Kafka, a deserializer sees the null literal's bytes for a null.
 */
export function defaultFormatter(p: FormatterProperties): RecordFormatter {
  const bytes = (deserializer: Deserializer | null, data: Buffer | null) => (deserializer ? deserializer(data ?? p.nullLiteral) : data ?? p.nullLiteral);
  const fields: Array<(r: FormattedRecord, out: Buffer[]) => void> = [];
  if (p.printTimestamp) fields.push((r, out) => out.push(Buffer.from(r.timestampType === 'NoTimestamp' ? 'NO_TIMESTAMP' : `${r.timestampType}:${r.timestamp}`)));
  if (p.printPartition) fields.push((r, out) => out.push(Buffer.from(`Partition:${r.partition}`)));
  if (p.printOffset) fields.push((r, out) => out.push(Buffer.from(`Offset:${r.offset}`)));
  if (p.printDelivery) fields.push((r, out) => out.push(Buffer.from(r.deliveryCount === undefined ? 'Delivery:NOT_PRESENT' : `Delivery:${r.deliveryCount}`)));
  if (p.printEpoch) fields.push((r, out) => out.push(Buffer.from(r.leaderEpoch === null || r.leaderEpoch < 0 ? 'Epoch:NOT_PRESENT' : `Epoch:${r.leaderEpoch}`)));
  if (p.printHeaders) {
    fields.push((r, out) => {
      if (r.headers.length === 0) { out.push(Buffer.from('NO_HEADERS')); return; }
      r.headers.forEach(([k, v], i) => {
        out.push(Buffer.from(`${k}:`), bytes(p.headersDeserializer, v));
        if (i < r.headers.length - 1) out.push(p.headersSeparator);
      });
    });
  }
  if (p.printKey) fields.push((r, out) => out.push(bytes(p.keyDeserializer, r.key)));
  if (p.printValue) fields.push((r, out) => out.push(bytes(p.valueDeserializer, r.value)));
  if (fields.length === 0) return () => undefined;
  return (record, out) => {
    for (let i = 0; i < fields.length; i++) {
      fields[i]!(record, out);
      out.push(i < fields.length - 1 ? p.keySeparator : p.lineSeparator);
    }
  };
}

/** kcat-style format string: %t %p %o %k %v %T %h %K %S %%, with \n \t \r \\ escapes. */
export function templateFormatter(template: string): RecordFormatter {
  const parts: Array<Buffer | ((r: ConsumedRecord) => Buffer)> = [];
  let literal = '';
  const flush = () => { if (literal) { parts.push(Buffer.from(literal)); literal = ''; } };
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === '\\' && i + 1 < template.length) {
      const e = template[++i]!;
      literal += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === '0' ? '\0' : e;
    } else if (c === '%' && i + 1 < template.length) {
      const f = template[++i]!;
      const field: Record<string, (r: ConsumedRecord) => Buffer> = {
        t: (r) => Buffer.from(r.topic),
        p: (r) => Buffer.from(String(r.partition)),
        o: (r) => Buffer.from(String(r.offset)),
        k: (r) => r.key ?? Buffer.alloc(0),
        v: (r) => r.value ?? Buffer.alloc(0),
        // kcat's name for the value.
        s: (r) => r.value ?? Buffer.alloc(0),
        T: (r) => Buffer.from(String(r.timestamp)),
        K: (r) => Buffer.from(String(r.key ? r.key.length : -1)),
        S: (r) => Buffer.from(String(r.value ? r.value.length : -1)),
        h: (r) => Buffer.from(r.headers.map(([k, v]) => `${k}=${v === null ? '' : v.toString('utf8')}`).join(',')),
      };
      if (f === '%') literal += '%';
      else if (field[f]) { flush(); parts.push(field[f]!); }
      else throw usage(`--format has an unknown field %${f}`, `use %t %p %o %k %v (or %s) %T %K %S %h, %% for a percent sign`);
    } else if (c === '%') throw usage('--format ends with a lone %', 'write %% for a percent sign');
    else literal += c;
  }
  flush();
  return (record, out) => {
    for (const part of parts) out.push(typeof part === 'function' ? part(record) : part);
  };
}

/** One JSON object per line; --base64 keeps binary keys, values and headers intact. */
export function jsonFormatter(base64: boolean): RecordFormatter {
  const text = (b: Buffer | null) => (b === null ? null : base64 ? b.toString('base64') : b.toString('utf8'));
  return (r, out) => {
    out.push(
      Buffer.from(
        JSON.stringify({
          topic: r.topic,
          partition: r.partition,
          offset: r.offset,
          timestamp: r.timestamp,
          timestampType: r.timestampType,
          key: text(r.key),
          value: text(r.value),
          headers: Object.fromEntries(r.headers.map(([k, v]) => [k, text(v)])),
          ...(r.deliveryCount === undefined ? {} : { deliveryCount: r.deliveryCount }),
          ...(base64 ? { encoding: 'base64' } : {}),
        }) + '\n',
      ),
    );
  };
}
