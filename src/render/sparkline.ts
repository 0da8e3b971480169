const BARS = '▁▂▃▄▅▆▇█';

/**
 * One bar per value, scaled between the smallest and largest of them (the shape of a trend, as
 * `spark` draws it); a flat series is all low bars when zero, all middle bars otherwise. An unknown
 * value is a space.
 */
export function sparkline(values: ReadonlyArray<number | null>): string {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return ' '.repeat(values.length);
  const min = Math.min(...known);
  const max = Math.max(...known);
  return values
    .map((v) => {
      if (v === null) return ' ';
      if (max === min) return v === 0 ? BARS[0] : BARS[3];
      return BARS[Math.round(((v - min) / (max - min)) * (BARS.length - 1))];
    })
    .join('');
}
