/** Kafka's tools print their tables with Java's printf: these are the pieces of it they use. */

/** Each cell as `%-Ns` for its width, joined by single spaces; cells past the widths as they are (never cut). */
export function javaColumns(widths: number[], cells: Array<string | number>): string {
  return cells.map((c, i) => (i < widths.length ? String(c).padEnd(widths[i]!) : String(c))).join(' ');
}

/** What Kafka's tools print for a value they do not have. */
export const orDash = (v: string | number | null): string => (v === null ? '-' : String(v));
