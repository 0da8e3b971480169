import { readFileSync } from 'node:fs';
import { usage } from './errors.js';

/**
 * Java `.properties` syntax as Kafka reads it: `k=v`, `k:v` or `k v`, `#`/`!` comments,
 * backslash line continuations and escapes (`\t`, `\n`, `\uXXXX`, `\=`).
 */
export function parseProperties(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const physical = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < physical.length; i++) {
    let line = physical[i]!.replace(/^[ \t\f]+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (endsWithContinuation(line) && i + 1 < physical.length) {
      line = line.slice(0, -1) + physical[++i]!.replace(/^[ \t\f]+/, '');
    }
    const { key, value } = splitKeyValue(line);
    result[unescape(key)] = unescape(value);
  }
  return result;
}

function endsWithContinuation(line: string): boolean {
  let slashes = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) slashes++;
  return slashes % 2 === 1;
}

function splitKeyValue(line: string): { key: string; value: string } {
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') { i++; continue; }
    if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') {
      let j = c === '=' || c === ':' ? i + 1 : i;
      while (j < line.length && /[ \t\f]/.test(line[j]!)) j++;
      if (c !== '=' && c !== ':' && (line[j] === '=' || line[j] === ':')) j++;
      while (j < line.length && /[ \t\f]/.test(line[j]!)) j++;
      return { key: line.slice(0, i), value: line.slice(j) };
    }
  }
  return { key: line, value: '' };
}

function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, esc: string) => {
    if (esc.startsWith('u') && esc.length === 5) return String.fromCharCode(parseInt(esc.slice(1), 16));
    return { t: '\t', n: '\n', r: '\r', f: '\f' }[esc] ?? esc;
  });
}

export function readPropertiesFile(path: string, flag: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw usage(`cannot read ${flag} file '${path}': ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 'check the path');
  }
  return parseProperties(text);
}

/** `k=v` list options split on the first `=`; a missing value is the empty string (as Kafka). */
export function parseKeyValues(pairs: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq === -1) result[pair] = '';
    else result[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return result;
}
