import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { consoleProducerOptions } from '../../src/cli/console-producer.js';
import { retryBackoff } from '../../src/core/kafkajs/producer.js';
import { lines, type LineChunk } from '../../src/commands/console-producer/run.js';
import { parseJsonLine, parseLine, readerProperties } from '../../src/commands/console-producer/line-parser.js';

const s = (b: Buffer | null) => (b === null ? null : b.toString());
const b = (text: string) => Buffer.from(text, 'utf8');
const hex = (x: Buffer | null) => x?.toString('hex') ?? null;

describe('LineMessageReader rules', () => {
  it('splits key at the first separator', () => {
    const p = readerProperties({ 'parse.key': 'true', 'key.separator': ':' });
    const r = parseLine(b('k:v:w'), 1, p);
    expect([s(r.key), s(r.value)]).toEqual(['k', 'v:w']);
  });
  it('parses headers, key and value; null.marker nulls each part', () => {
    const p = readerProperties({ 'parse.key': 'true', 'parse.headers': 'true', 'null.marker': 'NULL' });
    const r = parseLine(b('h1:v1,h2:NULL\tNULL\tNULL'), 1, p);
    expect(r.headers.map(([k, v]) => [k, s(v)])).toEqual([['h1', 'v1'], ['h2', null]]);
    expect(r.key).toBeNull();
    expect(r.value).toBeNull();
    expect(parseLine(b('NULL\tk\tv'), 2, p).headers).toEqual([]);
  });
  it('reports a missing separator with the line number, as Kafka words it', () => {
    const p = readerProperties({ 'parse.key': 'true' });
    expect(() => parseLine(b('abc'), 3, p)).toThrow("No key separator found on line number 3: 'abc'");
    expect(() => parseLine(b('abc'), 3, readerProperties({ 'parse.headers': 'true' }))).toThrow("No headers delimiter found on line number 3: 'abc'");
  });
  it('with ignore.error a line without separator becomes a value with a null key', () => {
    const r = parseLine(b('abc'), 1, readerProperties({ 'parse.key': 'true', 'ignore.error': 'true' }));
    expect([r.key, s(r.value)]).toEqual([null, 'abc']);
  });
  it('rejects equal separators at configure time', () => {
    expect(() => readerProperties({ 'parse.headers': 'true', 'headers.separator': ':' })).toThrow('headers.separator and headers.key.separator may not be equal');
    expect(() => readerProperties({ 'null.marker': '\t' })).toThrow('null.marker and key.separator may not be equal');
  });
  it('treats headers.separator as a regex, as Kafka does', () => {
    const r = parseLine(b('a:1|b:2\tv'), 1, readerProperties({ 'parse.headers': 'true', 'headers.separator': '[|]' }));
    expect(r.headers.map(([k]) => k)).toEqual(['a', 'b']);
  });
  it('reads JSON lines', () => {
    const r = parseJsonLine(b('{"key":"k","value":{"a":1},"headers":{"h":"x"},"partition":2}'), 1);
    expect([s(r.key), s(r.value), r.partition, s(r.headers[0]![1])]).toEqual(['k', '{"a":1}', 2, 'x']);
    expect(() => parseJsonLine(b('nope'), 4)).toThrow('line 4 is not valid JSON');
  });
  it('keeps the bytes it was given: invalid UTF-8 in a parsed key, value or header value lands as is', () => {
    const p = readerProperties({ 'parse.key': 'true', 'key.separator': ':', 'parse.headers': 'true' });
    const r = parseLine(Buffer.from([0x68, 0x3a, 0xfe, 0x09, 0x6b, 0xff, 0x3a, 0x76, 0xc3]), 1, p);
    expect([r.headers[0]![0], hex(r.headers[0]![1]), hex(r.key), hex(r.value)]).toEqual(['h', 'fe', '6bff', '76c3']);
    // A multi-byte separator is matched as bytes too.
    const euro = parseLine(b('k€v'), 1, readerProperties({ 'parse.key': 'true', 'key.separator': '€' }));
    expect([s(euro.key), s(euro.value)]).toEqual(['k', 'v']);
  });
  it('JSON numbers and nested values are kept exactly as written, never rounded', () => {
    const r = parseJsonLine(b('{"key":12345678901234567890,"value":0.1e400}'), 1);
    expect([s(r.key), s(r.value)]).toEqual(['12345678901234567890', '0.1e400']);
    expect(s(parseJsonLine(b('{"value":9007199254740993}'), 1).value)).toBe('9007199254740993');
    expect(s(parseJsonLine(b('{"value": {"n": 1.10, "big": [18446744073709551617]} }'), 1).value)).toBe('{"n": 1.10, "big": [18446744073709551617]}');
    expect(s(parseJsonLine(b('{"value":"a\\"b\\u00e9"}'), 1).value)).toBe('a"bé');
  });
  it('JSON: a misspelt or repeated field, a lone surrogate or bytes that are not UTF-8 are refused, not guessed', () => {
    expect(() => parseJsonLine(b('{"valeu":"x"}'), 2)).toThrow('line 2: unknown field "valeu" (the fields are key, value, headers, partition)');
    expect(() => parseJsonLine(b('{"value":"x","value":"y"}'), 2)).toThrow('line 2: field "value" appears twice');
    expect(() => parseJsonLine(b('{"value":"\\ud800"}'), 2)).toThrow('lone UTF-16 surrogate');
    expect(() => parseJsonLine(Buffer.from([0x7b, 0x22, 0x76, 0x61, 0x6c, 0x75, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), 2)).toThrow('line 2 is not valid UTF-8');
    expect(() => parseJsonLine(b('{"partition":1e2}'), 2)).toThrow('"partition" must be a non-negative integer, not 1e2');
  });
  it('JSON headers keep their order and repeated keys', () => {
    const r = parseJsonLine(b('{"value":"v","headers":{"b":"1","a":2,"b":null}}'), 1);
    expect(r.headers.map(([k, v]) => [k, s(v)])).toEqual([['b', '1'], ['a', '2'], ['b', null]]);
  });
});

const texts = (chunk: LineChunk) => Array.from({ length: chunk.count }, (_, i) => chunk.buffer.subarray(chunk.starts[i], chunk.ends[i]).toString());

describe('line splitting', () => {
  it('handles \\r\\n, no trailing empty record, last line without newline, split chunks', async () => {
    const input = Readable.from([Buffer.from('a\r\nb'), Buffer.from('\nc\r'), Buffer.from('\n\nd')]);
    const got: string[] = [];
    for await (const chunk of lines(input, new AbortController().signal)) got.push(...texts(chunk));
    expect(got).toEqual(['a', 'b', 'c', '', 'd']);
  });
  it('a line spanning several chunks is joined; the other lines stay offsets into their chunk', async () => {
    const got: string[] = [];
    const chunks: LineChunk[] = [];
    for await (const chunk of lines(Readable.from([Buffer.from('ab'), Buffer.from('cd'), Buffer.from('e\r\nf\ng'), Buffer.from('\n')]), new AbortController().signal)) {
      chunks.push(chunk);
      got.push(...texts(chunk));
    }
    expect(got).toEqual(['abcde', 'f', 'g']);
    expect(chunks.map((c) => c.count)).toEqual([1, 1, 1]);
  });
  it('a trailing newline makes no empty record', async () => {
    const got: string[] = [];
    for await (const chunk of lines(Readable.from([Buffer.from('x\ny\n')]), new AbortController().signal)) got.push(...texts(chunk));
    expect(got).toEqual(['x', 'y']);
  });
});

describe('producer options', () => {
  it('follows Kafka: acks all by default, a given option beats --producer-property, a property beats a default', () => {
    const o = consoleProducerOptions({ topic: 't', 'producer-property': ['linger.ms=5', 'acks=1', 'batch.size=100'], 'batch-size': '200' });
    expect(o.producer.lingerMs).toBe(5);
    expect(o.producer.acks).toBe(1);
    expect(o.producer.batchBytes).toBe(200);
    expect(consoleProducerOptions({ topic: 't' }).producer.acks).toBe(-1);
  });
  it('takes every flag of Kafka’s tool: retry back-off honoured, --max-partition-memory-bytes as --batch-size (deprecated), buffer and socket flags with a line saying they change nothing', () => {
    const backoff = consoleProducerOptions({ topic: 't', 'retry-backoff-ms': '250', 'producer-property': 'retry.backoff.max.ms=4000' }).producer;
    expect([backoff.retryBackoffMs, backoff.retryBackoffMaxMs]).toEqual([250, 4000]);
    const byDefault = consoleProducerOptions({ topic: 't' });
    expect([byDefault.producer.retryBackoffMs, byDefault.producer.retryBackoffMaxMs, byDefault.notices]).toEqual([100, 1000, []]);
    const old = consoleProducerOptions({ topic: 't', 'max-partition-memory-bytes': '4096', 'socket-buffer-size': '65536', 'max-block-ms': '5000' });
    expect(old.producer.batchBytes).toBe(4096);
    expect(old.notices).toEqual([
      'warning: --max-block-ms (max.block.ms) has no effect on this producer',
      'warning: --socket-buffer-size (send.buffer.bytes) has no effect on this producer',
      'Warning: --max-partition-memory-bytes is deprecated and will be removed in Apache Kafka 5.0. Use --batch-size instead.',
    ]);
    expect(() => consoleProducerOptions({ topic: 't', 'max-memory-bytes': 'lots' })).toThrow("--max-memory-bytes must be a whole number, got 'lots'");
    expect(consoleProducerOptions({ topic: 't', 'line-reader': 'org.apache.kafka.tools.LineMessageReader' }).notices).toEqual([]);
    expect(() => consoleProducerOptions({ topic: 't', 'line-reader': 'com.example.CsvReader' })).toThrow('--line-reader com.example.CsvReader is not available');
  });
  it('backs a batch off as Java’s producer: retry.backoff.ms doubled per retry, up to retry.backoff.max.ms', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryBackoff(n, { retryBackoffMs: 100, retryBackoffMaxMs: 1000 }))).toEqual([100, 200, 400, 800, 1000]);
    expect([1, 2, 3].map((n) => retryBackoff(n, { retryBackoffMs: 250, retryBackoffMaxMs: 4000 }))).toEqual([250, 500, 1000]);
    // A maximum below the first wait keeps the first, as Java does.
    expect([1, 2].map((n) => retryBackoff(n, { retryBackoffMs: 1500, retryBackoffMaxMs: 1000 }))).toEqual([1500, 1500]);
  });
  it('--compression-codec without a value means gzip', () => {
    expect(consoleProducerOptions({ topic: 't', 'compression-codec': '' }).producer.compression).toBe('gzip');
    expect(() => consoleProducerOptions({ topic: 't', 'compression-codec': 'brotli' })).toThrow("unknown compression codec 'brotli'");
  });
  it('short aliases set reader properties', () => {
    const o = consoleProducerOptions({ topic: 't', 'parse-key': true, 'key-separator': ':' });
    expect([o.reader.parseKey, o.reader.keySeparator]).toEqual([true, ':']);
  });
  it('requires --topic', () => {
    expect(() => consoleProducerOptions({})).toThrow('--topic is required');
  });

  it('--transactional-id (or transactional.id): transactions of --transaction-size lines, idempotent, timeout from transaction.timeout.ms', () => {
    const o = consoleProducerOptions({ topic: 't', 'transactional-id': 'load-1', 'transaction-size': '500', 'request-required-acks': 'all' });
    expect(o.transaction).toEqual({ settings: { transactionalId: 'load-1', timeoutMs: 60_000 }, size: 500 });
    expect(o.producer.idempotent).toBe(true);
    const fromProperties = consoleProducerOptions({ topic: 't', 'producer-property': ['transactional.id=p', 'transaction.timeout.ms=9000'], 'ignore-error': true });
    expect(fromProperties.transaction).toEqual({ settings: { transactionalId: 'p', timeoutMs: 9000 }, size: null });
    // ignore.error makes a plain producer send one request at a time; a transaction stays idempotent (a failure aborts it).
    expect(fromProperties.producer).toMatchObject({ idempotent: true, maxInFlight: 5 });
    expect(consoleProducerOptions({ topic: 't' }).transaction).toBeUndefined();
  });

  it('refuses what a transactional producer cannot be, as Kafka does', () => {
    expect(() => consoleProducerOptions({ topic: 't', 'transaction-size': '10' })).toThrow('--transaction-size needs --transactional-id');
    expect(() => consoleProducerOptions({ topic: 't', 'transactional-id': 'x', 'transaction-size': '0' })).toThrow('--transaction-size must be between 1 and');
    expect(() => consoleProducerOptions({ topic: 't', 'transactional-id': 'x', 'request-required-acks': '1' })).toThrow('a transactional producer needs acks=all');
    expect(() => consoleProducerOptions({ topic: 't', 'transactional-id': 'x', 'producer-property': ['enable.idempotence=false'] })).toThrow('a transactional producer needs enable.idempotence=true');
    expect(() => consoleProducerOptions({ topic: 't', 'transactional-id': '' })).toThrow('--transactional-id cannot be empty');
  });
});
