import { spawnSync } from 'node:child_process';
import { inject } from 'vitest';

export interface KcatRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  payload: string | null;
  headers?: string[];
  ts: number;
}

/**
 * Reads a whole topic with kcat, an independent client, as JSON envelopes: read_committed (as
 * librdkafka by default), or every record in the log, aborted transactions' too.
 */
export function kcatRead(topic: string, isolation: 'read_committed' | 'read_uncommitted' = 'read_committed'): KcatRecord[] {
  const r = spawnSync('kcat', ['-b', inject('bootstrap'), '-C', '-t', topic, '-e', '-q', '-J', '-X', `isolation.level=${isolation}`], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`kcat failed: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as KcatRecord);
}

/** Writes lines with kcat (key and value split at the first ':' when keyed). */
export function kcatWrite(topic: string, lines: string[], options: { keyed?: boolean; partition?: number } = {}): void {
  const args = ['-b', inject('bootstrap'), '-P', '-t', topic];
  if (options.keyed) args.push('-K:');
  if (options.partition !== undefined) args.push('-p', String(options.partition));
  const r = spawnSync('kcat', args, { input: lines.join('\n') + '\n', encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`kcat failed: ${r.stderr}`);
}
