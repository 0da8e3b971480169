import type { IO } from './io.js';
import { usage } from '../core/errors.js';
import { paint } from './colors.js';

export const OUTPUT_FORMATS = ['table', 'json', 'csv', 'kafka'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
/** Commands whose figures suit monitoring also print the Prometheus text format. */
export const WITH_PROMETHEUS = [...OUTPUT_FORMATS, 'prometheus'] as const;
export type MetricsOutputFormat = (typeof WITH_PROMETHEUS)[number];

export function parseOutputFormat<F extends string = OutputFormat>(value: string | undefined, allowed: readonly F[] = OUTPUT_FORMATS as unknown as F[]): F {
  const format = (value ?? 'table') as F;
  if (!allowed.includes(format)) throw usage(`unknown output format '${value}'`, `use one of: ${allowed.join(', ')}`);
  return format;
}

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null;
  /** Colour for a cell on a TTY, e.g. red for offline partitions. */
  style?: (row: T) => 'red' | 'yellow' | 'green' | 'dim' | undefined;
  align?: 'left' | 'right';
}

const cell = (v: string | number | null) => (v === null ? '-' : String(v));

/**
 * Human table: boxed with cli-table3 on a TTY; aligned plain columns otherwise, so that
 * `awk`/`cut` still work and no box characters reach a pipe.
 */
export async function renderTable<T>(io: IO, columns: Column<T>[], rows: T[]): Promise<string> {
  if (io.stdoutIsTTY) {
    const { default: Table } = await import('cli-table3');
    const table = new Table({
      head: columns.map((c) => paint(io, 'bold', c.header)),
      style: { head: [], border: io.color ? ['grey'] : [], compact: true },
      colAligns: columns.map((c) => c.align ?? 'left'),
    });
    for (const row of rows) table.push(columns.map((c) => { const s = c.style?.(row); const text = cell(c.value(row)); return s ? paint(io, s, text) : text; }));
    return table.toString() + '\n';
  }
  const matrix = [columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => cell(c.value(row))))];
  const widths = columns.map((_, i) => Math.max(...matrix.map((r) => r[i]!.length)));
  return matrix.map((r) => r.map((v, i) => (columns[i]!.align === 'right' ? v.padStart(widths[i]!) : i === r.length - 1 ? v : v.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

export function renderCsv<T>(columns: Column<T>[], rows: T[]): string {
  const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [columns.map((c) => quote(c.header)), ...rows.map((row) => columns.map((c) => { const v = c.value(row); return quote(v === null ? '' : String(v)); }))]
    .map((r) => r.join(','))
    .join('\n') + '\n';
}

export function renderJson(data: unknown): string {
  return JSON.stringify(data, null, 2) + '\n';
}

/** 1024-based sizes as people read them: `618 B`, `4.2 MiB`, `1.3 TiB`. */
export function humanBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(bytes)} B` : `${value.toFixed(1)} ${units[unit]}`;
}
