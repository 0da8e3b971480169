import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/core/errors.js';
import { oneLine, reportError } from '../../src/main.js';
import { testIO } from '../support/test-io.js';

describe('reportError: one line, the right exit code', () => {
  it('escapes control characters and cuts a huge message', () => {
    expect(oneLine('a\nb\tc\u001b[31md\u0007')).toBe('a\\nb\\tc\\x1b[31md\\x07');
    const long = oneLine('x'.repeat(5000));
    expect(long).toMatch(/^x{600}… \(4400 more characters\)$/);
  });

  it('a typed error keeps its kind; a raw file-system error becomes a usage error naming the path', async () => {
    const typed = testIO();
    expect(await reportError(new CliError('not-found', "topic 'a\nb' does not exist", 'list them'), typed, false)).toBe(5);
    expect(typed.err()).toBe("error: topic 'a\\nb' does not exist — list them\n");
    const raw = testIO();
    const enotdir = Object.assign(new Error("ENOTDIR: not a directory, unlink '/tmp/f/x'"), { code: 'ENOTDIR', syscall: 'unlink', path: '/tmp/f/x' });
    expect(await reportError(enotdir, raw, false)).toBe(2);
    expect(raw.err()).toBe("error: cannot unlink '/tmp/f/x': ENOTDIR — check the path and its permissions\n");
    const other = testIO();
    expect(await reportError(new RangeError('The value of "value" is out of range.\nIt must be >= 0'), other, false)).toBe(1);
    expect(other.err()).toBe('error: The value of "value" is out of range.\n');
  });
});
