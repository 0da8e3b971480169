import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * A file shipped beside package.json (package.json itself, docker-compose.yml). It is found from
 * this code's own place upwards: the sources, the compiled modules and the bundle sit at different
 * depths below it.
 */
export function packageFile(name: string): string {
  if (root === undefined) {
    const here = fileURLToPath(import.meta.url);
    let dir = dirname(here);
    while (!existsSync(join(dir, 'package.json'))) {
      const parent = dirname(dir);
      if (parent === dir) throw new Error(`no package.json above ${here}: is the installation complete?`);
      dir = parent;
    }
    root = dir;
  }
  return join(root, name);
}
