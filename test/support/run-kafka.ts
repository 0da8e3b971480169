import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

export const BIN = fileURLToPath(new URL('../../bin/kafka', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
  ms: number;
}

export interface RunOptions {
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
  /** Leave the bootstrap server out (to test resolution and errors). */
  noBootstrap?: boolean;
  timeoutMs?: number;
  /** Run under another program name, e.g. a kafka-topics symlink. */
  binary?: string;
}

/** Spawns the built `kafka` binary with real stdin/stdout against the test cluster. */
export function runKafka(args: string[], options: RunOptions = {}): Promise<RunResult> {
  // process.env holds no KAFKA_* settings (test/support/hermetic-env.ts): only what the test gives.
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  if (!options.noBootstrap) env.KAFKA_BOOTSTRAP_SERVERS = inject('bootstrap');
  Object.assign(env, options.env);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(options.binary ?? BIN, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const stdoutBytes = Buffer.concat(out);
      resolve({ code, stdout: stdoutBytes.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), stdoutBytes, ms: Date.now() - started });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

let counter = 0;
/** Unique topic/group names so that test files can run in parallel. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
}
