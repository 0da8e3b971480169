import { PassThrough } from 'node:stream';
import type { IO } from './io.js';

/** A yes/no question on the terminal; callers check io.canPrompt and --yes first. */
export async function confirm(io: IO, message: string): Promise<boolean> {
  const { confirm: ask } = await import('@inquirer/prompts');
  // inquirer ends the output stream it is given; ours must stay open for what follows.
  const output = new PassThrough();
  output.pipe(io.stderr, { end: false });
  try {
    return await ask({ message, default: false }, { input: io.stdin, output });
  } finally {
    output.unpipe(io.stderr);
  }
}
