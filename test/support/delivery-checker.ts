import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { expect } from 'vitest';

/**
 * Numbered input for a data-path test, and a checker that reads what landed back with kcat (an
 * independent client) and compares it with what our tool claimed.
 *
 * Line n (1-based) is `n` zero-padded, or `k<n % KEYS>:<n>` when keyed (with --property
 * parse.key=true --property key.separator=:); within a key (one partition) numbers must land
 * increasing, and with no gap before the key's last landed record.
 */
const KEYS = 16;

/**
 * With FAULT_REPORT_FILE set, each checked run appends one JSON line (the test's name and its
 * figures): the table of a whole fault run is made from that file.
 */
export function recordScenario(figures: Record<string, number | null | undefined>): void {
  const file = process.env.FAULT_REPORT_FILE;
  if (!file) return;
  appendFileSync(file, JSON.stringify({ scenario: expect.getState().currentTestName ?? '?', ...figures }) + '\n');
}

export function numberedLines(count: number, keyed = false): string {
  const lines: string[] = new Array(count);
  for (let n = 1; n <= count; n++) lines[n - 1] = keyed ? `k${n % KEYS}:${n}` : String(n).padStart(9, '0');
  return lines.join('\n') + '\n';
}

export interface Tally {
  sent: number;
  /** What the tool said it got acknowledged, and what it said has an unknown outcome. */
  acknowledged: number;
  unknown: number;
  landed: number;
  missing: number;
  duplicated: number;
  /** Records that landed after a higher-numbered record of their partition. */
  outOfOrder: number;
  /** Keyed input: records of a key missing before that key's last landed record (a hole). */
  holes: number;
  perPartition: Record<number, number>;
}

/** A producer's claim, read from its closing line (`N of M record(s) acknowledged[, U with unknown outcome …]`), or all acknowledged on exit 0. */
export function claimOf(exitCode: number | null, stderr: string, sent: number): { acknowledged: number; unknown: number } {
  if (exitCode === 0) return { acknowledged: sent, unknown: 0 };
  const m = /(\d+) of \d+ record\(s\) acknowledged(?:, (\d+) with unknown outcome)?/.exec(stderr);
  return { acknowledged: m ? Number(m[1]) : 0, unknown: m?.[2] ? Number(m[2]) : 0 };
}

export function tallyTopic(bootstrap: string, topic: string, sent: number, claim: { acknowledged: number; unknown: number }, keyed = false): Tally {
  const read = spawnSync('kcat', ['-b', bootstrap, '-C', '-t', topic, '-e', '-q', '-f', '%p %s\n'], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: 180_000 });
  if (read.status !== 0) throw new Error(`kcat failed: ${read.stderr}`);
  const seen = new Uint8Array(sent + 1);
  const lastInPartition = new Map<number, number>();
  const byKey = new Map<number, number[]>();
  const perPartition: Record<number, number> = {};
  let landed = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  for (const line of read.stdout.split('\n')) {
    if (!line) continue;
    const space = line.indexOf(' ');
    const partition = Number(line.slice(0, space));
    const n = Number(line.slice(space + 1));
    landed++;
    perPartition[partition] = (perPartition[partition] ?? 0) + 1;
    if (n >= 1 && n <= sent && seen[n]++) duplicated++;
    if ((lastInPartition.get(partition) ?? 0) > n) outOfOrder++;
    lastInPartition.set(partition, n);
    if (keyed) {
      const list = byKey.get(partition) ?? [];
      list.push(n);
      byKey.set(partition, list);
    }
  }
  let missing = 0;
  for (let n = 1; n <= sent; n++) if (!seen[n]) missing++;
  let holes = 0;
  if (keyed) {
    // A partition's numbers are those of the keys that landed there.
    for (const ns of byKey.values()) {
      const keys = new Set(ns.map((n) => n % KEYS));
      const last = Math.max(...ns);
      for (let n = 1; n < last; n++) if (keys.has(n % KEYS) && !seen[n]) holes++;
    }
  }
  return { sent, ...claim, landed, missing, duplicated, outOfOrder, holes, perPartition };
}

/**
 * The rule: exit 0 ⇒ every line landed exactly once, each partition in input order. Otherwise the
 * claim matches what landed (nothing acknowledged is missing, nothing landed beyond what was
 * acknowledged or unknown), with no duplicate, no reordering and no hole.
 */
export function expectDelivery(exitCode: number | null, stderr: string, t: Tally, seconds?: number): void {
  const summary = `${JSON.stringify(t)}; exit ${exitCode}; ${stderr.trim().split('\n').pop()}`;
  recordScenario({ sent: t.sent, acknowledged: t.acknowledged, unknown: t.unknown, landed: t.landed, missing: t.missing, duplicated: t.duplicated, outOfOrder: t.outOfOrder, exit: exitCode, seconds });
  expect(t.duplicated, summary).toBe(0);
  expect(t.outOfOrder, summary).toBe(0);
  expect(t.holes, summary).toBe(0);
  if (exitCode === 0) {
    expect(t.landed, summary).toBe(t.sent);
    expect(t.missing, summary).toBe(0);
    return;
  }
  expect(t.landed, summary).toBeGreaterThanOrEqual(t.acknowledged);
  expect(t.landed, summary).toBeLessThanOrEqual(t.acknowledged + t.unknown);
}

export interface TransactionTally {
  /** Distinct lines 1..sent a read_committed reader sees. */
  committed: number;
  /** They are lines 1..k·size: whole transactions, none partly. */
  wholeTransactions: boolean;
  duplicated: number;
  outOfOrder: number;
  /** Records of lines 1..sent in the log, aborted transactions' included. */
  inLog: number;
}

/** What a run of `--transactional-id … --transaction-size size` over numbered lines left, read back with kcat. */
export function tallyTransactions(bootstrap: string, topic: string, sent: number, size: number): TransactionTally {
  const read = (isolation: string) => {
    const r = spawnSync('kcat', ['-b', bootstrap, '-C', '-t', topic, '-e', '-q', '-f', '%p %s\n', '-X', `isolation.level=${isolation}`], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: 180_000 });
    if (r.status !== 0) throw new Error(`kcat failed: ${r.stderr}`);
    return r.stdout.split('\n').filter(Boolean).map((line) => line.split(' ').map(Number) as [number, number]).filter(([, n]) => n >= 1 && n <= sent);
  };
  const seen = new Uint8Array(sent + 1);
  const lastInPartition = new Map<number, number>();
  let duplicated = 0;
  let outOfOrder = 0;
  let committed = 0;
  let highest = 0;
  for (const [partition, n] of read('read_committed')) {
    if (seen[n]++) duplicated++;
    else committed++;
    if ((lastInPartition.get(partition) ?? 0) > n) outOfOrder++;
    lastInPartition.set(partition, n);
    highest = Math.max(highest, n);
  }
  return { committed, wholeTransactions: committed % size === 0 && highest === committed, duplicated, outOfOrder, inLog: read('read_uncommitted').length };
}
