import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { kafkaTool, startKafkaTool, TOOLS } from '../support/kafka-tool.js';
import { BIN, runKafka, uniqueName } from '../support/run-kafka.js';
import { until } from '../support/until.js';

const groups = (...args: string[]) => runKafka(['consumer-groups', ...args]);
const committed = async (group: string) =>
  JSON.parse((await groups('describe', group, '-o', 'json')).stdout).groups[0].partitions
    .map((p: { partition: number; currentOffset: number | null }) => `${p.partition}:${p.currentOffset}`)
    .sort();
const sortedLines = (text: string) => text.split('\n').sort();

describe('kafka consumer-groups (real broker, real consumers)', () => {
  const topic = uniqueName('cg');
  const stopped = uniqueName('stopped');
  const active = uniqueName('active');
  let live: ChildProcess;

  beforeAll(async () => {
    expect((await runKafka(['topics', 'create', topic, '--partitions', '3'])).code).toBe(0);
    // 10 records per partition.
    for (const partition of [0, 1, 2]) {
      const lines = Array.from({ length: 10 }, (_, i) => `p${partition}-${i}`);
      expect((await runKafka(['console-producer', '--topic', topic, '--partition', String(partition)], { input: lines.join('\n') })).code).toBe(0);
    }
    expect((await runKafka(['console-consumer', '--topic', topic, '--group', stopped, '--from-beginning', '--max-messages', '12'])).code).toBe(0);
    live = spawn(BIN, ['console-consumer', '--topic', topic, '--group', active, '--from-beginning'], { env: { ...process.env, KAFKA_BOOTSTRAP_SERVERS: inject('bootstrap') } });
    let seen = '';
    live.stdout!.on('data', (d) => (seen += d));
    await until('30 lines from the live consumer', () => seen.split('\n').filter(Boolean).length >= 30, 30_000, 100);
    await until(`${active} committed all it printed`, async () => {
      const group = JSON.parse((await groups('describe', active, '-o', 'json')).stdout).groups[0];
      return group.members.length === 1 && group.totalLag === 0;
    });
  }, 90_000);

  afterAll(() => {
    live?.kill('SIGTERM');
  });

  it('--validate-regex says what Kafka’s tool says, byte for byte, and exits 7 for an invalid regex; it is an action of its own', async () => {
    for (const [regex, code] of [['orders\\..*', 0], ['a(?=b)', 7], ['a[', 7], ['x{2,1}', 7]] as const) {
      const ours = await groups('--validate-regex', regex);
      const theirs = await kafkaTool(TOOLS.consumerGroups, ['--validate-regex', regex]);
      expect(ours.stdout, regex).toBe(theirs.stdout);
      expect(ours.code, regex).toBe(code);
    }
    const two = await groups('--validate-regex', 'a', '--list');
    expect(two).toMatchObject({ code: 2, stderr: 'error: Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets, --validate-regex\n' });
  });

  it('--list shows both groups; --state filters by state', async () => {
    expect((await groups('--list')).stdout.split('\n')).toEqual(expect.arrayContaining([stopped, active]));
    const empty = (await groups('--list', '--state', 'Empty')).stdout;
    expect(empty).toContain(stopped);
    expect(empty).not.toContain(active);
    const json = JSON.parse((await groups('list', '--state', '-o', 'json')).stdout);
    expect(json.groups).toEqual(expect.arrayContaining([{ group: active, type: 'Classic', state: 'Stable' }, { group: stopped, type: 'Classic', state: 'Empty' }]));
  });

  it('describe --output kafka equals Kafka’s ConsumerGroupCommand: offsets, members, state', async () => {
    for (const [group, mode] of [[stopped, []], [active, []], [active, ['--members']], [active, ['--members', '--verbose']], [active, ['--state']], [stopped, ['--state']]] as const) {
      const ours = await groups('--describe', '--group', group, ...mode, '-o', 'kafka');
      const theirs = await kafkaTool(TOOLS.consumerGroups, ['--describe', '--group', group, ...mode]);
      expect(theirs.status, theirs.stderr).toBe(0);
      expect(sortedLines(ours.stdout), `${group} ${mode.join(' ')}`).toEqual(sortedLines(theirs.stdout));
    }
  }, 120_000);

  it('offsets table and JSON: lag per partition and in total; "-" where nothing is committed', async () => {
    const json = JSON.parse((await groups('describe', stopped, '-o', 'json')).stdout).groups[0];
    expect(json.state).toBe('Empty');
    const committedSum = json.partitions.reduce((n: number, p: { currentOffset: number | null }) => n + (p.currentOffset ?? 0), 0);
    expect(committedSum).toBe(12);
    const rowsLag = json.partitions.reduce((n: number, p: { lag: number | null }) => n + (p.lag ?? 0), 0);
    expect(json.totalLag).toBe(rowsLag);
    for (const p of json.partitions) expect(p.lag).toBe(p.currentOffset === null ? null : p.logEndOffset - p.currentOffset);
    const table = await groups('--describe', '--group', stopped);
    expect(table.stdout).toMatch(/GROUP\s+TOPIC\s+PARTITION\s+CURRENT-OFFSET\s+LOG-END-OFFSET\s+LAG\s+LAG-SECONDS\s+CONSUMER-ID\s+HOST\s+CLIENT-ID/);
    expect(table.stdout).toMatch(new RegExp(`${stopped}: total lag ${rowsLag}, \\d+\\.\\d s behind, state Empty, 0 member\\(s\\)`));
    for (const p of json.partitions) expect(p.lagSeconds === null || p.lagSeconds >= 0).toBe(true);
    expect(json.maxLagSeconds).toBeGreaterThan(0);
    expect(table.stderr).toContain(`Consumer group '${stopped}' has no active members.`);
    const liveJson = JSON.parse((await groups('describe', active, '-o', 'json')).stdout).groups[0];
    expect(liveJson.members).toHaveLength(1);
    expect(liveJson.totalLag).toBe(0);
    expect(liveJson.partitions.every((p: { consumerId: string | null }) => p.consumerId !== null)).toBe(true);
  });

  it('a consumer commits every partition it was assigned, idle ones too, as Kafka’s consumer does (lag 0, not "-")', async () => {
    const sparse = uniqueName('sparse');
    expect((await runKafka(['topics', 'create', sparse, '--partitions', '3'])).code).toBe(0);
    expect((await runKafka(['console-producer', '--topic', sparse, '--partition', '1'], { input: 'only\n' })).code).toBe(0);
    const theirs = uniqueName('java');
    const java = await kafkaTool(TOOLS.consoleConsumer, ['--topic', sparse, '--group', theirs, '--from-beginning', '--timeout-ms', '5000']);
    expect(java.stdout).toBe('only\n');
    expect(await committed(theirs)).toEqual(['0:0', '1:1', '2:0']);
    for (const start of [['--from-beginning'], []]) {
      const ours = uniqueName('ours');
      expect((await runKafka(['console-consumer', '--topic', sparse, '--group', ours, '-e', ...start])).code).toBe(0);
      expect(await committed(ours), start.join(' ')).toEqual(await committed(theirs));
    }
  }, 60_000);

  it('--lag-threshold: exit 8 naming the group when above, 0 otherwise', async () => {
    const lag = JSON.parse((await groups('describe', stopped, '-o', 'json')).stdout).groups[0].totalLag;
    expect(lag).toBeGreaterThan(0);
    const over = await groups('describe', stopped, '--lag-threshold', String(lag - 1));
    expect(over.code).toBe(8);
    expect(over.stderr).toContain(`error: lag over threshold ${lag - 1}: ${stopped}=${lag}`);
    expect((await groups('describe', stopped, '--lag-threshold', String(lag))).code).toBe(0);
  });

  it('reset: dry run changes nothing; --execute commits exactly the plan; every spec', async () => {
    const before = await committed(stopped);
    const plan = await groups('--reset-offsets', '--group', stopped, '--topic', topic, '--to-earliest', '-o', 'json');
    expect(plan.stderr).toContain('WARN: No action will be performed as the --execute option is missing');
    expect(JSON.parse(plan.stdout)).toMatchObject({ executed: false });
    expect(await committed(stopped)).toEqual(before);

    const run = async (...spec: string[]) => {
      const r = await groups('--reset-offsets', '--group', stopped, ...spec, '--execute', '-o', 'json');
      expect(r.code, r.stderr).toBe(0);
      const planned = JSON.parse(r.stdout).offsets.map((p: { partition: number; offset: number }) => `${p.partition}:${p.offset}`).sort();
      expect(await committed(stopped)).toEqual(expect.arrayContaining(planned));
      return planned;
    };
    expect(await run('--topic', topic, '--to-earliest')).toEqual(['0:0', '1:0', '2:0']);
    expect(await run('--topic', topic, '--to-latest')).toEqual(['0:10', '1:10', '2:10']);
    expect(await run('--topic', `${topic}:1`, '--to-offset', '4')).toEqual(['1:4']);
    expect(await run('--topic', `${topic}:1`, '--shift-by', '-3')).toEqual(['1:1']);
    expect(await run('--all-topics', '--to-current')).toEqual(['0:10', '1:1', '2:10']);
    const clamped = await groups('--reset-offsets', '--group', stopped, '--topic', `${topic}:2`, '--to-offset', '99', '--execute');
    expect(clamped.stderr).toContain(`New offset (99) is higher than latest offset for topic partition ${topic}-2. Value will be set to 10`);
    expect(await run('--topic', topic, '--to-datetime', '2000-01-01T00:00:00.000')).toEqual(['0:0', '1:0', '2:0']);
    expect(await run('--topic', topic, '--by-duration', 'PT0S')).toEqual(['0:10', '1:10', '2:10']);
  });

  it('--export and --from-file round-trip', async () => {
    const exported = await groups('--reset-offsets', '--group', stopped, '--topic', topic, '--to-earliest', '--dry-run', '--export');
    expect(exported.stdout.split('\n').sort()).toEqual(['', '', `${topic},0,0`, `${topic},1,0`, `${topic},2,0`]);
    const file = join(mkdtempSync(join(tmpdir(), 'reset-')), 'plan.csv');
    writeFileSync(file, `${topic},0,3\n${topic},2,7\n`);
    expect((await groups('--reset-offsets', '--group', stopped, '--from-file', file, '--execute')).code).toBe(0);
    expect(await committed(stopped)).toEqual(expect.arrayContaining(['0:3', '2:7']));
  });

  it('--export of one group is Kafka’s file byte for byte, rows in its HashMaps’ order: whole topics, some partitions, a plan from a file', async () => {
    const wide = uniqueName('cg-wide');
    expect((await runKafka(['topics', '--create', '--topic', wide, '--partitions', '20'])).code).toBe(0);
    const [first, second] = [uniqueName('export-a'), uniqueName('export-b')];
    for (const g of [first, second]) expect((await groups('--reset-offsets', '--group', g, '--topic', wide, '--topic', topic, '--to-earliest', '--execute', '--yes')).code).toBe(0);
    // A plan whose rows are in no particular order: Kafka keeps them as read, then writes its map's order.
    const planFile = join(mkdtempSync(join(tmpdir(), 'reset-')), 'plan.csv');
    writeFileSync(planFile, [11, 2, 19, 0, 7, 14, 3].map((p) => `${wide},${p},0\n`).join('') + `${topic},1,0\n${topic},0,0\n`);
    for (const args of [
      ['--group', first, '--topic', wide, '--to-earliest'],
      ['--group', first, '--topic', `${wide}:3,1,7,12`, '--topic', topic, '--to-latest'],
      ['--group', second, '--topic', wide, '--topic', `${topic}:2,0`, '--to-current'],
      ['--group', first, '--from-file', planFile],
    ]) {
      const ours = await groups('--reset-offsets', ...args, '--dry-run', '--export');
      const theirs = await kafkaTool(TOOLS.consumerGroups, ['--reset-offsets', ...args, '--dry-run', '--export']);
      expect(theirs.status, theirs.stderr).toBe(0);
      expect(ours.stdout, args.join(' ')).toBe(theirs.stdout);
    }
  });

  it('refuses to reset or delete a group with active members, with Kafka’s explanation', async () => {
    const reset = await groups('--reset-offsets', '--group', active, '--all-topics', '--to-earliest', '--execute');
    expect(reset.code).toBe(1);
    expect(reset.stderr).toContain(`Assignments can only be reset if the group '${active}' is inactive, but the current state is Stable.`);
    const del = await groups('--delete', '--group', active);
    expect(del.code).toBe(1);
    expect(del.stderr).toMatch(/not empty/i);
  });

  it('--delete-offsets removes a topic’s offsets; --delete removes the group', async () => {
    const r = await groups('--delete-offsets', '--group', stopped, '--topic', topic);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Request succeeded for deleting offsets from group ${stopped}.`);
    expect(JSON.parse((await groups('describe', stopped, '-o', 'json')).stdout).groups[0].partitions).toEqual([]);
    const del = await groups('--delete', '--group', stopped);
    expect(del.code).toBe(0);
    expect(del.stderr).toBe(`Deletion of requested consumer groups ('${stopped}') was successful.\n`);
    expect((await groups('--list')).stdout).not.toContain(stopped);
    const missing = await groups('describe', stopped);
    expect(missing.code).toBe(5);
    // Deleting it again: it does not exist — no word about active members.
    const again = await groups('--delete', '--group', stopped);
    expect(again.code).toBe(5);
    expect(again.stderr).toBe(`error: deletion failed for '${stopped}' (it does not exist) — list them with \`kafka consumer-groups --list\`\n`);
  });

  it('--watch off a terminal prints one timestamped frame per round', async () => {
    const child = spawn(BIN, ['consumer-groups', 'describe', active, '--watch', '1'], { env: { ...process.env, KAFKA_BOOTSTRAP_SERVERS: inject('bootstrap'), NO_COLOR: '1' } });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    await until('two frames', () => out.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2}T/.test(l)).length >= 2, 30_000, 100);
    child.kill('SIGINT');
    await new Promise((resolve) => child.on('close', resolve));
    const frames = out.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2}T/.test(l));
    expect(frames.length).toBeGreaterThanOrEqual(2);
    expect(out).not.toContain('\u001b[');
    expect(out.split('CURRENT-OFFSET').length - 1).toBe(frames.length);
  });

  it('usage errors are one line with exit 2', async () => {
    for (const [args, message] of [
      [['--reset-offsets', '--group', 'g', '--to-earliest'], 'One of the reset scopes should be defined: --all-topics, --topic.'],
      [['--reset-offsets', '--group', 'g', '--all-topics', '--to-earliest', '--to-latest'], 'Option "[to-earliest]" can\'t be used with option "[to-latest]"'],
      [['--describe'], '--describe needs --group or --all-groups'],
      [['--reset-offsets', '--group', 'g', '--topic', 't:x', '--to-earliest'], "Invalid partition 'x' specified in topic arg 't:x'"],
      [['--reset-offsets', '--group', 'g', '--all-topics', '--to-datetime', 'yesterday'], "invalid --to-datetime 'yesterday'"],
    ] as const) {
      const r = await groups(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('consumer-protocol groups (KIP-848): a Java consumer with group.protocol=consumer', () => {
  const topic = uniqueName('kip848');
  const group = uniqueName('kip848-group');
  let java: ChildProcess;

  beforeAll(async () => {
    expect((await runKafka(['topics', 'create', topic, '--partitions', '3'])).code).toBe(0);
    expect((await runKafka(['console-producer', '--topic', topic], { input: 'a\nb\nc\nd\ne\nf\n' })).code).toBe(0);
    java = await startKafkaTool(TOOLS.consoleConsumer, ['--topic', topic, '--group', group, '--from-beginning', '--consumer-property', 'group.protocol=consumer']);
    // Stable, one member, everything read and committed (auto-commit every 5 s).
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await groups('describe', group, '-o', 'json');
      const g = r.code === 0 ? JSON.parse(r.stdout).groups[0] : null;
      if (g?.state === 'Stable' && g.partitions.length === 3 && g.partitions.every((p: { consumerId: string | null; lag: number | null }) => p.consumerId && p.lag === 0)) break;
      if (Date.now() > deadline) throw new Error(`the KIP-848 group never settled: ${r.stdout}${r.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }, 90_000);

  afterAll(() => {
    java?.kill('SIGKILL');
  });

  it('described through ConsumerGroupDescribe: offsets, members, members --verbose and state equal Kafka’s ConsumerGroupCommand', async () => {
    for (const mode of [[], ['--members'], ['--members', '--verbose'], ['--state']]) {
      const ours = await groups('--describe', '--group', group, ...mode, '-o', 'kafka');
      const theirs = await kafkaTool(TOOLS.consumerGroups, ['--describe', '--group', group, ...mode]);
      expect(theirs.status, theirs.stderr).toBe(0);
      expect(sortedLines(ours.stdout), mode.join(' ')).toEqual(sortedLines(theirs.stdout));
    }
    const members = JSON.parse((await groups('describe', group, '--members', '--verbose', '-o', 'json')).stdout).groups[0];
    expect(members.state).toBe('Stable');
    expect(members.members).toHaveLength(1);
    expect(members.members[0]).toMatchObject({ clientId: 'console-consumer', partitions: 3, assignment: `${topic}:0,1,2`, targetAssignment: `${topic}:0,1,2` });
    expect(members.members[0].currentEpoch).toBeGreaterThan(0);
    const state = JSON.parse((await groups('describe', group, '--state', '-o', 'json')).stdout).groups[0];
    expect(state).toMatchObject({ state: 'Stable', assignmentStrategy: 'uniform', members: 1 });
  });

  it('--list --type: Consumer for it, Classic for the others; --type consumer lists what Kafka’s tool lists, in its layout', async () => {
    const json = JSON.parse((await groups('--list', '--type', '-o', 'json')).stdout).groups;
    expect(json).toContainEqual({ group, type: 'Consumer', state: 'Stable' });
    expect(json.filter((g: { type: string }) => g.type !== 'Consumer' && g.type !== 'Classic')).toEqual([]);
    const ours = await groups('--list', '--type', 'consumer', '--state', 'Stable', '-o', 'kafka');
    const theirs = await kafkaTool(TOOLS.consumerGroups, ['--list', '--type', 'consumer', '--state', 'Stable']);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stdout).toContain(`${group} `);
    expect((await groups('--list', '--type', 'share')).stderr).toBe("error: invalid group type 'share' — consumer groups are classic or consumer\n");
  });

  it('a reset is refused while its member is active, as for a classic group', async () => {
    const r = await groups('--reset-offsets', '--group', group, '--topic', topic, '--to-earliest', '--execute');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Assignments can only be reset if the group');
  });
});
