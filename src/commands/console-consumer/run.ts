import { compileUserPattern } from '../../core/user-pattern.js';
import { usage } from '../../core/errors.js';
import type { ConsumedRecord, KafkaClient, PartitionOffsets } from '../../core/client.js';
import { writeOut, type IO } from '../../render/io.js';
import type { ConsoleConsumerOptions } from './options.js';
import { defaultFormatter, jsonFormatter, templateFormatter, type RecordFormatter } from './record-formatter.js';

function formatterFor(o: ConsoleConsumerOptions): RecordFormatter {
  switch (o.output.kind) {
    case 'default':
      return defaultFormatter(o.output.properties);
    case 'template':
      return templateFormatter(o.output.template);
    case 'json':
      return jsonFormatter(o.output.base64);
    case 'none':
      return () => undefined;
  }
}

/** Per partition, the offset after the last of these records. */
function nextOffsets(records: ConsumedRecord[]): PartitionOffsets[] {
  const next = new Map<string, PartitionOffsets>();
  for (const r of records) next.set(`${r.topic}\u0000${r.partition}`, { topic: r.topic, partition: r.partition, offset: r.offset + 1 });
  return [...next.values()];
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

export async function runConsoleConsumer(o: ConsoleConsumerOptions, client: KafkaClient, io: IO): Promise<number> {
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
  const format = formatterFor(o);
  const source = await client.consumer(o.consumer, stop.signal);
  armIdle();
  let processed = 0;

  try {
    outer: for await (const batch of source) {
      armIdle();
      const out: Buffer[] = [];
      const printed: ConsumedRecord[] = [];
      for (const record of batch) {
        if (o.maxMessages !== undefined && processed >= o.maxMessages) break;
        if (grep && !(record.value && grep(record.value.toString('utf8')))) {
          printed.push(record);
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
        }
        printed.push(record);
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
      source.printed(nextOffsets(printed));
      if (o.maxMessages !== undefined && processed >= o.maxMessages) break outer;
      if (stop.signal.aborted) break;
    }
    // A group's position is committed as the consumer goes (by the source); this is the last one.
    await source.commit();
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
