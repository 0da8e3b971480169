import { PassThrough } from 'node:stream';
import type { IO } from './io.js';

type Context = { input: NodeJS.ReadableStream; output: NodeJS.WritableStream };

/** Questions go to stderr, so that stdout stays data; callers check io.canPrompt first. */
async function ask<T>(io: IO, question: (context: Context) => Promise<T>): Promise<T> {
  // inquirer ends the output stream it is given; ours must stay open for what follows.
  const output = new PassThrough();
  output.pipe(io.stderr, { end: false });
  try {
    return await question({ input: io.stdin, output });
  } finally {
    output.unpipe(io.stderr);
  }
}

export async function confirm(io: IO, message: string, defaultAnswer = false): Promise<boolean> {
  const prompts = await import('@inquirer/prompts');
  return ask(io, (context) => prompts.confirm({ message, default: defaultAnswer }, context));
}

/** A line of text; `validate` returns an error message, or true when the answer will do. */
export async function input(io: IO, message: string, options: { default?: string; validate?: (value: string) => string | true } = {}): Promise<string> {
  const prompts = await import('@inquirer/prompts');
  return ask(io, (context) => prompts.input({ message, default: options.default, validate: options.validate }, context));
}

export async function password(io: IO, message: string): Promise<string> {
  const prompts = await import('@inquirer/prompts');
  return ask(io, (context) => prompts.password({ message, mask: '*' }, context));
}

export async function select<T extends string>(io: IO, message: string, choices: readonly T[]): Promise<T> {
  const prompts = await import('@inquirer/prompts');
  return ask(io, (context) => prompts.select<T>({ message, choices: choices.map((value) => ({ value, name: value })) }, context));
}
