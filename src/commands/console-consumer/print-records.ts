import { compileUserPattern } from '../../core/user-pattern.js';
import { usage } from '../../core/errors.js';
import type { ConsumedRecord } from '../../core/client.js';
import { writeOut, type IO } from '../../render/io.js';
import { defaultFormatter, jsonFormatter, templateFormatter, type FormatterProperties, type RecordFormatter } from './record-formatter.js';

/** How records are printed and when printing stops: what a console consumer and a console share consumer share. */
export interface RecordPrinting {
  maxMessages?: number;
  /** Stop when no record arrived for this long. */
  timeoutMs?: number;
  /** `none`: Kafka's NoOpMessageFormatter (read and count, print nothing). */
  output: { kind: 'default'; properties: FormatterProperties } | { kind: 'template'; template: string } | { kind: 'json'; base64: boolean } | { kind: 'none' };
  /** Only records whose value matches this pattern (RE2). */
  grep?: string;
  /** A record the formatter fails on is skipped (with a line on stderr) instead of ending the run. */
  skipMessageOnError: boolean;
}

/** Where the records come from, and what it is told of them. */
export interface PrintedSource<R extends ConsumedRecord> extends AsyncIterable<R[]> {
  /** These records were dealt with, in order (printed, or left out by --grep); `skipped` are those the formatter failed on. */
  handled(records: R[], skipped: R[]): void;
  /** After the last batch, when the run ends normally. */
  finish(): Promise<void>;
  close(): Promise<void>;
}

function formatterFor(output: RecordPrinting['output']): RecordFormatter {
  switch (output.kind) {
    case 'default':
      return defaultFormatter(output.properties);
    case 'template':
      return templateFormatter(output.template);
    case 'json':
      return jsonFormatter(output.base64);
    case 'none':
      return () => undefined;
  }
}

/** Linear-time matching (see compileUserPattern). */
function compileGrep(pattern: string): (text: string) => boolean {
  try {
    const compiled = compileUserPattern(pattern);
    return (text) => compiled.test(text);
  } catch (err) {
    throw usage(`invalid --grep regex '${pattern}': ${(err as Error).message}`, 'RE2 syntax: no backreferences or lookaround');
  }
}

/**
 * Prints records until --max-messages, --timeout-ms, Ctrl-C or a closed stdout (a success), then
 * says on stderr how many were processed, as Kafka's console consumers do. `open` gets the signal
 * that stops the source.
 */
export async function printRecords<R extends ConsumedRecord>(o: RecordPrinting, open: (stop: AbortSignal) => Promise<PrintedSource<R>>, io: IO): Promise<number> {
  const grep = o.grep === undefined ? undefined : compileGrep(o.grep);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  io.signal.addEventListener('abort', onAbort, { once: true });
  let stdoutClosed = false;
  const onStdoutError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') { stdoutClosed = true; stop.abort(); }
  };
  io.stdout.on('error', onStdoutError);
  const readerGone = io.stdoutReaderGone();
  const onReaderGone = () => { stdoutClosed = true; stop.abort(); };
  readerGone.addEventListener('abort', onReaderGone, { once: true });

  let idleTimer: NodeJS.Timeout | null = null;
  const armIdle = () => {
    if (o.timeoutMs === undefined) return;
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => stop.abort(), o.timeoutMs);
  };
  const format = formatterFor(o.output);
  const source = await open(stop.signal);
  armIdle();
  let processed = 0;

  try {
    outer: for await (const batch of source) {
      armIdle();
      const out: Buffer[] = [];
      const handled: R[] = [];
      const skipped: R[] = [];
      for (const record of batch) {
        if (o.maxMessages !== undefined && processed >= o.maxMessages) break;
        if (grep && !(record.value && grep(record.value.toString('utf8')))) {
          handled.push(record);
          continue;
        }
        // Counted before formatting, as Kafka counts a record its formatter then fails on.
        processed++;
        try {
          format(record, out);
        } catch (err) {
          if (!o.skipMessageOnError) {
            if (out.length) await writeOut(io.stdout, Buffer.concat(out));
            throw err;
          }
          await writeOut(io.stderr, `Error processing message, skipping this message: ${(err as Error).message}\n`);
          skipped.push(record);
        }
        handled.push(record);
      }
      if (out.length) {
        try {
          await writeOut(io.stdout, Buffer.concat(out));
        } catch (err) {
          onStdoutError(err as NodeJS.ErrnoException);
          if (!stdoutClosed) throw err;
        }
      }
      if (stdoutClosed) break;
      source.handled(handled, skipped);
      if (o.maxMessages !== undefined && processed >= o.maxMessages) break outer;
      if (stop.signal.aborted) break;
    }
    await source.finish();
  } finally {
    if (idleTimer) clearTimeout(idleTimer);
    io.signal.removeEventListener('abort', onAbort);
    await source.close();
    if (!stdoutClosed) await writeOut(io.stderr, `Processed a total of ${processed} messages\n`);
    io.stdout.off('error', onStdoutError);
    readerGone.removeEventListener('abort', onReaderGone);
  }
  return io.signal.aborted && !stdoutClosed ? 130 : 0;
}
