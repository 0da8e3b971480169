// Cold-start wall time of `kafka --version`, `kafka --help` and `kafka topics --list`,
// next to kcat -L, Kafka's own TopicCommand --list and (when on PATH) kcl, kaf and kafkactl, against
// the same local broker; each with its ratio to bare `node -e 0`.
import { spawnSync } from 'node:child_process';
import { KAFKA_BIN, javaTool, measure, PEERS, table, withCluster } from './lib.mjs';

const RUNS = Number(process.env.RUNS ?? 5);

async function median(cmd, args, env) {
  const times = [];
  let rss = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await measure(cmd, args, { env });
    if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
    times.push(r.seconds);
    rss = Math.max(rss, r.rssMb);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], rss };
}

await withCluster(async (bootstrap) => {
  const rows = [];
  const add = async (name, cmd, args, env) => {
    const { median: m, rss } = await median(cmd, args, env);
    const floor = rows[0] ? Number(rows[0]['median wall (s)']) : m;
    rows.push({ command: name, 'median wall (s)': m.toFixed(3), '÷ node -e 0': `${(m / floor).toFixed(1)}×`, 'peak RSS (MB)': rss.toFixed(0) });
  };
  // The floor: Node starting and exiting, which the targets are measured against.
  await add('node -e 0', process.execPath, ['-e', '0']);
  await add('kafka --version', KAFKA_BIN, ['--version']);
  await add('kafka --help', KAFKA_BIN, ['--help']);
  await add('kafka topics --list', KAFKA_BIN, ['topics', '--list', '--bootstrap-server', bootstrap]);
  if (spawnSync('kcat', ['-V']).status === 0) await add('kcat -L (metadata)', 'kcat', ['-L', '-b', bootstrap]);
  const [java, javaArgs] = await javaTool('org.apache.kafka.tools.TopicCommand');
  await add('kafka-topics.sh --list (Kafka)', java, [...javaArgs, '--bootstrap-server', bootstrap, '--list']);
  for (const peer of PEERS) await add(`${peer.bin} ${peer.list(bootstrap).filter((a) => !a.includes(bootstrap) && a !== '-b' && a !== '-X' && a !== '--no-config').join(' ')}`, peer.bin, peer.list(bootstrap), peer.env?.(bootstrap));
  console.log(`\nStartup, median of ${RUNS} runs each, node ${process.version}:`);
  table(rows);
});
