import type { IO } from './io.js';
import { writeOut } from './io.js';

export interface Spinner {
  note(line: string): void;
  succeed(text: string): void;
  fail(): void;
}

/** ora on a TTY stderr; plain progress lines otherwise; never on stdout. */
export async function startSpinner(io: IO, text: string): Promise<Spinner> {
  // A terminal that reports no width (some CI ptys) would make ora redraw without end.
  const width = (io.stderr as { columns?: number }).columns ?? 0;
  if (!io.stderrIsTTY || width <= 0) {
    void writeOut(io.stderr, `${text}...\n`);
    return {
      note: (line) => void writeOut(io.stderr, `${line}\n`),
      succeed: (done) => void writeOut(io.stderr, `${done}\n`),
      fail: () => undefined,
    };
  }
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: io.stderr as NodeJS.WritableStream, color: io.color ? 'cyan' : false, isEnabled: true, discardStdin: false }).start();
  return {
    note: (line) => { spinner.text = `${text} — ${line}`; },
    succeed: (done) => { spinner.succeed(done); },
    fail: () => { spinner.fail(); },
  };
}
