import { Chalk, type ChalkInstance } from 'chalk';
import type { IO } from './io.js';

export type Style = 'bold' | 'red' | 'yellow' | 'green' | 'dim' | 'cyan';

const plain = new Chalk({ level: 0 });
const coloured = new Chalk({ level: 1 });

/** chalk never detects the terminal itself: io.color (TTY, NO_COLOR, --no-color) decides. */
export function chalkFor(io: Pick<IO, 'color'>): ChalkInstance {
  return io.color ? coloured : plain;
}

export function paint(io: Pick<IO, 'color'>, style: Style, text: string): string {
  return chalkFor(io)[style](text);
}
