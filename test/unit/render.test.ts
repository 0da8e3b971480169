import { describe, expect, it } from 'vitest';
import { decideColor } from '../../src/render/io.js';
import { renderCsv, renderTable, parseOutputFormat } from '../../src/render/print.js';
import { testIO } from '../support/test-io.js';

const columns = [
  { header: 'NAME', value: (r: { n: string; v: number | null }) => r.n },
  { header: 'VALUE', value: (r: { n: string; v: number | null }) => r.v, align: 'right' as const },
];

describe('printers', () => {
  it('plain aligned columns off a TTY, "-" for missing values', async () => {
    expect(await renderTable(testIO(), columns, [{ n: 'a', v: 10 }, { n: 'bbb', v: null }])).toBe('NAME  VALUE\na        10\nbbb       -\n');
  });
  it('boxes with cli-table3 on a TTY', async () => {
    expect(await renderTable(testIO({ stdoutIsTTY: true }), columns, [{ n: 'a', v: 1 }])).toContain('┌');
  });
  it('quotes CSV cells that need it', () => {
    expect(renderCsv(columns, [{ n: 'a,b', v: 1 }, { n: 'say "x"', v: null }])).toBe('NAME,VALUE\n"a,b",1\n"say ""x""",\n');
  });
  it('rejects unknown output formats, listing the allowed ones', () => {
    expect(() => parseOutputFormat('yaml')).toThrow(expect.objectContaining({ message: "unknown output format 'yaml'", hint: 'use one of: table, json, csv, kafka' }));
  });
  it('colour: only on a TTY, never with NO_COLOR or --no-color', () => {
    expect(decideColor({ env: {}, isTTY: true })).toBe(true);
    expect(decideColor({ env: {}, isTTY: false })).toBe(false);
    expect(decideColor({ env: { NO_COLOR: '1' }, isTTY: true })).toBe(false);
    expect(decideColor({ env: {}, isTTY: true, noColorFlag: true })).toBe(false);
  });
});

describe('Java iteration orders (Kafka tools print HashMaps unsorted)', () => {
  it('String and TopicPartition hash codes, as Java computes them', async () => {
    const { javaStringHash, topicPartitionHash } = await import('../../src/render/java-order.js');
    // Printed by Java 17: "partition".hashCode(), new TopicPartition("orders", 3).hashCode().
    expect(javaStringHash('partition')).toBe(-1799810326);
    expect(javaStringHash('')).toBe(0);
    expect(topicPartitionHash('orders', 3)).toBe(-1008769277);
  });
  it('sizes for people', async () => {
    const { humanBytes } = await import('../../src/render/print.js');
    expect([0, 618, 1024, 4.2 * 1024 ** 2, 1.5 * 1024 ** 4, 617.6].map(humanBytes)).toEqual(['0 B', '618 B', '1.0 KiB', '4.2 MiB', '1.5 TiB', '618 B']);
  });
});
