import { PassThrough, Readable } from 'node:stream';
import type { IO } from '../../src/render/io.js';

export interface TestIO extends IO {
  out(): string;
  err(): string;
}

/** In-memory IO with TTY switches, for calling a command's run() directly. */
export function testIO(overrides: Partial<IO> & { input?: string } = {}): TestIO {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const outChunks: Buffer[] = [];
  const errChunks: Buffer[] = [];
  stdout.on('data', (d) => outChunks.push(d));
  stderr.on('data', (d) => errChunks.push(d));
  return {
    stdin: Readable.from(overrides.input ? [Buffer.from(overrides.input)] : []),
    stdout,
    stderr,
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    color: false,
    width: 120,
    canPrompt: false,
    env: {},
    signal: new AbortController().signal,
    stdoutReaderGone: () => new AbortController().signal,
    ...overrides,
    out: () => Buffer.concat(outChunks).toString('utf8'),
    err: () => Buffer.concat(errChunks).toString('utf8'),
  };
}
