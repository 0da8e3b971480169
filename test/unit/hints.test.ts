import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
/** The connection flags (src/cli/shared-flags.ts) every command that talks to Kafka has. */
const SHARED = new Set(['bootstrap-server', 'command-config', 'profile', 'request-timeout-ms']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('messages and hints', () => {
  it('every --flag a message or hint names is an option that exists (the client core: one every command has)', () => {
    const files = sources(SRC).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
    const options = new Set(['help', 'version']);
    // Flags of other programs that we run or that run us (Kafka's storage tool, Maven, yargs's
    // completion call), and the --entity-{type,name,default} of Kafka's own message.
    const foreign = new Set(['add-scram', 'get-yargs-completions', 'strict-checksums', 'entity']);
    for (const { text } of files) for (const m of text.matchAll(/\.option\('([a-z0-9.-]+)'/g)) options.add(m[1]!);
    const named: string[] = [];
    for (const { path, text: source } of files) {
      const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      // Only text in string literals: the usage(...)/CliError(...) messages and hints.
      for (const literal of text.matchAll(/(['`])((?:\\.|(?!\1).)*)\1/g)) {
        for (const flag of literal[2]!.matchAll(/(?<![\w-])--([a-z][a-z0-9.-]*[a-z0-9])/g)) {
          const name = flag[1]!;
          // The client core speaks for every command: it may only name the flags they all share.
          // (unless it spells out a whole command line, `kafka topics --list`).
          if (path.startsWith(join(SRC, 'core')) && !SHARED.has(name) && !literal[2]!.includes('`kafka ')) named.push(`${path.slice(SRC.length + 1)}: --${name} (not on every command)`);
          else if (!options.has(name) && !options.has(name.replace(/^no-/, '')) && !foreign.has(name)) named.push(`${path.slice(SRC.length + 1)}: --${name}`);
        }
      }
    }
    expect(named).toEqual([]);
  });
});
