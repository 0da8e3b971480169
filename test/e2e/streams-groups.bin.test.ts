import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { kafkaTool } from '../support/kafka-tool.js';
import { runKafka, uniqueName } from '../support/run-kafka.js';
import { startStreamsApp, type StreamsApp } from '../support/streams-app.js';
import { until } from '../support/until.js';

const STREAMS_GROUP_COMMAND = 'org.apache.kafka.tools.streams.StreamsGroupCommand';

interface DescribedStreamsGroup {
  state: string;
  members: Array<{ memberId: string; assignment: { active: Array<{ subtopologyId: string; partitions: number[] }> } }>;
  subtopologies: Array<{ subtopologyId: string; sourceTopics: string[]; stateChangelogTopics: string[] }>;
  partitions?: Array<{ topic: string; partition: number; currentOffset: number | null; logEndOffset: number; lag: number }>;
}

describe('streams-groups (kafka-streams-groups): a Kafka Streams application of the streams protocol (KIP-1071)', () => {
  const input = uniqueName('streams-in');
  const output = uniqueName('streams-out');
  const group = uniqueName('streams-app');
  let app: StreamsApp | undefined;

  const describeJson = async (...view: string[]) => {
    const r = await runKafka(['streams-groups', '--describe', '--group', group, ...view, '-o', 'json']);
    return r.code === 0 ? (JSON.parse(r.stdout).groups[0] as DescribedStreamsGroup) : null;
  };

  beforeAll(async () => {
    for (const topic of [input, output]) expect((await runKafka(['topics', '--create', '--topic', topic, '--partitions', '2'])).code).toBe(0);
    expect((await runKafka(['console-producer', '--topic', input, '--parse-key', '--key-separator', ':'], { input: 'a:1\nb:1\na:2\nc:1\nd:1\n' })).code).toBe(0);
    app = await startStreamsApp(inject('bootstrap'), group, input, output);
    // Read once the group holds still: every record processed and committed, the assignment settled.
    let last = '';
    await until('the streams group stable, every input record committed', async () => {
      const g = await describeJson('--offsets', '--verbose');
      const now = JSON.stringify(g);
      const settled = now === last && g?.state === 'Stable' && (g.partitions ?? []).reduce((n, p) => n + p.lag, 0) === 0 && (g.partitions ?? []).length === 2;
      last = now;
      return settled;
    }, 120_000, 1000);
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('-o kafka is StreamsGroupCommand’s text for the list, members, state and offsets, verbose or not', async () => {
    for (const args of [['--list'], ['--list', '--state'], ...[['--members'], ['--state'], ['--offsets'], []].flatMap((view) => [['--describe', '--group', group, ...view], ['--describe', '--group', group, ...view, '--verbose']])]) {
      const [ours, theirs] = await Promise.all([runKafka(['streams-groups', ...args, '-o', 'kafka']), kafkaTool(STREAMS_GROUP_COMMAND, args)]);
      expect(theirs.status, theirs.stderr).toBe(0);
      if (args[0] === '--list') {
        // Other tests' streams groups may come and go: the group's own line is compared.
        const line = (text: string) => text.split('\n').find((l) => l.startsWith(group));
        expect(ours.code).toBe(0);
        expect(line(ours.stdout)).toBe(line(theirs.stdout));
        continue;
      }
      expect(ours, args.join(' ')).toMatchObject({ code: 0, stdout: theirs.stdout, stderr: '' });
    }
  });

  it('our own formats: the member and its tasks, the topology’s source and changelog topics, lag per input partition', async () => {
    const g = await describeJson('--offsets');
    expect(g).toMatchObject({ state: 'Stable', members: [{ assignment: { active: [{ subtopologyId: '0', partitions: [0, 1] }] } }], subtopologies: [{ subtopologyId: '0', sourceTopics: [input], stateChangelogTopics: [`${group}-counts-changelog`] }] });
    expect(g!.partitions!.map((p) => p.lag)).toEqual([0, 0]);
    expect(g!.partitions!.reduce((n, p) => n + p.logEndOffset, 0)).toBe(5);
    const table = await runKafka(['streams-groups', '--describe', '--group', group, '--members']);
    expect(table.stdout).toMatch(new RegExp(`^GROUP +MEMBER +PROCESS +CLIENT-ID +ASSIGNMENTS\\n${group} +\\S+ +\\S+ +${group}-\\S+ +ACTIVE: 0:\\[0,1\\];\\n$`));
    const listed = await runKafka(['groups', '--streams', '-o', 'json']);
    expect(JSON.parse(listed.stdout).groups).toEqual(expect.arrayContaining([expect.objectContaining({ group, type: 'Streams', state: 'Stable' })]));
  });

  it('consumer-groups --describe on it says it is a streams group and which command describes it', async () => {
    expect(await runKafka(['consumer-groups', '--describe', '--group', group])).toMatchObject({ code: 5, stdout: '', stderr: `error: group '${group}' is a streams group, not a consumer group — describe it with \`kafka streams-groups --describe --group ${group}\`\n` });
  });

  it('--delete: refused while the application runs (exit 1), then done once it has stopped, as Kafka’s tool says', async () => {
    const running = await runKafka(['streams-groups', '--delete', '--group', group, '-o', 'kafka']);
    expect(running).toMatchObject({ code: 1, stderr: `error: deletion failed for '${group}' (Streams group '${group}' is not EMPTY.)\n` });
    await app!.stop();
    await until('the group empty', async () => (await describeJson('--state'))?.state === 'Empty', 60_000, 500);
    const missing = await runKafka(['streams-groups', '--describe', '--group', uniqueName('no-such-app')]);
    expect(missing).toMatchObject({ code: 5, stdout: '', stderr: expect.stringMatching(/^error: Streams group '.*' does not exist\. — list them with `kafka groups --streams`\n$/) });
    expect(await runKafka(['streams-groups', '--delete', '--group', group, '-o', 'kafka'])).toMatchObject({ code: 0, stdout: `Deletion of requested streams groups ('${group}') was successful.\n` });
    expect((await runKafka(['groups', '--streams', '-o', 'json'])).stdout).not.toContain(`"${group}"`);
  }, 120_000);
});
