import { createReadStream, readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { DeliveryReport, KafkaClient, ProduceRecord, RecordSink, TransactionalSink } from '../../core/client.js';
import { CliError, usage } from '../../core/errors.js';
import { writeOut, type IO } from '../../render/io.js';
import { LineParseError, parseJsonLine, parseLine } from './line-parser.js';
import type { ConsoleProducerOptions } from './options.js';

/** The lines of one chunk of input: line i is buffer[starts[i], ends[i]), without its `\n` or `\r\n`. */
export interface LineChunk {
  buffer: Buffer;
  starts: Uint32Array;
  ends: Uint32Array;
  count: number;
}

/** Where a line ending before `end` stops once a trailing `\r` is dropped. */
function withoutCarriageReturn(buffer: Buffer, start: number, end: number): number {
  return end > start && buffer[end - 1] === 13 ? end - 1 : end;
}

const oneLine = (buffer: Buffer): LineChunk => ({ buffer, starts: Uint32Array.of(0), ends: Uint32Array.of(withoutCarriageReturn(buffer, 0, buffer.length)), count: 1 });

/**
 * Splits a byte stream into lines (`\n` or `\r\n`), pulling one chunk at a time so that
 * reading waits for the broker (back-pressure). Lines are offsets into the chunk, not a Buffer
 * each. An abort ends reading by destroying the input: racing each read against a long-lived
 * promise would keep every chunk reachable.
 */
export async function* lines(input: Readable, signal: AbortSignal): AsyncGenerator<LineChunk> {
  let carry: Buffer | null = null;
  let starts: Uint32Array = new Uint32Array(1024);
  let ends: Uint32Array = new Uint32Array(1024);
  const stop = () => input.destroy();
  signal.addEventListener('abort', stop, { once: true });
  try {
    for await (const next of input) {
      const chunk: Buffer = typeof next === 'string' ? Buffer.from(next) : next;
      let start = 0;
      if (carry) {
        // Only the line that spans the two chunks is joined: the rest of the chunk is not copied.
        const nl = chunk.indexOf(10);
        if (nl === -1) { carry = Buffer.concat([carry, chunk]); continue; }
        const joined = Buffer.concat([carry, chunk.subarray(0, nl)]);
        carry = null;
        yield oneLine(joined);
        start = nl + 1;
      }
      // One pass over the chunk; the offsets go to fresh arrays, which the consumer of each chunk keeps.
      let count = 0;
      for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
        if (count === starts.length) {
          starts = grow(starts);
          ends = grow(ends);
        }
        starts[count] = start;
        ends[count++] = withoutCarriageReturn(chunk, start, nl);
        start = nl + 1;
      }
      if (start < chunk.length) carry = Buffer.from(chunk.subarray(start));
      if (count) {
        yield { buffer: chunk, starts: starts.slice(0, count), ends: ends.slice(0, count), count };
      }
    }
  } catch (err) {
    if (!signal.aborted) throw err;
  } finally {
    signal.removeEventListener('abort', stop);
  }
  // A last line without a newline is still a record; a trailing newline adds none.
  if (carry && carry.length && !signal.aborted) yield oneLine(carry);
}

function grow(array: Uint32Array): Uint32Array {
  const bigger = new Uint32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

function summary(report: DeliveryReport, read: number): string {
  const unknown = report.unknown ? `, ${report.unknown} with unknown outcome (the broker may have written them)` : '';
  return `${report.acknowledged} of ${read} record(s) acknowledged${unknown}`;
}

const gaveUp = (report: Readonly<DeliveryReport>) => report.failed + report.unknown > 0;

/** Where a transactional run stands: the lines committed so far, and in how many transactions. */
class Transactions {
  committedThrough = 0;
  count = 0;

  constructor(
    readonly sink: TransactionalSink,
    /** Lines per transaction; null: the whole input. */
    readonly size: number | null,
  ) {}

  /** The open transaction has its lines. */
  full(read: number): boolean {
    return this.size !== null && read - this.committedThrough >= this.size;
  }

  /** Lines left before the open transaction is full. */
  room(read: number): number {
    return this.size === null ? Infinity : this.size - (read - this.committedThrough);
  }

  /** Commits lines up to `read`: false when one of them failed (the transaction was aborted). */
  async commit(read: number): Promise<boolean> {
    let committed: boolean;
    try {
      committed = await this.sink.commit();
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      const outcome = err.kind === 'timeout' || err.kind === 'unreachable' ? 'may or may not be committed' : 'not committed';
      throw new CliError(err.kind, `${err.message}; ${this.summary(read, outcome)}`, err.hint, err);
    }
    if (!committed) return false;
    if (read > this.committedThrough) this.count++;
    this.committedThrough = read;
    return true;
  }

  /** Aborts the open transaction; when the coordinator cannot be told, it aborts it after transaction.timeout.ms. */
  async abort(read: number): Promise<string> {
    try {
      await this.sink.abort();
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      return this.summary(read, `not committed (the abort failed: ${err.message}; the coordinator aborts the transaction after transaction.timeout.ms)`);
    }
    return this.summary(read);
  }

  /** The lines committed, and what became of the open transaction's. */
  summary(read: number, open = 'aborted'): string {
    const committed = this.committedThrough ? `lines 1-${this.committedThrough} committed in ${this.count} transaction(s)` : 'no line committed';
    return read > this.committedThrough ? `${committed}, lines ${this.committedThrough + 1}-${read} ${open}` : committed;
  }
}

export async function runConsoleProducer(o: ConsoleProducerOptions, client: KafkaClient, io: IO): Promise<number> {
  for (const notice of o.notices) await writeOut(io.stderr, `${notice}\n`);
  let sink: RecordSink;
  let transactions: Transactions | null = null;
  if (o.transaction) {
    const transactional = await client.transactionalProducer(o.producer, o.transaction.settings);
    transactions = new Transactions(transactional, o.transaction.size);
    sink = transactional;
  } else sink = await client.producer(o.producer);
  const interactive = io.stdinIsTTY && io.stdoutIsTTY && !o.file && !o.valueFile;
  // ignore.error goes on past a record the broker refused; not inside a transaction, which that aborts.
  const stopsAtFailure = !o.reader.ignoreError || transactions !== null;
  let read = 0;
  let parseFailures = 0;
  let firstParseError: { line: number; message: string } | null = null;
  const started = Date.now();
  let progressTimer: NodeJS.Timeout | null = null;
  const showProgress = o.progress || (io.stderrIsTTY && !io.stdinIsTTY);
  if (showProgress) {
    progressTimer = setInterval(() => {
      const secs = (Date.now() - started) / 1000;
      const r = sink.report();
      const line = `${r.acknowledged.toLocaleString('en-US')} records acknowledged, ${Math.round(r.acknowledged / secs).toLocaleString('en-US')} records/s`;
      void writeOut(io.stderr, io.stderrIsTTY ? `\r\u001b[K${line}` : `${line}\n`);
    }, o.progress ? 1000 : 2000);
    progressTimer.unref();
  }

  try {
    if (o.valueFile) {
      read = 1;
      let value: Buffer;
      try {
        value = readFileSync(o.valueFile);
      } catch (err) {
        throw usage(`cannot read --value-file '${o.valueFile}': ${(err as NodeJS.ErrnoException).code}`);
      }
      // One record: no back-pressure to honour; flush() below waits for its acknowledgement.
      void sink.write({ topic: o.topic, partition: o.partition, key: null, value, headers: [] }, read);
    } else {
      let input: Readable = io.stdin;
      if (o.file) {
        input = createReadStream(o.file);
        await new Promise<void>((resolve, reject) => {
          input.once('readable', resolve);
          input.once('error', (err: NodeJS.ErrnoException) => reject(usage(`cannot read --file '${o.file}': ${err.code}`)));
        });
      }
      if (interactive) await writeOut(io.stdout, '>');
      const plain = !o.reader.parseKey && !o.reader.parseHeaders && o.reader.nullMarker === null && o.format === 'line';
      reading: for await (const chunk of lines(input, io.signal)) {
        if (plain) {
          // Values straight from the chunk, which the stream does not reuse: no copy, no object per line.
          for (let offset = 0; offset < chunk.count; ) {
            const end = Math.min(chunk.count, offset + (transactions?.room(read) ?? Infinity));
            const rest = offset === 0 && end === chunk.count ? chunk : { ...chunk, starts: chunk.starts.subarray(offset, end), ends: chunk.ends.subarray(offset, end), count: end - offset };
            const { taken, wait } = sink.writeValues({ topic: o.topic, partition: o.partition, ...rest }, read + 1);
            read += taken;
            offset += taken;
            if (wait) await wait;
            if (stopsAtFailure && gaveUp(sink.report())) break reading;
            if (transactions?.full(read) && !(await transactions.commit(read))) break reading;
          }
          if (interactive) await writeOut(io.stdout, '>');
          continue;
        }
        for (let i = 0; i < chunk.count; i++) {
          read++;
          const raw = chunk.buffer.subarray(chunk.starts[i], chunk.ends[i]);
          let record: ProduceRecord;
          try {
            const parsed = o.format === 'json' ? parseJsonLine(raw, read) : parseLine(raw, read, o.reader);
            const partition = 'partition' in parsed && typeof parsed.partition === 'number' ? parsed.partition : o.partition;
            record = { topic: o.topic, partition, key: parsed.key, value: parsed.value, headers: parsed.headers };
          } catch (err) {
            if (!(err instanceof LineParseError)) throw err;
            parseFailures++;
            firstParseError ??= { line: read, message: err.message };
            if (!o.reader.ignoreError) break reading;
            if (transactions?.full(read) && !(await transactions.commit(read))) break reading;
            continue;
          }
          const wait = sink.write(record, read);
          if (wait) await wait;
          if (stopsAtFailure && gaveUp(sink.report())) break reading;
          if (transactions?.full(read) && !(await transactions.commit(read))) break reading;
          if (interactive) await writeOut(io.stdout, '>');
        }
      }
    }
    // The open transaction is committed when reading reached the end of the input without a failure, else aborted.
    const readAll = !io.signal.aborted && !gaveUp(sink.report()) && (o.reader.ignoreError || parseFailures === 0);
    const transactionOutcome = !transactions ? null : readAll && (await transactions.commit(read)) ? transactions.summary(read) : await transactions.abort(read);
    const report = await sink.flush();
    if (progressTimer) {
      clearInterval(progressTimer);
      if (io.stderrIsTTY) await writeOut(io.stderr, '\r\u001b[K');
    }
    const outcome = transactionOutcome ?? summary(report, read);
    if (io.signal.aborted) {
      await writeOut(io.stderr, `Interrupted: ${outcome}.\n`);
      return gaveUp(report) ? 1 : 130;
    }
    const failures = report.failed + report.unknown + parseFailures;
    if (failures === 0) {
      if (o.progress) await writeOut(io.stderr, `${outcome}.\n`);
      return 0;
    }
    const delivery = report.firstFailure;
    const first =
      firstParseError && (!delivery || firstParseError.line < delivery.seq)
        ? { line: firstParseError.line, message: firstParseError.message, kind: 'invalid' as const }
        : { line: delivery!.seq, message: delivery!.message, kind: delivery!.kind };
    const what = o.reader.ignoreError && !(transactions && gaveUp(report)) ? `${failures} record(s) failed` : 'stopped reading at the first failure';
    throw new CliError(first.kind, `${what}; ${outcome}; first failure at line ${first.line}: ${first.message}`);
  } finally {
    if (progressTimer) clearInterval(progressTimer);
    await sink.close();
  }
}
