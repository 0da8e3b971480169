import type { IO } from './io.js';
import { writeOut } from './io.js';

export interface Spinner {
  note(line: string): void;
  succeed(text: string): void;
  fail(): void;
}

/** ora on a TTY stderr; plain progress lines otherwise; never on stdout. */
export async function startSpinner(io: IO, text: string): Promise<Spinner> {
  if (!io.stderrIsTTY) {
    void writeOut(io.stderr, `${text}...\n`);
    return {
      note: (line) => void writeOut(io.stderr, `${line}\n`),
      succeed: (done) => void writeOut(io.stderr, `${done}\n`),
      fail: () => undefined,
    };
  }
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: io.stderr as NodeJS.WritableStream, color: 'cyan', isEnabled: true, discardStdin: false }).start();
  return {
    note: (line) => { spinner.text = `${text} — ${line}`; },
    succeed: (done) => { spinner.succeed(done); },
    fail: () => { spinner.fail(); },
  };
}
