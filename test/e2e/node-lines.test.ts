import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { MACHINE_NODE_LINE, nodeOfLine, SUPPORTED_NODE_LINES } from '../support/node-lines.js';
import { smokeTests } from '../support/smoke-set.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the unit tests under `node` (against this run's cluster, so none is started for them). */
function unitTests(node: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/vitest.config.ts', 'test/unit'], {
      cwd: ROOT,
      env: { ...process.env, KAFKA_CLI_TEST_BOOTSTRAP: inject('bootstrap'), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

// The machine's own line runs the whole suite; every other supported line runs the unit tests and the smoke set.
describe.each(SUPPORTED_NODE_LINES.filter((line) => line !== MACHINE_NODE_LINE))('Node %i', (line) => {
  let node = '';
  beforeAll(async () => {
    node = await nodeOfLine(line);
  }, 600_000);

  it('is the release line it claims', async () => {
    const version = await new Promise<string>((resolve) => {
      const child = spawn(node, ['--version']);
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('close', () => resolve(out));
    });
    expect(version).toMatch(new RegExp(`^v${line}\\.`));
  });

  it('passes the unit tests', async () => {
    const { code, output } = await unitTests(node);
    expect(code, output).toBe(0);
    expect(output).toMatch(/Tests +\d+ passed/);
    expect(output).not.toMatch(/skipped|failed/);
  }, 180_000);

  smokeTests(() => ({ node }));
});
