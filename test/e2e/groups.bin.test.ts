import { beforeAll, describe, expect, it } from 'vitest';
import { kafkaTool, TOOLS } from '../support/kafka-tool.js';
import { runKafka, uniqueName } from '../support/run-kafka.js';

describe('groups (kafka-groups): every group of every type', () => {
  const topic = uniqueName('groups');
  const classic = uniqueName('groups-classic');
  const kip848 = uniqueName('groups-consumer');
  const share = uniqueName('groups-share');

  beforeAll(async () => {
    expect((await runKafka(['topics', '--create', '--topic', topic, '--partitions', '2'])).code).toBe(0);
    expect((await runKafka(['console-producer', '--topic', topic], { input: 'a\nb\n' })).code).toBe(0);
    // A classic group (ours), a consumer-protocol group and a share group (Kafka's own consumers: ours speak neither).
    expect((await runKafka(['console-consumer', '--topic', topic, '--group', classic, '--from-beginning', '-e'])).code).toBe(0);
    const java = await kafkaTool(TOOLS.consoleConsumer, ['--topic', topic, '--group', kip848, '--from-beginning', '--max-messages', '2', '--consumer-property', 'group.protocol=consumer']);
    expect(java.status, java.stderr).toBe(0);
    // It joins, finds nothing new (a share group starts at the end) and gives up: the group is there.
    await kafkaTool(TOOLS.consoleShareConsumer, ['--topic', topic, '--group', share, '--max-messages', '1', '--timeout-ms', '3000']);
  }, 120_000);

  it('lists each with its type and protocol; --consumer, --share and --group-type filter as Kafka’s tool does', async () => {
    const all = await runKafka(['groups', '-o', 'json']);
    expect(all).toMatchObject({ code: 0, stderr: '' });
    const byName = new Map((JSON.parse(all.stdout).groups as Array<{ group: string; type: string; protocol: string }>).map((g) => [g.group, g]));
    expect(byName.get(classic)).toMatchObject({ type: 'Classic', protocol: 'consumer' });
    expect(byName.get(kip848)).toMatchObject({ type: 'Consumer', protocol: 'consumer' });
    expect(byName.get(share)).toMatchObject({ type: 'Share', protocol: 'share' });
    const names = async (...filter: string[]) => (JSON.parse((await runKafka(['groups', ...filter, '-o', 'json'])).stdout).groups as Array<{ group: string }>).map((g) => g.group);
    expect(await names('--consumer')).toEqual(expect.arrayContaining([classic, kip848]));
    expect(await names('--consumer')).not.toContain(share);
    expect(await names('--share')).toContain(share);
    expect(await names('--share')).not.toEqual(expect.arrayContaining([classic]));
    expect(await names('--group-type', 'classic')).toContain(classic);
    expect(await names('--group-type', 'classic')).not.toContain(kip848);
    expect(await names('--protocol', 'share')).toContain(share);
    expect(await names('--protocol', 'share')).not.toContain(kip848);
  });

  it('-o kafka is GroupsCommand’s table (cells as wide as the longest, rows ending in a space)', async () => {
    // Share groups only: made by this test alone, so both tools see the same ones while the suite runs.
    const [ours, theirs] = await Promise.all([runKafka(['groups', '--list', '--share', '-o', 'kafka']), kafkaTool(TOOLS.groups, ['--list', '--share'])]);
    expect(ours).toMatchObject({ code: 0, stderr: '' });
    expect(theirs.status, theirs.stderr).toBe(0);
    // Kafka's tool prints them in the brokers' order, ours sorted.
    const lines = (text: string) => {
      const [header, ...rows] = text.split('\n').slice(0, -1);
      return { header, rows: rows.sort() };
    };
    expect(lines(ours.stdout)).toEqual(lines(theirs.stdout));
    const width = Math.max(20, ...lines(theirs.stdout).rows.map((row) => row.split(' ')[0]!.length));
    expect(lines(ours.stdout).rows).toContain(`${share.padEnd(width)} ${'Share'.padEnd(width)} ${'share'.padEnd(width)} `);
  });

  it('consumer-groups --describe on a share group says what it is, not that it does not exist (exit 5)', async () => {
    expect(await runKafka(['consumer-groups', '--describe', '--group', share])).toMatchObject({
      code: 5,
      stdout: '',
      stderr: `error: group '${share}' is a share group, not a consumer group — describe it with \`kafka share-groups --describe --group ${share}\`\n`,
    });
  });

  it('Kafka’s argument rules, with its messages (exit 2)', async () => {
    const cases: Array<[string[], string]> = [
      [['--consumer', '--share'], 'Option "[consumer]" can\'t be used with option "[share]"'],
      [['--streams', '--protocol', 'x'], 'Option "[streams]" can\'t be used with option "[protocol]"'],
      [['--group-type', 'bogus'], '--group-type must be a valid group type.'],
    ];
    for (const [args, message] of cases) {
      const r = await runKafka(['groups', ...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.startsWith(`error: ${message}`), r.stderr).toBe(true);
    }
  });
});
