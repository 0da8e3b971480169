// Memory while tailing: our console-consumer follows a topic that kcat fills at a steady rate, and
// its resident memory is sampled; a reader that keeps what it has printed shows a rising line.
//   SOAK_MINUTES (default 60): how long; SAMPLE_SECONDS (default 60): how often RSS is read;
//   RATE (default 5000): records per second, 100 B each. `SOAK_MINUTES=3 SAMPLE_SECONDS=10` is the short run.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { KAFKA_BIN, table, withCluster } from './lib.mjs';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 60);
const SAMPLE_SECONDS = Number(process.env.SAMPLE_SECONDS ?? 60);
const RATE = Number(process.env.RATE ?? 5000);

const rssMb = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

await withCluster(async (bootstrap) => {
  const topic = 'bench-soak';
  const created = spawnSync(KAFKA_BIN, ['topics', 'create', topic, '--partitions', '3', '--bootstrap-server', bootstrap], { encoding: 'utf8' });
  if (created.status !== 0) throw new Error(created.stderr);
  const producer = spawn('kcat', ['-P', '-b', bootstrap, '-t', topic, '-X', 'linger.ms=5'], { stdio: ['pipe', 'ignore', 'inherit'] });
  const consumer = spawn(KAFKA_BIN, ['console-consumer', '--topic', topic, '--bootstrap-server', bootstrap], { stdio: ['ignore', 'pipe', 'inherit'] });
  let printed = 0;
  consumer.stdout.on('data', (d) => {
    for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) printed++;
  });
  let sent = 0;
  const line = (i) => `${i}-${'x'.repeat(100)}`.slice(0, 100) + '\n';
  const tick = setInterval(() => {
    let chunk = '';
    for (let i = 0; i < RATE; i++) chunk += line(sent++);
    producer.stdin.write(chunk);
  }, 1000);
  const started = Date.now();
  const samples = [];
  const rows = [];
  await new Promise((resolve) => {
    const sample = () => {
      const minutes = (Date.now() - started) / 60_000;
      const rss = rssMb(consumer.pid);
      samples.push([minutes, rss]);
      rows.push({ minute: minutes.toFixed(1), 'RSS (MB)': rss.toFixed(1), 'records sent': sent.toLocaleString('en-US'), 'records printed': printed.toLocaleString('en-US') });
      if (minutes >= MINUTES) resolve();
      else setTimeout(sample, SAMPLE_SECONDS * 1000);
    };
    setTimeout(sample, SAMPLE_SECONDS * 1000);
  });
  clearInterval(tick);
  producer.stdin.end();
  consumer.kill('SIGTERM');
  await new Promise((r) => consumer.on('close', r));
  console.log(`\nkafka console-consumer tailing ${RATE.toLocaleString('en-US')} records/s (100 B) for ${MINUTES} min, RSS every ${SAMPLE_SECONDS} s:`);
  table(rows);
  // The first sample is still warming up (JIT, buffers): the slope is taken over the rest.
  const steady = samples.length > 2 ? samples.slice(1) : samples;
  console.log(`RSS slope after the first sample: ${(slope(steady) * 60).toFixed(2)} MB per hour (peak ${Math.max(...samples.map(([, y]) => y)).toFixed(1)} MB)`);
});
