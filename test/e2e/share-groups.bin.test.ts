import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaTool, startKafkaTool, TOOLS } from '../support/kafka-tool.js';
import { runKafka, uniqueName } from '../support/run-kafka.js';
import { until } from '../support/until.js';

interface DescribedShareGroup {
  state: string;
  members: Array<{ memberId: string; assignment: unknown[] }>;
  partitions?: Array<{ partition: number; startOffset: number | null; lag: number | null }>;
}

describe('share-groups (kafka-share-groups): a share group with a live member', () => {
  const topic = uniqueName('share');
  const group = uniqueName('share-g');
  let java: ChildProcess;
  let printed = '';

  const describeJson = async (...view: string[]) => {
    const r = await runKafka(['share-groups', '--describe', '--group', group, ...view, '-o', 'json']);
    return r.code === 0 ? (JSON.parse(r.stdout).groups[0] as DescribedShareGroup) : null;
  };

  beforeAll(async () => {
    expect((await runKafka(['topics', '--create', '--topic', topic, '--partitions', '2'])).code).toBe(0);
    // Kafka's own share consumer as the live member: the group as another client leaves it.
    java = await startKafkaTool(TOOLS.consoleShareConsumer, ['--topic', topic, '--group', group]);
    java.stdout!.on('data', (d) => (printed += d));
    await until('the share consumer in a stable group with its partitions', async () => {
      const g = await describeJson('--members');
      return g?.state === 'Stable' && g.members.length === 1 && g.members[0]!.assignment.length === 2;
    }, 90_000, 500);
    expect((await runKafka(['console-producer', '--topic', topic], { input: Array.from({ length: 10 }, (_, i) => `r${i}\n`).join('') })).code).toBe(0);
    await until('the share consumer to print every record', () => printed.split('\n').filter(Boolean).length >= 10, 60_000);
    // The broker moves a partition's start offset as acknowledgements are written: read once it holds still.
    let last = '';
    await until('the group’s offsets to settle', async () => {
      const now = JSON.stringify(await describeJson());
      const settled = now === last;
      last = now;
      return settled;
    }, 60_000, 1000);
  }, 240_000);

  afterAll(async () => {
    java?.kill('SIGTERM');
  });

  it('-o kafka is ShareGroupCommand’s text for members, state and offsets, verbose or not', async () => {
    for (const view of [['--members'], ['--members', '--verbose'], ['--state'], ['--state', '--verbose'], ['--offsets'], ['--offsets', '--verbose']]) {
      const args = ['--describe', '--group', group, ...view];
      const [ours, theirs] = await Promise.all([runKafka(['share-groups', ...args, '-o', 'kafka']), kafkaTool(TOOLS.shareGroups, args)]);
      expect(theirs.status, theirs.stderr).toBe(0);
      expect(ours).toMatchObject({ code: 0, stdout: theirs.stdout, stderr: '' });
    }
  });

  it('our own formats: the member and its partitions, offsets and lag per partition; the group in --list --state', async () => {
    const members = await describeJson('--members');
    expect(members).toMatchObject({ state: 'Stable', members: [{ assignment: [{ topic, partition: 0 }, { topic, partition: 1 }] }] });
    const table = await runKafka(['share-groups', '--describe', '--group', group]);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    const known = /^(\d+|-)$/;
    expect(table.stdout.split('\n').slice(1, -1).map((l) => l.trim().split(/\s+/).slice(1))).toEqual(
      expect.arrayContaining([[topic, '0', expect.stringMatching(known), expect.stringMatching(known)]]),
    );
    const listed = await runKafka(['share-groups', '--list', '--state', 'stable', '-o', 'json']);
    expect(JSON.parse(listed.stdout).groups).toContainEqual({ group, state: 'Stable' });
  });

  it('reset, delete-offsets and delete: refused while a member is in the group; once it has left, as Kafka’s tool does them', async () => {
    const stable = await runKafka(['share-groups', '--reset-offsets', '--group', group, '--topic', topic, '--to-earliest', '--execute']);
    expect(stable).toMatchObject({ code: 1, stdout: '', stderr: `error: Share group '${group}' is not empty. — stop its consumers first\n` });
    java.kill('SIGTERM');
    await until('the group empty', async () => (await describeJson('--state'))?.state === 'Empty', 60_000, 500);

    const plan = ['--reset-offsets', '--group', group, '--topic', topic, '--to-earliest', '--dry-run'];
    const [ours, theirs] = await Promise.all([runKafka(['share-groups', ...plan, '-o', 'kafka']), kafkaTool(TOOLS.shareGroups, plan)]);
    expect(theirs.status, theirs.stderr).toBe(0);
    expect(ours).toMatchObject({ code: 0, stdout: theirs.stdout, stderr: '' });

    const executed = await runKafka(['share-groups', '--reset-offsets', '--group', group, '--topic', `${topic}:0`, '--to-offset', '3', '--execute', '-o', 'json']);
    expect(executed).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(executed.stdout)).toEqual({ executed: true, offsets: [{ group, topic, partition: 0, offset: 3 }] });
    // Kafka's own tool reads the new start.
    const described = await kafkaTool(TOOLS.shareGroups, ['--describe', '--group', group, '--offsets']);
    expect(described.stdout).toMatch(new RegExp(`^${group} +${topic} +0 +3 +\\d+ *$`, 'm'));

    const deleteArgs = ['--delete-offsets', '--group', group, '--topic', topic];
    expect(await runKafka(['share-groups', ...deleteArgs, '-o', 'kafka'])).toMatchObject({ code: 0, stdout: `\nTOPIC${' '.repeat(Math.max(15, topic.length) - 5)} STATUS\n${topic.padEnd(15)} Successful\n`, stderr: '' });
    expect((await kafkaTool(TOOLS.shareGroups, ['--describe', '--group', group, '--offsets'])).stdout).toBe(`\nShare group '${group}' has no offset information.\n`);

    expect(await runKafka(['share-groups', '--delete', '--group', group, '--yes', '-o', 'kafka'])).toMatchObject({ code: 0, stdout: `Deletion of requested share groups ('${group}') was successful.\n`, stderr: '' });
    expect((await kafkaTool(TOOLS.shareGroups, ['--list'])).stdout.split('\n')).not.toContain(group);
  });

  it('a group that is not there, and Kafka’s argument rules: one line each', async () => {
    const missing = uniqueName('no-share');
    expect(await runKafka(['share-groups', '--describe', '--group', missing])).toMatchObject({
      code: 5,
      stderr: `error: share group '${missing}' does not exist — list them with \`kafka groups --share\`\n`,
    });
    const cases: Array<[string[], string]> = [
      [['--describe'], 'Option [describe] takes one of these options: [all-groups], [group]'],
      [['--list', '--describe', '--group', 'g'], 'Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets.'],
      [['--list', '--state', 'bogus'], "Invalid state list 'bogus'. Valid states are: Empty, Dead, Stable"],
      [['--describe', '--group', 'g', '--members', '--state'], 'Option [describe] takes at most one of these options: [members], [offsets], [state]'],
      [['--reset-offsets', '--group', 'g', '--topic', 't', '--to-earliest'], 'Option [reset-offsets] takes the option: [execute] or [dry-run]'],
      [['--reset-offsets', '--group', 'g', '--to-earliest', '--dry-run'], 'Option [reset-offsets] takes one of these options: [all-topics], [from-file], [topic]'],
      [['--delete-offsets', '--group', 'g'], 'Option [delete-offsets] takes the following options: [topic], [group]'],
    ];
    for (const [args, message] of cases) {
      const r = await runKafka(['share-groups', ...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.startsWith(`error: ${message}`), r.stderr).toBe(true);
    }
  });
});
