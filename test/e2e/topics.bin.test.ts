import { describe, expect, it } from 'vitest';
import { kafkaTool, TOOLS } from '../support/kafka-tool.js';
import { runKafka, uniqueName } from '../support/run-kafka.js';

const kafka = (...args: string[]) => runKafka(['topics', ...args]);

describe('kafka topics (real broker)', () => {
  it('create, list, describe, alter, delete — verb and flag styles', async () => {
    const a = uniqueName('tp-a');
    const b = uniqueName('tp-b');
    expect((await kafka('create', a, '--partitions', '3')).code).toBe(0);
    const created = await kafka('--create', '--topic', b, '--partitions', '1', '--replication-factor', '1', '--config', 'retention.ms=3600000');
    expect(created.code).toBe(0);
    expect(created.stderr).toBe(`Created topic ${b}.\n`);
    expect(created.stdout).toBe('');

    const list = await kafka('--list');
    expect(list.stdout.split('\n')).toEqual(expect.arrayContaining([a, b]));
    expect((await kafka('list', '-o', 'json')).stdout).toContain(`"${a}"`);

    const json = JSON.parse((await kafka('describe', b, '-o', 'json')).stdout);
    expect(json.topics[0]).toMatchObject({ name: b, partitionCount: 1, replicationFactor: 1, configs: { 'retention.ms': '3600000' } });
    expect(json.topics[0].topicId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const [only] = json.topics[0].partitions;
    expect(only).toMatchObject({ partition: 0, replicas: [only.leader], isr: [only.leader], earliestOffset: 0, latestOffset: 0, messages: 0 });
    // Without --replication-factor, the cluster's default: 3 here.
    expect(JSON.parse((await kafka('describe', a, '-o', 'json')).stdout).topics[0]).toMatchObject({ replicationFactor: 3 });

    expect((await kafka('--alter', '--topic', a, '--partitions', '5')).code).toBe(0);
    expect(JSON.parse((await kafka('describe', a, '-o', 'json')).stdout).topics[0].partitionCount).toBe(5);

    expect((await kafka('--delete', '--topic', `${a},${b}`)).code).toBe(0);
    const after = await kafka('--list');
    expect(after.stdout).not.toContain(a);
    expect(after.stdout).not.toContain(b);
  });

  it('--output kafka matches Kafka’s own TopicCommand line by line', async () => {
    const t = uniqueName('cmp');
    await kafka('--create', '--topic', t, '--partitions', '3', '--config', 'cleanup.policy=compact', '--config', 'retention.ms=1000');
    const ours = await kafka('--describe', '--topic', t, '--output', 'kafka');
    const theirs = await kafkaTool(TOOLS.topics, ['--describe', '--topic', t]);
    expect(theirs.status).toBe(0);
    expect(ours.stdout.split('\n')).toEqual(theirs.stdout.split('\n'));
    const ourList = await kafka('--list', '--topic', t, '-o', 'kafka');
    const theirList = await kafkaTool(TOOLS.topics, ['--list', '--topic', t]);
    expect(ourList.stdout).toBe(theirList.stdout);
    const ourOverrides = await kafka('--describe', '--topics-with-overrides', '--topic', t, '-o', 'kafka');
    const theirOverrides = await kafkaTool(TOOLS.topics, ['--describe', '--topics-with-overrides', '--topic', t]);
    expect(ourOverrides.stdout).toBe(theirOverrides.stdout);
  });

  it('--topic-id describes the topic of that id and --partition-size-limit-per-response pages the answer, each as Kafka’s TopicCommand prints it', async () => {
    const t = uniqueName('by-id');
    expect((await kafka('--create', '--topic', t, '--partitions', '5')).code).toBe(0);
    const id = JSON.parse((await kafka('--describe', '--topic', t, '-o', 'json')).stdout).topics[0].topicId as string;
    const ours = await kafka('--describe', '--topic-id', id, '-o', 'kafka');
    const theirs = await kafkaTool(TOOLS.topics, ['--describe', '--topic-id', id]);
    expect(theirs.status).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stdout).toContain(`Topic: ${t}\tTopicId: ${id}\tPartitionCount: 5`);
    // Pages of 2 partitions: all 5 still there, in order.
    const paged = await kafka('--describe', '--topic', t, '--partition-size-limit-per-response', '2', '-o', 'kafka');
    expect(paged.stdout).toBe((await kafkaTool(TOOLS.topics, ['--describe', '--topic', t, '--partition-size-limit-per-response', '2'])).stdout);
    expect(paged.stdout.match(/\tPartition: \d/g)).toHaveLength(5);
    expect(await kafka('--describe', '--topic-id', 'BBBBBBBBBBBBBBBBBBBBBA')).toMatchObject({ code: 5, stderr: "error: topic id 'BBBBBBBBBBBBBBBBBBBBBA' does not exist — list topics and their ids with `kafka topics --describe`\n" });
    expect(await kafka('--describe', '--topic-id', 'xyz')).toMatchObject({ code: 2, stderr: 'error: Input string `xyz` decoded as 2 bytes, which is not equal to the expected 16 bytes of a base64-encoded UUID\n' });
  });

  it('regex selection, --exclude-internal, csv and table output', async () => {
    const prefix = uniqueName('rx');
    for (const s of ['one', 'two']) await kafka('create', `${prefix}.${s}`);
    const listed = await kafka('--list', '--topic', `${prefix}\\..*`);
    expect(listed.stdout).toBe(`${prefix}.one\n${prefix}.two\n`);
    const csv = await kafka('--describe', '--topic', `${prefix}.*`, '-o', 'csv');
    expect(csv.stdout.split('\n')[0]).toBe('topic,partition,leader,replicas,isr,offline_replicas,earliest_offset,latest_offset,messages');
    expect(csv.stdout.trim().split('\n')).toHaveLength(3);
    const table = await kafka('--describe', '--topic', `${prefix}.one`);
    expect(table.stdout).toMatch(/PARTITION\s+LEADER\s+REPLICAS\s+ISR\s+OFFLINE\s+EARLIEST\s+LATEST\s+MESSAGES/);
    expect(table.stdout).not.toContain('\u001b[');
    await kafka('describe', '__consumer_offsets'); // make sure it exists in the listing below only when not excluded
    expect((await kafka('--list', '--exclude-internal')).stdout).not.toContain('__consumer_offsets');
  });

  it('--alter --config / --delete-config change only the named configs; --all-configs shows sources', async () => {
    const t = uniqueName('cfg');
    await kafka('create', t, '--config', 'retention.ms=1000', '--config', 'cleanup.policy=compact');
    expect((await kafka('--alter', '--topic', t, '--config', 'retention.ms=2000')).code).toBe(0);
    let configs = JSON.parse((await kafka('describe', t, '-o', 'json')).stdout).topics[0].configs;
    expect(configs).toMatchObject({ 'retention.ms': '2000', 'cleanup.policy': 'compact' });
    expect((await kafka('--alter', '--topic', t, '--delete-config', 'cleanup.policy')).code).toBe(0);
    configs = JSON.parse((await kafka('describe', t, '-o', 'json')).stdout).topics[0].configs;
    expect(configs['cleanup.policy']).toBeUndefined();
    expect(configs['retention.ms']).toBe('2000');
    const all = JSON.parse((await kafka('describe', t, '--all-configs', '-o', 'json')).stdout).topics[0].allConfigs;
    expect(all.find((c: { name: string }) => c.name === 'retention.ms')).toMatchObject({ value: '2000', source: 'DYNAMIC_TOPIC_CONFIG' });
    expect(all.find((c: { name: string }) => c.name === 'cleanup.policy')).toMatchObject({ source: 'DEFAULT_CONFIG' });
  });

  it('--if-exists and --if-not-exists make the no-op case exit 0 silently', async () => {
    const t = uniqueName('idem');
    await kafka('create', t);
    const again = await kafka('create', t, '--if-not-exists');
    expect([again.code, again.stdout, again.stderr]).toEqual([0, '', '']);
    for (const action of ['--delete', '--describe']) {
      const r = await kafka(action, '--topic', uniqueName('missing'), '--if-exists');
      expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    }
    const alter = await kafka('--alter', '--topic', uniqueName('missing'), '--partitions', '3', '--if-exists');
    expect(alter.code).toBe(0);
  });

  it.each([
    ['topic exists', async (t: string) => { await kafka('create', t); return kafka('create', t); }, 6, /topic '.*' already exists — pass --if-not-exists/],
    ['topic missing', async () => kafka('--describe', '--topic', uniqueName('nope')), 5, /topic '.*' does not exist — /],
    ['invalid name', async () => kafka('create', 'bad name!'), 7, /Topic name is invalid: 'bad name!' contains one or more characters other than ASCII/],
    ['partitions lower than current', async (t: string) => { await kafka('create', t, '--partitions', '3'); return kafka('--alter', '--topic', t, '--partitions', '2'); }, 7, /has 3 partition\(s\); 2 would not be an increase/],
    ['same partition count', async (t: string) => { await kafka('create', t, '--partitions', '3'); return kafka('--alter', '--topic', t, '--partitions', '3'); }, 7, /already has 3 partition\(s\)/],
    ['replication factor above brokers', async (t: string) => kafka('create', t, '--replication-factor', '4'), 7, /replication factor 4 is larger than the 3 available broker\(s\)/],
    ['missing --topic', async () => kafka('--create', '--partitions', '1'), 2, /--create needs --topic/],
    ['unknown config name', async (t: string) => kafka('create', t, '--config', 'no.such.config=1'), 7, /no\.such\.config/],
    ['unknown config on alter', async (t: string) => { await kafka('create', t); return kafka('--alter', '--topic', t, '--config', 'no.such.config=1'); }, 7, /no\.such\.config/],
    ['deleting a config that does not exist', async (t: string) => { await kafka('create', t); return kafka('--alter', '--topic', t, '--delete-config', 'no.such.config'); }, 7, /'no\.such\.config' is not a topic config, so there is nothing to delete/],
    ['--replica-assignment on alter without --partitions', async (t: string) => { await kafka('create', t); return kafka('--alter', '--topic', t, '--replica-assignment', '1'); }, 2, /--replica-assignment on --alter places the new partitions: it needs --partitions/],
  ])('error: %s → one line on stderr and its exit code', async (_name, act, code, message) => {
    const r = await act(uniqueName('err'));
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('the partition count of an internal topic is never changed: exit 7, the count stays', async () => {
    const t = uniqueName('offsets');
    await kafka('create', t);
    // A group commit makes sure __consumer_offsets exists.
    expect((await runKafka(['console-producer', '--topic', t], { input: 'x\n' })).code).toBe(0);
    expect((await runKafka(['console-consumer', '--topic', t, '--group', `${t}-g`, '--from-beginning', '-e'])).code).toBe(0);
    const count = async () => JSON.parse((await kafka('--describe', '--topic', '__consumer_offsets', '-o', 'json')).stdout).topics[0].partitionCount as number;
    const before = await count();
    const r = await kafka('--alter', '--topic', '__consumer_offsets', '--partitions', String(before + 10));
    expect(r.code).toBe(7);
    expect(r.stderr).toBe("error: topic __consumer_offsets is a Kafka internal topic: changing its partition count would lose every group's committed offsets — internal topics keep the partition count they were created with\n");
    expect(await count()).toBe(before);
  });

  it('a --topic pattern is matched in linear time: one that would backtrack forever on a long name ends at once', async () => {
    const long = `${'a'.repeat(60)}b-${uniqueName('redos')}`;
    expect((await kafka('create', long)).code).toBe(0);
    const r = await kafka('--list', '--topic', '(a+)+');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(long);
    expect(r.ms).toBeLessThan(10_000);
    const reader = await runKafka(['console-consumer', '--include', '(a+)+', '-e'], { timeoutMs: 20_000 });
    expect(reader.stdout).toBe('');
    expect(reader.code).toBe(0);
    const member = await runKafka(['console-consumer', '--include', '(a+)+', '--group', uniqueName('redos'), '-e'], { timeoutMs: 20_000 });
    expect(member.stderr).toBe("error: no topic matches the pattern — list them with `kafka topics --list`\n");
    expect(member.code).toBe(5);
  });

  it('delete never prompts without a TTY and deletes every match', async () => {
    const prefix = uniqueName('del');
    await kafka('create', `${prefix}-1`);
    await kafka('create', `${prefix}-2`);
    const r = await kafka('--delete', '--topic', `${prefix}-.*`);
    expect(r.code).toBe(0);
    expect((await kafka('--list', '--topic', `${prefix}-.*`)).stdout).toBe('');
  });
});
