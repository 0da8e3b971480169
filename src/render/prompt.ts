import type { IO } from './io.js';

/** A yes/no question on the terminal; callers check io.canPrompt and --yes first. */
export async function confirm(io: IO, message: string): Promise<boolean> {
  const { confirm: ask } = await import('@inquirer/prompts');
  return ask({ message, default: false }, { input: io.stdin, output: io.stderr });
}
