// Produce and consume throughput, side by side with kcat and Kafka's own console tools,
// on the same private local broker, in one run:
//   produce 1,000,000 x 100 B and 200,000 x 1 KB records piped in from a file;
//   consume 1,000,000 x 100 B and 200,000 x 1 KB records from the beginning to /dev/null, without
//   a group and then as a new group's only member.
// Records/s and peak RSS for each, and the time from start to the first record. Then the produce
// of 1,000,000 x 100 B again on 3 brokers (3 partitions, RF 3, min.insync.replicas=2), as
// production clusters are. kcl, kaf and kafkactl are measured too when on PATH (bench/README.md).
// COUNT_SCALE=0.1 runs a tenth of the sizes.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareWithOurs, KAFKA_BIN, javaTool, measure, PEERS, table, withCluster } from './lib.mjs';

const SCALE = Number(process.env.COUNT_SCALE ?? 1);
const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-bench-data-'));

async function dataFile(count, size) {
  const file = join(dir, `${count}x${size}.txt`);
  const out = createWriteStream(file);
  const pad = 'x'.repeat(size);
  for (let i = 0; i < count; i++) {
    const line = `${i}-${pad}`.slice(0, size) + '\n';
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return file;
}

function createTopic(bootstrap, topic, extra = ['--partitions', '1']) {
  const r = spawnSync(KAFKA_BIN, ['topics', 'create', topic, ...extra, '--bootstrap-server', bootstrap], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

function count(bootstrap, topic) {
  const r = spawnSync('kcat', ['-b', bootstrap, '-C', '-t', topic, '-e', '-q', '-f', '.'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return r.stdout.length;
}

await withCluster(async (bootstrap) => {
  const rows = [];
  const [java, producerArgs] = await javaTool('org.apache.kafka.tools.ConsoleProducer');
  const [, consumerArgs] = await javaTool('org.apache.kafka.tools.consumer.ConsoleConsumer');
  // A fresh broker's JIT is cold: whichever tool ran first would pay for it. Warm it up (not
  // measured) with both fast clients — kcat's plain produce path and the idempotent one that ours
  // and Kafka's producer use — so that every measured run meets the same warm broker.
  createTopic(bootstrap, 'bench-warm-up');
  const warmUp = await dataFile(Math.round(1_000_000 * SCALE), 100);
  spawnSync('bash', ['-c', `kcat -P -b ${bootstrap} -t bench-warm-up -X acks=all < '${warmUp}'`]);
  spawnSync('bash', ['-c', `'${KAFKA_BIN}' console-producer --topic bench-warm-up --bootstrap-server ${bootstrap} < '${warmUp}'`]);
  let n = 0;
  for (const [records, size] of [[Math.round(1_000_000 * SCALE), 100], [Math.round(200_000 * SCALE), 1024]]) {
    const file = await dataFile(records, size);
    const tools = [
      ['kafka console-producer (ours)', KAFKA_BIN, (t) => ['console-producer', '--topic', t, '--bootstrap-server', bootstrap]],
      ['kcat -P', 'kcat', (t) => ['-P', '-b', bootstrap, '-t', t, '-X', 'acks=all']],
      // As ours and Kafka's producers are by default: at most 5 requests in flight per partition.
      ['kcat -P (idempotent)', 'kcat', (t) => ['-P', '-b', bootstrap, '-t', t, '-X', 'acks=all', '-X', 'enable.idempotence=true']],
      ['kafka-console-producer.sh (Kafka)', java, (t) => [...producerArgs, '--bootstrap-server', bootstrap, '--topic', t]],
      ...PEERS.map((p) => [p.name, p.bin, (t) => p.produce(bootstrap, t), p.env?.(bootstrap)]),
    ];
    for (const [name, cmd, args, env] of tools) {
      const topic = `bench-produce-${n++}`;
      createTopic(bootstrap, topic);
      const r = await measure(cmd, args(topic), { stdinFile: file, env });
      const written = count(bootstrap, topic);
      rows.push({ test: `produce ${records.toLocaleString('en-US')} x ${size} B`, tool: name, seconds: r.seconds.toFixed(2), 'records/s': Math.round(records / r.seconds).toLocaleString('en-US'), 'peak RSS (MB)': r.rssMb.toFixed(0), 'records in topic': written.toLocaleString('en-US') });
    }
  }

  let topic = '';
  for (const [consumeRecords, size] of [[Math.round(1_000_000 * SCALE), 100], [Math.round(200_000 * SCALE), 1024]]) {
    topic = `bench-consume-${size}`;
    createTopic(bootstrap, topic);
    const file = await dataFile(consumeRecords, size);
    spawnSync('bash', ['-c', `kcat -P -b ${bootstrap} -t ${topic} < '${file}'`]);
    const consumers = [
      ['kafka console-consumer -e (ours)', KAFKA_BIN, ['console-consumer', '--topic', topic, '--from-beginning', '-e', '--bootstrap-server', bootstrap]],
      ['kcat -C -e', 'kcat', ['-C', '-b', bootstrap, '-t', topic, '-e', '-q', '-o', 'beginning']],
      ['kafka-console-consumer.sh (Kafka)', java, [...consumerArgs, '--bootstrap-server', bootstrap, '--topic', topic, '--from-beginning', '--max-messages', String(consumeRecords)]],
      ...PEERS.map((p) => [p.name, p.bin, p.consume(bootstrap, topic, consumeRecords), p.env?.(bootstrap)]),
    ];
    for (const [name, cmd, args, env] of consumers) {
      const r = await measure(cmd, args, { env });
      rows.push({ test: `consume ${consumeRecords.toLocaleString('en-US')} x ${size} B`, tool: name, seconds: r.seconds.toFixed(2), 'records/s': Math.round(consumeRecords / r.seconds).toLocaleString('en-US'), 'peak RSS (MB)': r.rssMb.toFixed(0), 'records in topic': consumeRecords.toLocaleString('en-US') });
    }
    // The same records read as a member of a new group (join, assignment, commits), up to their count.
    const count = String(consumeRecords);
    const inGroup = [
      ['kafka console-consumer --group (ours)', KAFKA_BIN, ['console-consumer', '--topic', topic, '--group', `${topic}-ours`, '--from-beginning', '--max-messages', count, '--bootstrap-server', bootstrap]],
      ['kcat -G', 'kcat', ['-b', bootstrap, '-G', `${topic}-kcat`, '-X', 'auto.offset.reset=earliest', '-c', count, '-q', topic]],
      ['kafka-console-consumer.sh --group (Kafka)', java, [...consumerArgs, '--bootstrap-server', bootstrap, '--topic', topic, '--group', `${topic}-kafka`, '--from-beginning', '--max-messages', count]],
    ];
    for (const [name, cmd, args] of inGroup) {
      const r = await measure(cmd, args, {});
      rows.push({ test: `consume ${consumeRecords.toLocaleString('en-US')} x ${size} B in a group`, tool: name, seconds: r.seconds.toFixed(2), 'records/s': Math.round(consumeRecords / r.seconds).toLocaleString('en-US'), 'peak RSS (MB)': r.rssMb.toFixed(0), 'records in topic': consumeRecords.toLocaleString('en-US') });
    }
  }
  // Startup to first record on a warm broker: read one record from the beginning and exit.
  const firsts = [
    ['kafka console-consumer (ours)', KAFKA_BIN, ['console-consumer', '--topic', topic, '--from-beginning', '--max-messages', '1', '--bootstrap-server', bootstrap]],
    ['kcat -C -c 1', 'kcat', ['-C', '-b', bootstrap, '-t', topic, '-c', '1', '-q', '-o', 'beginning']],
    ['kafka-console-consumer.sh (Kafka)', java, [...consumerArgs, '--bootstrap-server', bootstrap, '--topic', topic, '--from-beginning', '--max-messages', '1']],
    ...PEERS.map((p) => [p.name, p.bin, p.consume(bootstrap, topic, 1), p.env?.(bootstrap)]),
  ];
  for (const [name, cmd, args, env] of firsts) {
    const r = await measure(cmd, args, { env });
    rows.push({ test: 'start to first record', tool: name, seconds: r.seconds.toFixed(2), 'records/s': '-', 'peak RSS (MB)': r.rssMb.toFixed(0), 'records in topic': '-' });
  }
  console.log(`\nThroughput on one local broker (Kafka ${process.env.KAFKA_VERSION ?? 'default'}), wall time includes process start:`);
  // Each tool's speed as a share of kcat's in the same test (the goal for ours: at least 50%).
  for (const row of rows) {
    const kcat = rows.find((r) => r.test === row.test && r.tool.startsWith('kcat'));
    row['vs kcat'] = row['records/s'] === '-' ? `${Math.round((Number(kcat.seconds) / Number(row.seconds)) * 100)}% (time)` : `${Math.round((parseInt(row['records/s'].replace(/,/g, ''), 10) / parseInt(kcat['records/s'].replace(/,/g, ''), 10)) * 100)}%`;
  }
  compareWithOurs(rows);
  table(rows);
});

await withCluster(async (bootstrap) => {
  const rows = [];
  const [java, producerArgs] = await javaTool('org.apache.kafka.tools.ConsoleProducer');
  const replicated = ['--partitions', '3', '--replication-factor', '3', '--config', 'min.insync.replicas=2'];
  const records = Math.round(1_000_000 * SCALE);
  const file = await dataFile(records, 100);
  createTopic(bootstrap, 'bench-warm-up', replicated);
  spawnSync('bash', ['-c', `'${KAFKA_BIN}' console-producer --topic bench-warm-up --bootstrap-server ${bootstrap} < '${file}'`]);
  const tools = [
    ['kafka console-producer (ours)', KAFKA_BIN, (t) => ['console-producer', '--topic', t, '--bootstrap-server', bootstrap]],
    ['kcat -P', 'kcat', (t) => ['-P', '-b', bootstrap, '-t', t, '-X', 'acks=all']],
    ['kcat -P (idempotent)', 'kcat', (t) => ['-P', '-b', bootstrap, '-t', t, '-X', 'acks=all', '-X', 'enable.idempotence=true']],
    ['kafka-console-producer.sh (Kafka)', java, (t) => [...producerArgs, '--bootstrap-server', bootstrap, '--topic', t]],
    ...PEERS.map((p) => [p.name, p.bin, (t) => p.produce(bootstrap, t), p.env?.(bootstrap)]),
  ];
  let n = 0;
  for (const [name, cmd, args, env] of tools) {
    const topic = `bench-produce-3b-${n++}`;
    createTopic(bootstrap, topic, replicated);
    const r = await measure(cmd, args(topic), { stdinFile: file, env });
    rows.push({ test: `produce ${records.toLocaleString('en-US')} x 100 B, 3 brokers`, tool: name, seconds: r.seconds.toFixed(2), 'records/s': Math.round(records / r.seconds).toLocaleString('en-US'), 'peak RSS (MB)': r.rssMb.toFixed(0), 'records in topic': count(bootstrap, topic).toLocaleString('en-US') });
  }
  console.log('\nThe same produce on 3 brokers (3 partitions, RF 3, min.insync.replicas=2, acks=all):');
  const kcat = rows.find((r) => r.tool.startsWith('kcat'));
  for (const row of rows) row['vs kcat'] = `${Math.round((Number(kcat.seconds) / Number(row.seconds)) * 100)}%`;
  compareWithOurs(rows);
  table(rows);
}, 3);
