// Shared by the benchmarks: a private local Kafka, timing, peak RSS.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kafkaToolArgs, startLocalCluster, stopLocalCluster } from '../dist/cluster/local/local-cluster.js';
import { probeCluster } from '../dist/commands/cluster/run.js';
import { DEFAULT_KAFKA_VERSION } from '../dist/cluster/local/paths.js';

export const KAFKA_BIN = fileURLToPath(new URL('../bin/kafka', import.meta.url));
export const VERSION = process.env.KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION;

export async function withCluster(use, brokers = 1) {
  const stateDir = mkdtempSync(join(tmpdir(), 'kafka-cli-bench-'));
  const state = await startLocalCluster(
    { version: VERSION, brokers, stateDir, port: 0, heapMb: brokers > 1 ? 1024 : 2048 },
    process.env,
    (bootstrap) => probeCluster(bootstrap, process.env),
    (line) => console.error(line),
  );
  try {
    return await use(state.bootstrapServers);
  } finally {
    await stopLocalCluster(stateDir, true);
  }
}

/** Runs a command through /usr/bin/time to get wall time and peak RSS; stdin piped from a file (`cat file |`). */
export function measure(cmd, args, { stdinFile, env } = {}) {
  return new Promise((resolve, reject) => {
    const timed = `/usr/bin/time -f '%e %M' "$@" > /dev/null`;
    const shell = stdinFile ? `cat '${stdinFile}' | ${timed}` : `exec ${timed}`;
    const started = process.hrtime.bigint();
    const child = spawn('bash', ['-c', shell, 'bench', cmd, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      const last = err.trim().split('\n').pop() ?? '';
      const [, rssKb] = last.split(' ').map(Number);
      resolve({ code, seconds: wall, rssMb: rssKb / 1024, stderr: err });
    });
  });
}

export async function javaTool(mainClass) {
  return ['java', await kafkaToolArgs(VERSION, mainClass, process.env, 1024)];
}

export function table(rows) {
  const widths = Object.keys(rows[0]).map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (vals) => vals.map((v, i) => String(v).padEnd(widths[i])).join('  ');
  console.log(line(Object.keys(rows[0])));
  for (const r of rows) console.log(line(Object.values(r)));
}

/**
 * Other Kafka CLIs, measured when found on PATH (bench/README.md says how to build them): how each
 * produces stdin's lines, reads `count` records from the start, and lists topics.
 */
export const PEERS = [
  {
    name: 'kcl (franz-go)',
    bin: 'kcl',
    produce: (b, t) => ['--no-config', '-X', `seed_brokers=${b}`, 'produce', t, '-f', '%v\\n'],
    consume: (b, t, count) => ['--no-config', '-X', `seed_brokers=${b}`, 'consume', t, '-o', 'start', '-n', String(count)],
    list: (b) => ['--no-config', '-X', `seed_brokers=${b}`, 'topic', 'list'],
  },
  {
    name: 'kaf',
    bin: 'kaf',
    produce: (b, t) => ['-b', b, 'produce', t, '--input-mode', 'line'],
    consume: (b, t, count) => ['-b', b, 'consume', t, '--offset', 'oldest', '--limit-messages', String(count), '--output', 'raw'],
    list: (b) => ['-b', b, 'topics'],
  },
  {
    name: 'kafkactl',
    bin: 'kafkactl',
    env: (b) => ({ CONTEXTS_DEFAULT_BROKERS: b }),
    produce: (_b, t) => ['produce', t],
    consume: (_b, t, count) => ['consume', t, '--from-beginning', '--max-messages', String(count)],
    list: () => ['get', 'topics'],
  },
].filter((peer) => spawnSync('sh', ['-c', `command -v ${peer.bin}`]).status === 0);

/** Adds `ours ÷ this`: our figure over each tool's in the same test (rec/s, or time for a start-up). */
export function compareWithOurs(rows) {
  const rate = (row) => (row['records/s'] === '-' ? 1 / Number(row.seconds) : parseInt(row['records/s'].replace(/,/g, ''), 10));
  for (const row of rows) {
    const ours = rows.find((r) => r.test === row.test && r.tool.endsWith('(ours)'));
    row['ours ÷ this'] = ours ? `${(rate(ours) / rate(row)).toFixed(2)}×` : '-';
  }
}
