import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { usage } from './errors.js';

/**
 * mkdir -p that fails fast with one line. Node's recursive mkdir never returns under /proc (it
 * retries the parent that the kernel will not create), so the missing levels are made one by one
 * from the nearest ancestor that exists, and any refusal names the path and the reason.
 */
export function makeDirectory(path: string, what: string, mode = 0o777): void {
  const missing: string[] = [];
  let at = resolve(path);
  for (;;) {
    try {
      if (!statSync(at).isDirectory()) throw usage(`${what} '${path}' cannot be created: ${at} is not a directory`);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        if ((err as { kind?: string }).kind) throw err;
        throw usage(`${what} '${path}' cannot be created: ${(err as NodeJS.ErrnoException).code} on ${at}`);
      }
      missing.unshift(at);
      const parent = dirname(at);
      if (parent === at) break;
      at = parent;
    }
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir, { mode });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      throw usage(`${what} '${path}' cannot be created: ${code} on ${dir}`, 'pick a directory you can write to');
    }
  }
}
