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
  /** Run the binary with this Node executable (another release line) instead of the one on PATH. */
  node?: string;
  /** Another cluster than the suite's. */
  bootstrap?: string;
}

/** Spawns the built `kafka` binary with real stdin/stdout against the test cluster. */
export function runKafka(args: string[], options: RunOptions = {}): Promise<RunResult> {
  // process.env holds no KAFKA_* settings (test/support/hermetic-env.ts): only what the test gives.
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  if (!options.noBootstrap) env.KAFKA_BOOTSTRAP_SERVERS = options.bootstrap ?? inject('bootstrap');
  Object.assign(env, options.env);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const binary = options.binary ?? BIN;
    const child = options.node
      ? spawn(options.node, [binary, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn(binary, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
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

export interface PipedResult {
  /** kafka's exit status. */
  status: string;
  out: string;
  err: string;
  timedOut: boolean;
}

/**
 * `kafka ARGS | READER` through a real pipe (a FIFO, as a shell makes it), with the exit status of
 * kafka; gives up (timedOut) after 30 s, far beyond the few seconds a connect and a fetch take.
 */
export function piped(args: string, reader: string, options: Pick<RunOptions, 'node' | 'bootstrap' | 'env'> = {}): Promise<PipedResult> {
  const kafka = options.node ? `"${options.node}" "${BIN}"` : `"${BIN}"`;
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', `${kafka} ${args} | ${reader}; echo "status=\${PIPESTATUS[0]}" >&2`], {
      env: { ...process.env, KAFKA_BOOTSTRAP_SERVERS: options.bootstrap ?? inject('bootstrap'), ...options.env },
      detached: true,
    });
    let out = '';
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; process.kill(-child.pid!, 'SIGKILL'); }, 30_000);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', () => {
      clearTimeout(timer);
      const status = /status=(\d+)\n/.exec(err)?.[1] ?? '?';
      resolve({ status, out, err: err.replace(/status=\d+\n/, ''), timedOut });
    });
  });
}

let counter = 0;
/** Unique topic/group names so that test files can run in parallel. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
}
