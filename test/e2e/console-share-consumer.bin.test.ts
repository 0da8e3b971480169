import { spawn } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { kafkaTool, TOOLS } from '../support/kafka-tool.js';
import { BIN, runKafka, uniqueName } from '../support/run-kafka.js';
import { until } from '../support/until.js';

/** A topic and a share group that starts at the earliest offset (share groups start at the latest by default). */
async function topicAndGroup(partitions = 1): Promise<{ topic: string; group: string }> {
  const topic = uniqueName('share-c');
  const group = uniqueName('share-cg');
  expect((await runKafka(['topics', '--create', '--topic', topic, '--partitions', String(partitions)])).code).toBe(0);
  expect((await runKafka(['configs', '--alter', '--group', group, '--add-config', 'share.auto.offset.reset=earliest'])).code).toBe(0);
  return { topic, group };
}

const produce = async (topic: string, lines: string[], ...args: string[]) => {
  const r = await runKafka(['console-producer', '--topic', topic, ...args], { input: lines.map((l) => `${l}\n`).join('') });
  expect(r.code, r.stderr).toBe(0);
};

const shareConsume = (topic: string, group: string, ...args: string[]) => runKafka(['console-share-consumer', '--topic', topic, '--group', group, ...args], { timeoutMs: 90_000 });

const membersOf = async (group: string): Promise<number> => {
  const r = await runKafka(['share-groups', '--describe', '--group', group, '--members', '-o', 'json']);
  return r.code === 0 ? (JSON.parse(r.stdout) as { groups: Array<{ members: Array<{ assignment: unknown[] }> }> }).groups[0]!.members.filter((m) => m.assignment.length > 0).length : 0;
};

describe('console-share-consumer (kafka-console-share-consumer) on a share group of Kafka 4.4', () => {
  it('two share consumers on one partition both receive records, each record printed by one of them once (a classic group gives a partition to one member)', async () => {
    const { topic, group } = await topicAndGroup(1);
    const start = () => {
      const child = spawn(BIN, ['console-share-consumer', '--topic', topic, '--group', group, '--timeout-ms', '8000', '--consumer-property', 'max.poll.records=20'], { env: { ...process.env, KAFKA_BOOTSTRAP_SERVERS: inject('bootstrap') }, stdio: ['ignore', 'pipe', 'pipe'] });
      const run = { out: '', err: '', exited: new Promise<number | null>((resolve) => child.on('close', resolve)) };
      child.stdout.on('data', (d) => (run.out += d));
      child.stderr.on('data', (d) => (run.err += d));
      return run;
    };
    const [a, b] = [start(), start()];
    await until('both members assigned the partition', async () => (await membersOf(group)) === 2, 60_000, 500);
    const sent = Array.from({ length: 2000 }, (_, i) => `m${i}`);
    // In small pieces, so that both members' fetches find records waiting.
    for (let i = 0; i < sent.length; i += 100) await produce(topic, sent.slice(i, i + 100), '--linger-ms', '0');
    expect(await a.exited, a.err).toBe(0);
    expect(await b.exited, b.err).toBe(0);
    const got = [a.out, b.out].map((out) => out.split('\n').filter(Boolean));
    expect(got[0]!.length, `a printed ${got[0]!.length}, b ${got[1]!.length}`).toBeGreaterThan(0);
    expect(got[1]!.length, `a printed ${got[0]!.length}, b ${got[1]!.length}`).toBeGreaterThan(0);
    expect(got[0]!.length + got[1]!.length).toBe(2000);
    expect(new Set([...got[0]!, ...got[1]!])).toEqual(new Set(sent));
    expect(a.err).toBe(`Processed a total of ${got[0]!.length} messages\n`);
  }, 180_000);

  it('--release: the record is delivered again, its delivery count up by one; --reject: never again; accepted records are not seen twice', async () => {
    const { topic, group } = await topicAndGroup(1);
    await produce(topic, ['x']);
    const released = await shareConsume(topic, group, '--release', '--max-messages', '2', '--property', 'print.delivery=true', '--property', 'print.offset=true');
    expect(released).toMatchObject({ code: 0, stdout: 'Offset:0\tDelivery:1\tx\nOffset:0\tDelivery:2\tx\n', stderr: 'Processed a total of 2 messages\n' });
    const accepted = await shareConsume(topic, group, '--max-messages', '1', '--property', 'print.delivery=true');
    expect(accepted).toMatchObject({ code: 0, stdout: 'Delivery:3\tx\n' });
    await produce(topic, ['y', 'z']);
    const rejected = await shareConsume(topic, group, '--reject', '--max-messages', '2');
    expect(rejected).toMatchObject({ code: 0, stdout: 'y\nz\n' });
    // Nothing left to hand out: x was accepted, y and z rejected.
    const none = await shareConsume(topic, group, '--timeout-ms', '3000');
    expect(none).toMatchObject({ code: 0, stdout: '', stderr: 'Processed a total of 0 messages\n' });
  }, 120_000);

  it('records handed out beyond --max-messages are released at exit, not held until their lock times out', async () => {
    const { topic, group } = await topicAndGroup(1);
    await produce(topic, ['1', '2', '3', '4', '5']);
    const first = await shareConsume(topic, group, '--max-messages', '2');
    expect(first).toMatchObject({ code: 0, stdout: '1\n2\n' });
    // Well within the 30 s acquisition lock: the other three are there for the next member at once.
    const rest = await shareConsume(topic, group, '--max-messages', '3', '--property', 'print.delivery=true');
    expect(rest).toMatchObject({ code: 0, stdout: 'Delivery:2\t3\nDelivery:2\t4\nDelivery:2\t5\n' });
    expect(rest.ms).toBeLessThan(20_000);
  }, 120_000);

  it('console-consumer --group on a share group: one line saying what the group is and what reads it (exit 7), not the broker’s protocol error', async () => {
    const { topic, group } = await topicAndGroup(1);
    await produce(topic, ['x']);
    expect(await shareConsume(topic, group, '--max-messages', '1')).toMatchObject({ code: 0, stdout: 'x\n' });
    const classic = await runKafka(['console-consumer', '--topic', topic, '--group', group, '--from-beginning', '--max-messages', '1'], { timeoutMs: 90_000 });
    expect(classic).toMatchObject({ code: 7, stdout: '', stderr: `error: group '${group}' is a share group: a console consumer cannot join it — read it with \`kafka console-share-consumer --group ${group} --topic ${topic}\`\n` });
  }, 120_000);

  it('-o kafka: the formatter’s text is Kafka’s ConsoleShareConsumer’s, byte for byte', async () => {
    const { topic, group } = await topicAndGroup(1);
    const theirGroup = uniqueName('share-cg-kafka');
    expect((await runKafka(['configs', '--alter', '--group', theirGroup, '--add-config', 'share.auto.offset.reset=earliest'])).code).toBe(0);
    await produce(topic, ['h1:v1\tk1\tone', 'h2:x\tNULL\ttwo'], '--property', 'parse.key=true', '--property', 'parse.headers=true', '--property', 'null.marker=NULL');
    const props = ['print.partition=true', 'print.offset=true', 'print.delivery=true', 'print.epoch=true', 'print.headers=true', 'print.key=true', 'key.separator= | '].flatMap((p) => ['--formatter-property', p]);
    const ours = await shareConsume(topic, group, '--max-messages', '2', ...props);
    const theirs = await kafkaTool(TOOLS.consoleShareConsumer, ['--topic', topic, '--group', theirGroup, '--max-messages', '2', ...props]);
    expect(theirs.status, theirs.stderr).toBe(0);
    expect(ours).toMatchObject({ code: 0, stdout: theirs.stdout, stderr: 'Processed a total of 2 messages\n' });
  }, 120_000);

  it('bad input: one line and an exit code', async () => {
    const { topic, group } = await topicAndGroup(1);
    expect(await runKafka(['console-share-consumer', '--topic', uniqueName('missing')])).toMatchObject({ code: 5, stdout: '', stderr: expect.stringMatching(/^error: topic '.*' does not exist\n$/) });
    expect(await runKafka(['console-share-consumer', '--topic', topic, '--release', '--reject'])).toMatchObject({ code: 2, stderr: 'error: At most one of --reject and --release may be specified.\n' });
    const classic = uniqueName('classic');
    expect((await runKafka(['console-consumer', '--topic', topic, '--group', classic, '--timeout-ms', '1000'])).code).toBe(0);
    expect(await shareConsume(topic, classic, '--timeout-ms', '1000')).toMatchObject({ code: 7, stdout: '', stderr: `error: group '${classic}' is not a share group — a share group needs a group id of its own\n` });
    expect(group).not.toBe(classic);
  }, 60_000);
});
