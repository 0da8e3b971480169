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

describe('HashMap orders, as Java 17 iterates them', () => {
  it('a HashMap of replicas copied, filtered, into another (LogDirsCommand), and one sized for its entries', async () => {
    const { javaHashMapOrder, javaStringHash, topicPartitionHash } = await import('../../src/render/java-order.js');
    // 40 topics of 5 partitions put topic by topic, then three topics' copied out (Collectors.toMap).
    const all: Array<{ topic: string; partition: number }> = [];
    for (let t = 0; t < 40; t++) for (let p = 0; p < 5; p++) all.push({ topic: `t${t}`, partition: p });
    const want = new Set(['t3', 't17', 't25']);
    const hash = (tp: { topic: string; partition: number }) => topicPartitionHash(tp.topic, tp.partition);
    const chosen = javaHashMapOrder(javaHashMapOrder(all, hash).filter((tp) => want.has(tp.topic)), hash);
    // Printed by a Java 17 program doing the same with java.util.HashMap; one HashMap alone gives another order.
    expect(chosen.map((tp) => `${tp.topic}-${tp.partition}`).join(',')).toBe('t3-0,t25-3,t25-4,t25-1,t17-4,t25-2,t17-2,t25-0,t17-3,t17-0,t17-1,t3-4,t3-3,t3-2,t3-1');
    const dirs = ['/data/a', '/data/b', '/mnt/kafka-logs-3'];
    expect(javaHashMapOrder(dirs, javaStringHash, dirs.length)).toEqual(['/data/a', '/data/b', '/mnt/kafka-logs-3']);
  });
});
