import { randomBytes } from 'node:crypto';
import { rm, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { usage } from '../core/errors.js';

/**
 * Writes beside the target, then renames over it: a reader (node_exporter's textfile collector, a
 * script) sees the old file or the new one, never half of one. Nothing else in the directory is touched.
 */
export async function writeFileAtomically(path: string, text: string, what = '--output-file'): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, { mode: 0o644 });
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    const reason = code === 'ENOENT' ? 'its directory does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : code;
    throw usage(`cannot write ${what} '${path}': ${reason}`, 'name a file in a directory you can write to');
  }
}
