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
 * The reader properties as byte strings: the line is read as latin1 (one character per byte), so
 * that splitting never decodes it — a key or value keeps exactly the bytes it was given, valid
 * UTF-8 or not.
 */
interface ByteSeparators {
  keySeparator: string;
  headersDelimiter: string;
  headersSeparator: RegExp;
  headersKeySeparator: string;
  nullMarker: string | null;
}

const asBytes = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
const byteSeparators = new WeakMap<ReaderProperties, ByteSeparators>();

function separatorsOf(p: ReaderProperties): ByteSeparators {
  let b = byteSeparators.get(p);
  if (!b) {
    b = {
      keySeparator: asBytes(p.keySeparator),
      headersDelimiter: asBytes(p.headersDelimiter),
      // Kafka compiles headers.separator as a regex.
      headersSeparator: new RegExp(asBytes(p.headersSeparator)),
      headersKeySeparator: asBytes(p.headersKeySeparator),
      nullMarker: p.nullMarker === null ? null : asBytes(p.nullMarker),
    };
    byteSeparators.set(p, b);
  }
  return b;
}

const bytes = (s: string) => Buffer.from(s, 'latin1');
const shown = (s: string) => bytes(s).toString('utf8');

/**
 * One line → one record, as Kafka's LineMessageReader: `headers<delim>key<sep>value`;
 * `null.marker` makes a key, value, header section or header value null.
 */
export function parseLine(raw: Buffer, lineNumber: number, p: ReaderProperties): ParsedLine {
  const b = separatorsOf(p);
  const line = raw.toString('latin1');
  let rest = line;
  let headers: Array<[string, Buffer | null]> = [];
  if (p.parseHeaders) {
    const at = rest.indexOf(b.headersDelimiter);
    if (at === -1) {
      if (!p.ignoreError) throw new LineParseError(`No headers delimiter found on line number ${lineNumber}: '${shown(line)}'`);
    } else {
      const section = rest.slice(0, at);
      rest = rest.slice(at + b.headersDelimiter.length);
      if (section !== b.nullMarker) headers = parseHeaders(section, lineNumber, p, b);
    }
  }
  let key: string | null = null;
  if (p.parseKey) {
    const at = rest.indexOf(b.keySeparator);
    if (at === -1) {
      if (!p.ignoreError) throw new LineParseError(`No key separator found on line number ${lineNumber}: '${shown(line)}'`);
    } else {
      key = rest.slice(0, at);
      rest = rest.slice(at + b.keySeparator.length);
      if (key === b.nullMarker) key = null;
    }
  }
  const value = rest === b.nullMarker ? null : bytes(rest);
  return { key: key === null ? null : bytes(key), value, headers };
}

function parseHeaders(section: string, lineNumber: number, p: ReaderProperties, b: ByteSeparators): Array<[string, Buffer | null]> {
  return section.split(b.headersSeparator).map((pair): [string, Buffer | null] => {
    const at = pair.indexOf(b.headersKeySeparator);
    if (at === -1) {
      if (p.ignoreError) return [shown(pair), null];
      throw new LineParseError(`No header key separator found in pair '${shown(pair)}' on line number ${lineNumber}`);
    }
    const key = pair.slice(0, at);
    if (key === b.nullMarker) throw new LineParseError(`Header keys should not be equal to the null marker '${p.nullMarker}' as they can't be null`);
    const value = pair.slice(at + b.headersKeySeparator.length);
    // Header keys are strings in Kafka; header values are bytes.
    return [shown(key), value === b.nullMarker ? null : bytes(value)];
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const JSON_FIELDS = ['key', 'value', 'headers', 'partition'];

/**
 * `--format json`: {"key":…, "value":…, "headers":{…}, "partition":…} per line. A string is its
 * text; any other value (a number, an object) is kept exactly as written — `0.1e400` or
 * `12345678901234567890` must not be rounded through a double.
 */
export function parseJsonLine(raw: Buffer, lineNumber: number): ParsedLine & { partition?: number } {
  let line: string;
  try {
    line = utf8.decode(raw);
  } catch {
    throw new LineParseError(`line ${lineNumber} is not valid UTF-8, which JSON must be (use the plain line format for raw bytes)`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch (err) {
    throw new LineParseError(`line ${lineNumber} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new LineParseError(`line ${lineNumber} is not a JSON object`);
  const members = rawMembers(line);
  const seen = new Set<string>();
  for (const [name] of members) {
    if (!JSON_FIELDS.includes(name)) throw new LineParseError(`line ${lineNumber}: unknown field "${name}" (the fields are ${JSON_FIELDS.join(', ')})`);
    if (seen.has(name)) throw new LineParseError(`line ${lineNumber}: field "${name}" appears twice`);
    seen.add(name);
  }
  const field = (name: string) => members.find(([n]) => n === name)?.[1];
  const bytesOf = (text: string | undefined, what: string): Buffer | null => {
    if (text === undefined || text === 'null') return null;
    if (!text.startsWith('"')) return Buffer.from(text, 'utf8');
    const decoded = JSON.parse(text) as string;
    if (!(decoded as string & { isWellFormed(): boolean }).isWellFormed()) throw new LineParseError(`line ${lineNumber}: ${what} has a lone UTF-16 surrogate, which has no UTF-8 bytes`);
    return Buffer.from(decoded, 'utf8');
  };
  const headers: Array<[string, Buffer | null]> = [];
  const headersText = field('headers');
  if (headersText !== undefined && headersText !== 'null') {
    if (!headersText.startsWith('{')) throw new LineParseError(`line ${lineNumber}: "headers" must be an object`);
    // Members in order, a repeated header key kept (Kafka headers are a list).
    for (const [k, v] of rawMembers(headersText)) headers.push([k, bytesOf(v, `header "${k}"`)]);
  }
  let partition: number | undefined;
  const partitionText = field('partition');
  if (partitionText !== undefined && partitionText !== 'null') {
    if (!/^(0|[1-9]\d{0,9})$/.test(partitionText) || Number(partitionText) > 0x7fffffff) throw new LineParseError(`line ${lineNumber}: "partition" must be a non-negative integer, not ${partitionText}`);
    partition = Number(partitionText);
  }
  return { key: bytesOf(field('key'), '"key"'), value: bytesOf(field('value'), '"value"'), headers, partition };
}

/** The members of a JSON object (valid JSON, already checked), each value as its exact source text. */
function rawMembers(text: string): Array<[string, string]> {
  const members: Array<[string, string]> = [];
  let i = skipSpace(text, text.indexOf('{') + 1);
  while (text[i] !== '}') {
    const keyEnd = endOfValue(text, i);
    const name = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, skipSpace(text, keyEnd) + 1); // past ':'
    const valueEnd = endOfValue(text, i);
    members.push([name, text.slice(i, valueEnd)]);
    i = skipSpace(text, valueEnd);
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return members;
}

const skipSpace = (text: string, i: number) => {
  while (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r') i++;
  return i;
};

/** Where the JSON value starting at `i` ends. */
function endOfValue(text: string, i: number): number {
  let depth = 0;
  let inString = false;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (inString) {
      if (c === '\\') j++;
      else if (c === '"') {
        inString = false;
        if (depth === 0) return j + 1;
      }
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) return j;
      if (--depth === 0) return j + 1;
    } else if (depth === 0 && (c === ',' || c === ' ' || c === '\t' || c === '\n' || c === '\r')) return j;
  }
  return text.length;
}
