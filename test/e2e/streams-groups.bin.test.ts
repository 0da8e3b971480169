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

  it('--topology: the processors as the application handed them to the brokers, byte for byte as Kafka’s tool prints them', async () => {
    const args = ['--describe', '--group', group, '--topology'];
    const [ours, theirs] = await Promise.all([runKafka(['streams-groups', ...args, '-o', 'kafka']), kafkaTool(STREAMS_GROUP_COMMAND, args)]);
    expect(theirs.status, theirs.stderr).toBe(0);
    expect(ours).toMatchObject({ code: 0, stdout: theirs.stdout, stderr: '' });
    expect(ours.stdout).toMatch(/^Topologies:\n   Sub-topology: 0\n/);
    expect(ours.stdout).toContain(`    Source: KSTREAM-SOURCE-0000000000 (topics: [${input}])\n      --> KSTREAM-AGGREGATE-0000000001\n`);
    expect(ours.stdout).toContain('    Processor: KSTREAM-AGGREGATE-0000000001 (stores: [counts])\n');
    expect(ours.stdout).toMatch(new RegExp(`    Sink: KSTREAM-SINK-\\d+ \\(topic: ${output}\\)\n`));
    const json = JSON.parse((await runKafka(['streams-groups', ...args, '-o', 'json'])).stdout) as { groups: Array<{ status: string; subtopologies: Array<{ nodes: Array<{ kind: string; topics: string[]; successors: string[] }> }> }> };
    expect(json.groups[0]!.status).toBe('available');
    expect(json.groups[0]!.subtopologies[0]!.nodes.find((n) => n.kind === 'source')).toMatchObject({ topics: [input], successors: [expect.stringMatching(/^KSTREAM-AGGREGATE-/)] });
  });

  it('--reset-offsets and --delete-offsets while the application runs: refused, in Kafka’s words', async () => {
    const reset = await runKafka(['streams-groups', '--reset-offsets', '--group', group, '--all-input-topics', '--to-earliest', '--execute']);
    expect(reset).toMatchObject({ code: 1, stdout: '', stderr: `error: Assignments can only be reset if the group '${group}' is inactive, but the current state is Stable. — stop every instance of the application first\n` });
    const args = ['--delete-offsets', '--group', group, '--all-input-topics'];
    const [ours, theirs] = await Promise.all([runKafka(['streams-groups', ...args, '-o', 'kafka']), kafkaTool(STREAMS_GROUP_COMMAND, args)]);
    // Kafka's tool exits 0 on refused partitions; ours prints the same text and says so on stderr (exit 1).
    expect(theirs.stdout).toContain('GroupSubscribedToTopicException');
    expect(ours).toMatchObject({ code: 1, stdout: theirs.stdout, stderr: expect.stringMatching(/^error: offsets of 2 partition\(s\) were not deleted: Deleting offsets of a topic is forbidden while the consumer group is actively subscribed to it\. — stop every instance of the application first\n$/) });
  });

  it('consumer-groups --describe on it says it is a streams group and which command describes it', async () => {
    expect(await runKafka(['consumer-groups', '--describe', '--group', group])).toMatchObject({ code: 5, stdout: '', stderr: `error: group '${group}' is a streams group, not a consumer group — describe it with \`kafka streams-groups --describe --group ${group}\`\n` });
  });

  it('console-consumer --group naming it: one line saying it is a streams group (exit 7), and the application undisturbed', async () => {
    const r = await runKafka(['console-consumer', '--topic', input, '--group', group, '--from-beginning', '--max-messages', '1'], { timeoutMs: 90_000 });
    expect(r).toMatchObject({ code: 7, stdout: '', stderr: `error: group '${group}' is a streams group (a Kafka Streams application's): a console consumer cannot join it — read in a group of your own, \`kafka console-consumer --topic ${input} --group <another>\`, or in none\n` });
    expect((await describeJson())?.state).toBe('Stable');
  });

  it('--reset-offsets once it has stopped: plans as Kafka’s tool does; --execute with its internal topics deleted makes it reprocess from the start with fresh state', async () => {
    await app!.stop();
    await until('the group empty', async () => (await describeJson('--state'))?.state === 'Empty', 60_000, 500);
    for (const args of [
      ['--all-input-topics', '--to-earliest', '--dry-run'],
      ['--input-topic', `${input}:1`, '--shift-by', '-1', '--dry-run'],
      ['--input-topic', input, '--to-offset', '1', '--dry-run'],
      ['--all-input-topics', '--to-latest', '--dry-run', '--export'],
    ]) {
      const full = ['--reset-offsets', '--group', group, ...args];
      const [ours, theirs] = await Promise.all([runKafka(['streams-groups', ...full, '-o', 'kafka']), kafkaTool(STREAMS_GROUP_COMMAND, full)]);
      expect(theirs.status, theirs.stderr).toBe(0);
      expect(ours, args.join(' ')).toMatchObject({ code: 0, stdout: theirs.stdout });
    }
    expect(await runKafka(['streams-groups', '--reset-offsets', '--group', group, '--input-topic', output, '--to-earliest', '--dry-run'])).toMatchObject({
      code: 7,
      stderr: `error: One or more topics are not part of the group '${group}'. — name the topics it reads: \`kafka streams-groups --describe --group ${group} --offsets\`\n`,
    });
    expect(await runKafka(['streams-groups', '--reset-offsets', '--group', group, '--all-input-topics', '--to-earliest', '--execute', '--delete-internal-topic', input])).toMatchObject({
      code: 7,
      stderr: `error: topic '${input}' is not an internal topic of streams group '${group}' — its internal topics are ${group}-counts-changelog\n`,
    });
    const changelog = `${group}-counts-changelog`;
    const topics = async () => (await runKafka(['topics', '--list'])).stdout.split('\n');
    expect(await topics()).toContain(changelog);

    const executed = await runKafka(['streams-groups', '--reset-offsets', '--group', group, '--all-input-topics', '--to-earliest', '--execute', '--delete-all-internal-topics', '-o', 'json']);
    expect(executed.code, executed.stderr).toBe(0);
    expect(JSON.parse(executed.stdout)).toEqual({ executed: true, offsets: [0, 1].map((partition) => ({ group, topic: input, partition, offset: 0 })) });
    expect(executed.stderr).toBe(`Deleted internal topic ${changelog}.\n`);
    expect(await topics()).not.toContain(changelog);
    // Kafka's tool reads the group back where we put it.
    const current = await kafkaTool(STREAMS_GROUP_COMMAND, ['--reset-offsets', '--group', group, '--all-input-topics', '--to-current', '--dry-run']);
    expect(current.stdout.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/).slice(1))).toEqual(expect.arrayContaining([[input, '0', '0'], [input, '1', '0']]));

    // Run again: every input record is counted again from zero (a kept store would count 'a' to 4).
    const latestCounts = async () => {
      const r = await runKafka(['console-consumer', '--topic', output, '--from-beginning', '-e', '--property', 'print.key=true', '--property', 'key.separator=:']);
      return r.stdout.trim().split('\n');
    };
    const before = (await latestCounts()).length;
    app = await startStreamsApp(inject('bootstrap'), group, input, output);
    await until('the input reprocessed', async () => {
      const partitions = (await describeJson('--offsets'))?.partitions ?? [];
      return partitions.length === 2 && partitions.every((p) => p.lag === 0) && (await latestCounts()).length > before;
    }, 120_000, 1000);
    const counts = await latestCounts();
    expect(counts.filter((l) => l.startsWith('a:')).at(-1)).toBe('a:2');
    expect(counts.slice(before).every((l) => Number(l.split(':')[1]) <= 2)).toBe(true);
  }, 300_000);

  it('--delete-offsets once it has stopped: the group forgets its input offsets, as Kafka’s tool reports it', async () => {
    await app!.stop();
    await until('the group empty', async () => (await describeJson('--state'))?.state === 'Empty', 60_000, 500);
    const r = await runKafka(['streams-groups', '--delete-offsets', '--group', group, '--input-topic', input, '-o', 'kafka']);
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: `Request succeeded for deleting offsets from group ${group}.\n\n${'TOPIC'.padEnd(Math.max(15, input.length))} PARTITION  STATUS         ${[0, 1].map((p) => `\n${input.padEnd(15)} ${String(p).padEnd(10)} Successful     `).join('')}\n` });
    const current = await kafkaTool(STREAMS_GROUP_COMMAND, ['--reset-offsets', '--group', group, '--all-input-topics', '--to-current', '--dry-run']);
    expect(current.stdout.trim()).toMatch(/^GROUP +TOPIC +PARTITION +NEW-OFFSET$/);
  }, 120_000);

  it('--delete: refused while the application runs (exit 1), then done once it has stopped, with its internal topics, as Kafka’s tool says', async () => {
    app = await startStreamsApp(inject('bootstrap'), group, input, output);
    const running = await runKafka(['streams-groups', '--delete', '--group', group, '-o', 'kafka']);
    expect(running).toMatchObject({ code: 1, stderr: `error: deletion failed for '${group}' (Streams group '${group}' is not EMPTY.)\n` });
    await app.stop();
    await until('the group empty', async () => (await describeJson('--state'))?.state === 'Empty', 60_000, 500);
    expect((await runKafka(['topics', '--list'])).stdout.split('\n')).toContain(`${group}-counts-changelog`);
    const missing = await runKafka(['streams-groups', '--describe', '--group', uniqueName('no-such-app')]);
    expect(missing).toMatchObject({ code: 5, stdout: '', stderr: expect.stringMatching(/^error: Streams group '.*' does not exist\. — list them with `kafka groups --streams`\n$/) });
    expect(await runKafka(['streams-groups', '--delete', '--group', group, '--delete-all-internal-topics', '-o', 'kafka'])).toMatchObject({
      code: 0,
      stdout: `Deletion of requested streams groups ('${group}') was successful.\nDeletion of associated internal topics of the streams groups ('${group}') was successful.\n`,
    });
    expect((await runKafka(['groups', '--streams', '-o', 'json'])).stdout).not.toContain(`"${group}"`);
    expect((await runKafka(['topics', '--list'])).stdout.split('\n')).not.toContain(`${group}-counts-changelog`);
    expect((await runKafka(['topics', '--list'])).stdout.split('\n')).toEqual(expect.arrayContaining([input, output]));
  }, 240_000);
});
