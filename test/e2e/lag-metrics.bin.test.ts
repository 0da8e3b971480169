import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../src/cluster/local/local-cluster.js';
import { kafkaTool, TOOLS } from '../support/kafka-tool.js';
import { BIN, runKafka, uniqueName } from '../support/run-kafka.js';
import { until } from '../support/until.js';

/** LAG per partition as Kafka's ConsumerGroupCommand reports it ('-' rows left out). */
async function kafkasLag(group: string): Promise<Record<string, number>> {
  const r = await kafkaTool(TOOLS.consumerGroups, ['--describe', '--group', group]);
  expect(r.status, r.stderr).toBe(0);
  const lines = r.stdout.split('\n').filter((l) => l.startsWith(group + ' '));
  const lag: Record<string, number> = {};
  for (const l of lines) {
    const [, , partition, , , value] = l.trim().split(/\s+/);
    if (value !== '-') lag[partition!] = Number(value);
  }
  return lag;
}

/** Series of one metric in a Prometheus text: labels → value. */
function series(text: string, name: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`).exec(line);
    if (m) found.set(m[1]!, Number(m[2]));
  }
  return found;
}

describe('lag for monitoring: -o prometheus, time lag, --output-file, --serve with a real Prometheus', () => {
  const topic = uniqueName('lagm');
  const group = uniqueName('lagm');
  const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-lagm-'));

  beforeAll(async () => {
    expect((await runKafka(['topics', 'create', topic, '--partitions', '3'])).code).toBe(0);
    // 40, 30 and 20 records on partitions 0, 1, 2; the group reads 15 of partition 0 and all of partition 2.
    for (const [partition, count] of [[0, 40], [1, 30], [2, 20]] as const) {
      const lines = Array.from({ length: count }, (_, i) => `p${partition}-${i}`).join('\n');
      expect((await runKafka(['console-producer', '--topic', topic, '--partition', String(partition)], { input: lines })).code).toBe(0);
    }
    for (const [partition, offset] of [[0, 15], [2, 20]] as const) {
      const reset = await runKafka(['consumer-groups', '--reset-offsets', '--group', group, '--topic', `${topic}:${partition}`, '--to-offset', String(offset), '--execute', '--yes']);
      expect(reset.code, reset.stderr).toBe(0);
    }
  }, 90_000);

  it('-o prometheus: kafka_exporter names, lag equal to Kafka’s ConsumerGroupCommand, no series for a partition without a commit; promtool lints it clean', async () => {
    const r = await runKafka(['consumer-groups', '--describe', '--group', group, '-o', 'prometheus']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const lag = series(r.stdout, 'kafka_consumergroup_lag');
    expect(Object.fromEntries([...lag].map(([labels, v]) => [/partition="(\d+)"/.exec(labels)![1], v]))).toEqual(await kafkasLag(group));
    expect(Object.fromEntries(lag)).toEqual({ [`consumergroup="${group}",topic="${topic}",partition="0"`]: 25, [`consumergroup="${group}",topic="${topic}",partition="2"`]: 0 });
    expect(series(r.stdout, 'kafka_consumergroup_lag_sum').get(`consumergroup="${group}",topic="${topic}"`)).toBe(25);
    expect(series(r.stdout, 'kafka_topic_partition_current_offset').get(`topic="${topic}",partition="0"`)).toBe(40);
    expect(series(r.stdout, 'kafka_consumergroup_members').get(`consumergroup="${group}"`)).toBe(0);
    const check = spawnSync('promtool', ['check', 'metrics'], { input: r.stdout, encoding: 'utf8' });
    expect(check.stdout + check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('time lag: a group at records written 60 s ago reads ~60 s; --lag-threshold-seconds exits 8 above it', async () => {
    const timed = uniqueName('lagt');
    const timedGroup = uniqueName('lagt');
    expect((await runKafka(['topics', 'create', timed, '--partitions', '1'])).code).toBe(0);
    const kafka = new Kafka({ brokers: inject('bootstrap').split(','), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const now = Date.now();
    // 5 records two minutes old, then 5 a minute old; the group has read the first 5.
    await producer.send({ topic: timed, messages: Array.from({ length: 5 }, (_, i) => ({ value: `old-${i}`, timestamp: String(now - 120_000) })) });
    await producer.send({ topic: timed, messages: Array.from({ length: 5 }, (_, i) => ({ value: `late-${i}`, timestamp: String(now - 60_000) })) });
    await producer.disconnect();
    expect((await runKafka(['consumer-groups', '--reset-offsets', '--group', timedGroup, '--topic', timed, '--to-offset', '5', '--execute', '--yes'])).code).toBe(0);

    const json = await runKafka(['consumer-groups', '--describe', '--group', timedGroup, '-o', 'json']);
    const described = JSON.parse(json.stdout).groups[0];
    const elapsed = (Date.now() - now) / 1000;
    expect(described.partitions[0].lag).toBe(5);
    expect(described.partitions[0].lagSeconds).toBeGreaterThanOrEqual(60);
    expect(described.partitions[0].lagSeconds).toBeLessThanOrEqual(60 + elapsed);
    expect(described.maxLagSeconds).toBe(described.partitions[0].lagSeconds);

    // Each reading is at least 60 s and at most 60 s plus the time the test has taken so far (plus
    // 0.05: the text rounds to a tenth).
    const behind = (seconds: string | undefined) => {
      expect(Number(seconds)).toBeGreaterThanOrEqual(60);
      expect(Number(seconds)).toBeLessThanOrEqual(60 + (Date.now() - now) / 1000 + 0.05);
    };
    const table = await runKafka(['consumer-groups', '--describe', '--group', timedGroup]);
    expect(table.stdout).toMatch(/LAG-SECONDS/);
    behind(new RegExp(`${timedGroup}: total lag 5, (\\d+\\.\\d) s behind, state Empty`).exec(table.stdout)?.[1]);

    const over = await runKafka(['consumer-groups', '--describe', '--group', timedGroup, '--lag-threshold-seconds', '30']);
    expect(over.code).toBe(8);
    const line = over.stderr.trim().split('\n').at(-1)!;
    expect(line).toMatch(new RegExp(`^error: time lag over 30 s: ${timedGroup}=\\d+\\.\\ds$`));
    behind(/=(\d+\.\d)s$/.exec(line)?.[1]);
    expect((await runKafka(['consumer-groups', '--describe', '--group', timedGroup, '--lag-threshold-seconds', '600'])).code).toBe(0);

    // Caught up: 0 s, whatever the age of the records.
    expect((await runKafka(['consumer-groups', '--reset-offsets', '--group', timedGroup, '--topic', timed, '--to-latest', '--execute', '--yes'])).code).toBe(0);
    const caughtUp = await runKafka(['consumer-groups', '--describe', '--group', timedGroup, '-o', 'prometheus']);
    expect(series(caughtUp.stdout, 'kafka_consumergroup_lag_seconds').get(`consumergroup="${timedGroup}",topic="${timed}",partition="0"`)).toBe(0);
  });

  it('--output-file writes the textfile atomically and leaves nothing else behind; a missing directory is one line, exit 2', async () => {
    const file = join(dir, 'lag.prom');
    writeFileSync(join(dir, 'other.prom'), 'kept\n');
    const r = await runKafka(['consumer-groups', '--describe', '--group', group, '-o', 'prometheus', '--output-file', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toContain(`kafka_consumergroup_lag{consumergroup="${group}",topic="${topic}",partition="0"} 25\n`);
    expect(readdirSync(dir).sort()).toEqual(['lag.prom', 'other.prom']);
    expect(readFileSync(join(dir, 'other.prom'), 'utf8')).toBe('kept\n');

    const missing = await runKafka(['consumer-groups', '--describe', '--group', group, '-o', 'prometheus', '--output-file', join(dir, 'nope', 'lag.prom')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`error: cannot write --output-file '${join(dir, 'nope', 'lag.prom')}': its directory does not exist — name a file in a directory you can write to\n`);
  });

  describe('--serve', () => {
    let server: ChildProcess;
    let serverErr = '';
    let metricsUrl = '';
    let prometheus: ChildProcess | undefined;

    beforeAll(async () => {
      server = spawn(BIN, ['consumer-groups', '--serve', '127.0.0.1:0', '--group', group, '--min-interval', '0.5'], { env: { ...process.env, KAFKA_BOOTSTRAP_SERVERS: inject('bootstrap'), NO_COLOR: '1' } });
      server.stderr!.on('data', (d) => (serverErr += d));
      await until('the exporter listening', () => /at (http:\/\/127\.0\.0\.1:\d+\/metrics)/.test(serverErr), 30_000, 50);
      metricsUrl = /at (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(serverErr)![1]!;
    }, 40_000);
    afterAll(() => {
      prometheus?.kill('SIGKILL');
      if (server.exitCode === null) server.kill('SIGKILL');
    });

    it('serves /metrics and /healthz; a real Prometheus scrapes kafka_consumergroup_lag equal to Kafka’s ConsumerGroupCommand', async () => {
      const metrics = await fetch(metricsUrl);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(series(await metrics.text(), 'kafka_consumergroup_lag').size).toBe(2);
      const health = await fetch(metricsUrl.replace('/metrics', '/healthz'));
      expect([health.status, await health.text()]).toEqual([200, 'ok\n']);
      expect((await fetch(metricsUrl.replace('/metrics', '/nothing'))).status).toBe(404);

      const promPort = await freePort();
      const promDir = mkdtempSync(join(tmpdir(), 'kafka-cli-prom-'));
      writeFileSync(
        join(promDir, 'prometheus.yml'),
        `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: kafka-cli\n    static_configs:\n      - targets: ['${new URL(metricsUrl).host}']\n`,
      );
      prometheus = spawn('prometheus', [`--config.file=${join(promDir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(promDir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`], { stdio: 'ignore' });
      const query = async (q: string) => {
        const res = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(q)}`).catch(() => null);
        if (!res?.ok) return [];
        const answer = (await res.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
        return answer.data.result;
      };
      const expected = await kafkasLag(group);
      let scraped: Record<string, number> = {};
      await until('Prometheus has scraped the lag', async () => {
        const result = await query(`kafka_consumergroup_lag{consumergroup="${group}"}`);
        scraped = Object.fromEntries(result.map((s) => [s.metric.partition!, Number(s.value[1])]));
        return Object.keys(scraped).length === Object.keys(expected).length;
      }, 60_000, 500);
      expect(scraped).toEqual(expected);
      expect((await query(`up{job="kafka-cli"}`))[0]!.value[1]).toBe('1');
    }, 90_000);

    it('new records show up on the next scrape; SIGTERM closes the listener and ends as an interrupted command does (143), with nothing on stderr but the banner', async () => {
      expect((await runKafka(['console-producer', '--topic', topic, '--partition', '0'], { input: 'more-1\nmore-2\n' })).code).toBe(0);
      await until('lag 27 on partition 0', async () => series(await (await fetch(metricsUrl)).text(), 'kafka_consumergroup_lag').get(`consumergroup="${group}",topic="${topic}",partition="0"`) === 27, 20_000, 200);
      const exited = new Promise<number | null>((resolve) => server.on('close', (code) => resolve(code)));
      server.kill('SIGTERM');
      expect(await exited).toBe(143);
      expect(serverErr).toBe(`Serving lag metrics of group ${group} at ${metricsUrl} (Ctrl-C to stop)\n`);
      await expect(fetch(metricsUrl)).rejects.toThrow();
    });
  });

  it('--serve reads the cluster at most once per --min-interval: a scrape in between gets the last reading', async () => {
    const cached = uniqueName('lagc');
    const cachedGroup = uniqueName('lagc');
    expect((await runKafka(['topics', 'create', cached, '--partitions', '1'])).code).toBe(0);
    expect((await runKafka(['console-producer', '--topic', cached], { input: 'a\nb\n' })).code).toBe(0);
    expect((await runKafka(['consumer-groups', '--reset-offsets', '--group', cachedGroup, '--topic', cached, '--to-earliest', '--execute', '--yes'])).code).toBe(0);
    const child = spawn(BIN, ['consumer-groups', '--serve', '127.0.0.1:0', '--group', cachedGroup, '--min-interval', '3600'], { env: { ...process.env, KAFKA_BOOTSTRAP_SERVERS: inject('bootstrap') } });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    try {
      await until('the exporter listening', () => /at (http:\/\/\S+\/metrics)/.test(err), 30_000, 50);
      const url = /at (http:\/\/\S+\/metrics)/.exec(err)![1]!;
      const lag = async () => series(await (await fetch(url)).text(), 'kafka_consumergroup_lag').get(`consumergroup="${cachedGroup}",topic="${cached}",partition="0"`);
      expect(await lag()).toBe(2);
      expect((await runKafka(['console-producer', '--topic', cached], { input: 'c\nd\ne\n' })).code).toBe(0);
      expect(JSON.parse((await runKafka(['consumer-groups', '--describe', '--group', cachedGroup, '-o', 'json'])).stdout).groups[0].totalLag).toBe(5);
      expect(await lag()).toBe(2);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('--serve on a port in use: one line, exit 2', async () => {
    const taken = /at http:\/\/127\.0\.0\.1:(\d+)\//;
    const first = spawn(BIN, ['consumer-groups', '--serve', '127.0.0.1:0'], { env: { ...process.env, KAFKA_BOOTSTRAP_SERVERS: inject('bootstrap') } });
    let err = '';
    first.stderr!.on('data', (d) => (err += d));
    try {
      await until('the first exporter listening', () => taken.test(err), 30_000, 50);
      const port = taken.exec(err)![1];
      const second = await runKafka(['consumer-groups', '--serve', `127.0.0.1:${port}`]);
      expect(second.code).toBe(2);
      expect(second.stderr).toBe(`error: cannot serve metrics on 127.0.0.1:${port}: the port is in use — pick another address with --serve [HOST:]PORT\n`);
    } finally {
      first.kill('SIGKILL');
    }
  });
});
