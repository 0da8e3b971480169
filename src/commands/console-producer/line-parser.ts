import { usage } from '../../core/errors.js';

/** Kafka's LineMessageReader properties (`--property k=v`). */
export interface ReaderProperties {
  parseKey: boolean;
  keySeparator: string;
  parseHeaders: boolean;
  headersDelimiter: string;
  headersSeparator: string;
  headersKeySeparator: string;
  nullMarker: string | null;
  ignoreError: boolean;
}

export interface ParsedLine {
  key: Buffer | null;
  value: Buffer | null;
  headers: Array<[string, Buffer | null]>;
}

export class LineParseError extends Error {}

const bool = (v: string | undefined) => (v ?? '').trim().toLowerCase() === 'true';

export function readerProperties(props: Record<string, string>): ReaderProperties {
  const p: ReaderProperties = {
    parseKey: bool(props['parse.key']),
    keySeparator: props['key.separator'] ?? '\t',
    parseHeaders: bool(props['parse.headers']),
    headersDelimiter: props['headers.delimiter'] ?? '\t',
    headersSeparator: props['headers.separator'] ?? ',',
    headersKeySeparator: props['headers.key.separator'] ?? ':',
    nullMarker: props['null.marker'] ?? null,
    ignoreError: bool(props['ignore.error']),
  };
  const distinct: Array<[keyof ReaderProperties, keyof ReaderProperties, string, string]> = [
    ['headersDelimiter', 'headersSeparator', 'headers.delimiter', 'headers.separator'],
    ['headersDelimiter', 'headersKeySeparator', 'headers.delimiter', 'headers.key.separator'],
    ['headersSeparator', 'headersKeySeparator', 'headers.separator', 'headers.key.separator'],
  ];
  if (p.parseHeaders) {
    for (const [a, b, an, bn] of distinct) if (p[a] === p[b]) throw usage(`${an} and ${bn} may not be equal`);
  }
  if (p.nullMarker !== null) {
    for (const [field, name] of [['keySeparator', 'key.separator'], ['headersSeparator', 'headers.separator'], ['headersDelimiter', 'headers.delimiter'], ['headersKeySeparator', 'headers.key.separator']] as const) {
      if (p.nullMarker === p[field]) throw usage(`null.marker and ${name} may not be equal`);
    }
  }
  return p;
}

/**
 * One line → one record, as Kafka's LineMessageReader: `headers<delim>key<sep>value`;
 * `null.marker` makes a key, value, header section or header value null.
 */
export function parseLine(line: string, lineNumber: number, p: ReaderProperties): ParsedLine {
  let rest = line;
  let headers: Array<[string, Buffer | null]> = [];
  if (p.parseHeaders) {
    const at = rest.indexOf(p.headersDelimiter);
    if (at === -1) {
      if (!p.ignoreError) throw new LineParseError(`No headers delimiter found on line number ${lineNumber}: '${line}'`);
    } else {
      const section = rest.slice(0, at);
      rest = rest.slice(at + p.headersDelimiter.length);
      if (section !== p.nullMarker) headers = parseHeaders(section, lineNumber, p);
    }
  }
  let key: string | null = null;
  if (p.parseKey) {
    const at = rest.indexOf(p.keySeparator);
    if (at === -1) {
      if (!p.ignoreError) throw new LineParseError(`No key separator found on line number ${lineNumber}: '${line}'`);
    } else {
      key = rest.slice(0, at);
      rest = rest.slice(at + p.keySeparator.length);
      if (key === p.nullMarker) key = null;
    }
  }
  const value = rest === p.nullMarker ? null : Buffer.from(rest, 'utf8');
  return { key: key === null ? null : Buffer.from(key, 'utf8'), value, headers };
}

function parseHeaders(section: string, lineNumber: number, p: ReaderProperties): Array<[string, Buffer | null]> {
  // Kafka compiles headers.separator as a regex.
  return section.split(new RegExp(p.headersSeparator)).map((pair): [string, Buffer | null] => {
    const at = pair.indexOf(p.headersKeySeparator);
    if (at === -1) {
      if (p.ignoreError) return [pair, null];
      throw new LineParseError(`No header key separator found in pair '${pair}' on line number ${lineNumber}`);
    }
    const key = pair.slice(0, at);
    if (key === p.nullMarker) throw new LineParseError(`Header keys should not be equal to the null marker '${p.nullMarker}' as they can't be null`);
    const value = pair.slice(at + p.headersKeySeparator.length);
    return [key, value === p.nullMarker ? null : Buffer.from(value, 'utf8')];
  });
}

/** `--format json`: {"key":…, "value":…, "headers":{…}, "partition":…} per line. */
export function parseJsonLine(line: string, lineNumber: number): ParsedLine & { partition?: number } {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch (err) {
    throw new LineParseError(`line ${lineNumber} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new LineParseError(`line ${lineNumber} is not a JSON object`);
  const o = doc as Record<string, unknown>;
  const bytes = (v: unknown): Buffer | null => (v === null || v === undefined ? null : Buffer.from(typeof v === 'string' ? v : JSON.stringify(v), 'utf8'));
  const headers: Array<[string, Buffer | null]> = [];
  if (o.headers !== undefined && o.headers !== null) {
    if (typeof o.headers !== 'object' || Array.isArray(o.headers)) throw new LineParseError(`line ${lineNumber}: "headers" must be an object`);
    for (const [k, v] of Object.entries(o.headers as Record<string, unknown>)) headers.push([k, bytes(v)]);
  }
  let partition: number | undefined;
  if (o.partition !== undefined && o.partition !== null) {
    if (!Number.isInteger(o.partition) || (o.partition as number) < 0) throw new LineParseError(`line ${lineNumber}: "partition" must be a non-negative integer`);
    partition = o.partition as number;
  }
  return { key: bytes(o.key), value: bytes(o.value), headers, partition };
}
