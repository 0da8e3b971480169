import { CliError, usage } from '../../core/errors.js';

/**
 * The `key.deserializer` / `value.deserializer` / `headers.deserializer` classes of Kafka's
 * DefaultMessageFormatter, as functions from bytes to the text Java's toString() would print.
 */
export type Deserializer = (data: Buffer) => Buffer;

class DeserializationError extends CliError {
  constructor(message: string) {
    super('failed', message, 'pass --skip-message-on-error to skip such records');
  }
}

const fixedSize = (name: string, size: number, read: (b: Buffer) => string): Deserializer => (data) => {
  if (data.length !== size) throw new DeserializationError(`Size of data received by ${name} is not ${size}`);
  return Buffer.from(read(data));
};

/** Java's Double.toString: `1.0`, `0.001`, `1.0E7`, `1.25E-5`, `NaN`, `-Infinity`. */
export function javaDouble(v: number, digits = (x: number) => x.toExponential()): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const [mantissa, exponent] = digits(v).split('e') as [string, string];
  const e = Number(exponent);
  if (e >= -3 && e < 7) {
    const plain = Number(`${mantissa}e${e}`).toFixed(Math.max(0, (mantissa.split('.')[1]?.length ?? 0) - e));
    return plain.includes('.') ? plain : `${plain}.0`;
  }
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${e}`;
}

/** Java's Float.toString: the shortest digits that read back as the same float. */
export function javaFloat(v: number): string {
  return javaDouble(v, (x) => {
    for (let p = 1; p <= 9; p++) {
      const candidate = x.toExponential(p - 1);
      if (Math.fround(Number(candidate)) === x) return candidate;
    }
    return x.toExponential(8);
  });
}

const PRINTABLE = new Set(' `~!@#$%^&*()-_=+[]{}|;:\'",.<>/?');

/** org.apache.kafka.common.utils.Bytes#toString: printable ASCII as is, everything else \xNN. */
function bytesText(data: Buffer): string {
  let out = '';
  for (const b of data) {
    const ch = String.fromCharCode(b);
    out += /[A-Za-z0-9]/.test(ch) || PRINTABLE.has(ch) ? ch : `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const UUID = /^[0-9a-f]{1,8}-[0-9a-f]{1,4}-[0-9a-f]{1,4}-[0-9a-f]{1,4}-[0-9a-f]{1,12}$/i;

const DESERIALIZERS: Record<string, Deserializer> = {
  StringDeserializer: (data) => Buffer.from(data.toString('utf8')),
  // Java would print byte[]/ByteBuffer identities ("[B@1b6d3586"); the bytes themselves are what anyone wants.
  ByteArrayDeserializer: (data) => data,
  ByteBufferDeserializer: (data) => data,
  BytesDeserializer: (data) => Buffer.from(bytesText(data)),
  ShortDeserializer: fixedSize('ShortDeserializer', 2, (b) => String(b.readInt16BE(0))),
  IntegerDeserializer: fixedSize('IntegerDeserializer', 4, (b) => String(b.readInt32BE(0))),
  LongDeserializer: fixedSize('LongDeserializer', 8, (b) => b.readBigInt64BE(0).toString()),
  FloatDeserializer: fixedSize('Deserializer', 4, (b) => javaFloat(b.readFloatBE(0))),
  DoubleDeserializer: fixedSize('Deserializer', 8, (b) => javaDouble(b.readDoubleBE(0))),
  BooleanDeserializer: (data) => {
    if (data.length !== 1) throw new DeserializationError('Size of data received by BooleanDeserializer is not 1');
    if (data[0] !== 0 && data[0] !== 1) throw new DeserializationError('Unexpected byte received by BooleanDeserializer: ' + data[0]);
    return Buffer.from(data[0] === 1 ? 'true' : 'false');
  },
  UUIDDeserializer: (data) => {
    const text = data.toString('utf8');
    if (!UUID.test(text)) throw new DeserializationError(`Error parsing data into UUID`);
    // UUID.fromString(...).toString(): lower case, each group zero-padded.
    const widths = [8, 4, 4, 4, 12];
    return Buffer.from(text.split('-').map((g, i) => g.toLowerCase().padStart(widths[i]!, '0')).join('-'));
  },
};

/** A Kafka deserializer class by its full (org.apache.kafka.common.serialization.X) or simple name. */
export function deserializerFor(className: string, property: string): Deserializer {
  const simple = className.replace(/^org\.apache\.kafka\.common\.serialization\./, '');
  const found = DESERIALIZERS[simple];
  if (!found) throw usage(`unknown ${property} '${className}'`, `use one of ${Object.keys(DESERIALIZERS).join(', ')} (org.apache.kafka.common.serialization)`);
  return found;
}
