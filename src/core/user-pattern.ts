import { createRequire } from 'node:module';

/** A pattern a user typed, compiled for linear-time matching. */
export interface UserPattern {
  test(text: string): boolean;
}

const require = createRequire(import.meta.url);

/**
 * RE2 (re2js): matching takes time linear in the text, so no pattern — `(a+)+$` on a long record
 * or topic name — can freeze the tool beyond Ctrl-C's reach, as a backtracking engine can. RE2
 * has no backreferences or lookaround. Loaded on first use (it costs ~20 ms to load).
 * Throws the engine's parse error for an invalid pattern.
 */
/** Why RE2 refuses `source`, in its own words (`missing closing ]`, as Java's RE2/J says it); null when it compiles. */
export function patternProblem(source: string): string | null {
  try {
    compileUserPattern(source);
    return null;
  } catch (err) {
    return (err as { error?: string }).error ?? (err as Error).message;
  }
}

export function compileUserPattern(source: string): UserPattern {
  const { RE2JS } = require('re2js') as typeof import('re2js');
  const compiled = RE2JS.compile(source);
  return { test: (text) => compiled.matcher(text).find() };
}
