import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BIN } from './run-kafka.js';

const DRIVER = fileURLToPath(new URL('./pty-driver.py', import.meta.url));

/** Keys as a terminal sends them. */
export const KEY = { enter: '\r', down: '\u001b[B' } as const;

/**
 * Runs the `kafka` binary on a real pseudo-terminal (python3's pty module), typing each
 * answer once its question has appeared. Output is what the terminal showed (stdout and stderr).
 */
export function runOnTerminal(args: string[], steps: Array<[waitFor: string, keys: string]>, env: Record<string, string | undefined>): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [DRIVER, JSON.stringify(steps), BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, screen: Buffer.concat(out).toString('utf8') }));
  });
}
