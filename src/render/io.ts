import { createReadStream, fstatSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { pipeReaderGone } from './pipe-reader.js';

/**
 * Everything a command may touch of the outside world. Commands never read `process`;
 * `bin/kafka` builds a system IO once, tests build one in memory.
 */
export interface IO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** ANSI colour on stdout/stderr: only on a TTY, never with NO_COLOR or --no-color. */
  color: boolean;
  /** Terminal width in columns (80 when unknown). */
  width: number;
  /** Prompts need a human on both ends. */
  canPrompt: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGINT/SIGTERM: long-running commands stop, flush and report. */
  signal: AbortSignal;
  /**
   * Aborted when stdout is a pipe whose reader has gone, noticed without writing: for commands
   * that may wait long between writes (a consumer on a quiet topic). Watching starts on the first call.
   */
  stdoutReaderGone(): AbortSignal;
}

export interface ColorChoice {
  env: Readonly<Record<string, string | undefined>>;
  isTTY: boolean;
  noColorFlag?: boolean;
}

/** One place decides colour: --no-color and NO_COLOR win, FORCE_COLOR forces, else TTY. */
export function decideColor({ env, isTTY, noColorFlag }: ColorChoice): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return isTTY;
}

function stdinIsRegularFile(): boolean {
  try {
    return fstatSync(0).isFile();
  } catch {
    return false;
  }
}

export function systemIO(signal: AbortSignal, noColorFlag = false): IO {
  const stdoutIsTTY = Boolean(process.stdout.isTTY);
  const stderrIsTTY = Boolean(process.stderr.isTTY);
  const stdinIsTTY = Boolean(process.stdin.isTTY);
  let readerGone: AbortSignal | undefined;
  return {
    // A file on stdin (`< big-file`) is read 1 MiB at a time (Node's default is 64 KiB). Pipes and
    // terminals stay process.stdin: a blocking read of a pipe could not be interrupted by Ctrl-C.
    stdin: stdinIsRegularFile() ? createReadStream('', { fd: 0, highWaterMark: 1 << 20, autoClose: false }) : process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY,
    stdoutIsTTY,
    stderrIsTTY,
    color: decideColor({ env: process.env, isTTY: stdoutIsTTY, noColorFlag }),
    width: process.stdout.columns || 80,
    canPrompt: stdinIsTTY && stdoutIsTTY,
    env: process.env,
    signal,
    stdoutReaderGone: () => (readerGone ??= pipeReaderGone(1)),
  };
}

/** Writes respecting back-pressure: resolves when the stream can take more. */
export function writeOut(stream: Writable, text: string | Uint8Array): Promise<void> | void {
  if (stream.write(text)) return;
  return new Promise((resolve, reject) => {
    const onDrain = () => { cleanup(); resolve(); };
    const onError = (err: Error) => { cleanup(); reject(err); };
    const onClose = () => { cleanup(); resolve(); };
    const cleanup = () => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    stream.on('drain', onDrain);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}
