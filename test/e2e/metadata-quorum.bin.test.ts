import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { BIN, runKafka } from '../support/run-kafka.js';
import { quorumControllers } from '../support/controllers.js';
import { kafkaTool, TOOLS } from '../support/kafka-tool.js';

/**
 * The quorum moves on while the two tools run (the high watermark grows, followers fetch and trail
 * by an offset or two): the lines are compared exactly except for those figures, which must have
 * Kafka's shape and width.
 */
const VOLATILE_STATUS = /^(HighWatermark|MaxFollowerLag|MaxFollowerLagTimeMs): +/;

describe('metadata-quorum (kafka-metadata-quorum) on the 3-node KRaft test cluster', () => {
  it('describe --status -o kafka is MetadataQuorumCommand’s text: cluster id, leader, epoch, voters with their endpoints, observers', async () => {
    const [ours, theirs] = await Promise.all([runKafka(['metadata-quorum', 'describe', '--status', '-o', 'kafka']), kafkaTool(TOOLS.metadataQuorum, ['describe', '--status'])]);
    expect(ours).toMatchObject({ code: 0, stderr: '' });
    expect(theirs.status, theirs.stderr).toBe(0);
    const oursLines = ours.stdout.split('\n');
    const theirLines = theirs.stdout.split('\n');
    expect(oursLines).toHaveLength(theirLines.length);
    oursLines.forEach((line, i) => {
      if (VOLATILE_STATUS.test(line)) expect(line.replace(/-?\d+$/, 'N')).toBe(theirLines[i]!.replace(/-?\d+$/, 'N'));
      else expect(line).toBe(theirLines[i]);
    });
    expect(ours.stdout).toMatch(/^CurrentVoters: {10}\[\{"id": 1, "endpoints": \["CONTROLLER:\/\/127\.0\.0\.1:\d+"\]\}, \{"id": 2, /m);
  });

  for (const humanReadable of [false, true]) {
    it(`describe --replication${humanReadable ? ' --human-readable' : ''} -o kafka is MetadataQuorumCommand’s table: leader first, cells padded and tab-ended`, async () => {
      const flags = humanReadable ? ['describe', '--replication', '--human-readable'] : ['describe', '--replication'];
      const [ours, theirs] = await Promise.all([runKafka(['metadata-quorum', ...flags, '-o', 'kafka']), kafkaTool(TOOLS.metadataQuorum, flags)]);
      expect(ours).toMatchObject({ code: 0, stderr: '' });
      expect(theirs.status, theirs.stderr).toBe(0);
      const cells = (text: string) => text.replace(/\n$/, '').split('\n').map((line) => line.split('\t'));
      const [oursRows, theirRows] = [cells(ours.stdout), cells(theirs.stdout)];
      expect(oursRows).toHaveLength(4);
      expect(oursRows.length).toBe(theirRows.length);
      oursRows.forEach((row, r) => {
        expect(row).toHaveLength(8);
        // Node, directory id and status exactly; offsets, lag and times in Kafka's shape and width.
        for (const c of [0, 1, 6, 7]) expect(row[c]).toBe(theirRows[r]![c]);
        for (const c of [2, 3, 4, 5]) {
          expect(row[c]!.length).toBe(theirRows[r]![c]!.length);
          if (r > 0) expect(row[c]).toMatch(humanReadable && c >= 4 ? /^\d+ ms ago *$/ : /^-?\d+ *$/);
        }
      });
      expect(oursRows.map((row) => row[6]!.trim())).toEqual(['Status', 'Leader', 'Follower', 'Follower']);
    });
  }

  it('our own formats: a table for people, JSON with every replica for scripts', async () => {
    const table = await runKafka(['metadata-quorum', 'describe', '--replication']);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    expect(table.stdout).toMatch(/^NODE +STATUS +LOG-END-OFFSET +LAG +LAST-FETCH +LAST-CAUGHT-UP +DIRECTORY-ID\n +\d+ +Leader +\d+ +0 +\d+ ms ago/);
    const status = await runKafka(['metadata-quorum', 'describe', '--status', '-o', 'json']);
    expect(status).toMatchObject({ code: 0, stderr: '' });
    const parsed = JSON.parse(status.stdout);
    const described = JSON.parse((await runKafka(['cluster', 'describe', '-o', 'json'])).stdout);
    expect(parsed).toMatchObject({ clusterId: described.clusterId, leaderId: described.controller.id, observers: [] });
    expect(parsed.voters.map((v: { nodeId: number }) => v.nodeId).sort()).toEqual([1, 2, 3]);
    expect(parsed.voters[0]).toMatchObject({ nodeId: parsed.leaderId, status: 'Leader', lag: 0, directoryId: null, endpoints: [expect.stringMatching(/^CONTROLLER:\/\/127\.0\.0\.1:\d+$/)] });
  });

  it('--bootstrap-controller asks the controllers themselves (a follower named alone: the active one answers): MetadataQuorumCommand’s and FeatureCommand’s text', async () => {
    const status = await quorumControllers();
    const follower = status.voters.find((v) => v.nodeId !== status.leaderId)!.controller;
    const via = ['--bootstrap-controller', follower];
    const [ours, theirs] = await Promise.all([runKafka(['metadata-quorum', ...via, 'describe', '--status', '-o', 'kafka'], { noBootstrap: true }), kafkaTool(TOOLS.metadataQuorum, ['describe', '--status'], { controller: follower })]);
    expect(ours).toMatchObject({ code: 0, stderr: '' });
    expect(theirs.status, theirs.stderr).toBe(0);
    const theirLines = theirs.stdout.split('\n');
    ours.stdout.split('\n').forEach((line, i) => {
      if (VOLATILE_STATUS.test(line)) expect(line.replace(/-?\d+$/, 'N')).toBe(theirLines[i]!.replace(/-?\d+$/, 'N'));
      else expect(line).toBe(theirLines[i]);
    });
    expect(ours.stdout).toMatch(new RegExp(`^LeaderId: +${status.leaderId}\n`, 'm'));
    const replication = await runKafka(['metadata-quorum', ...via, 'describe', '--replication', '-o', 'json'], { noBootstrap: true });
    expect(replication).toMatchObject({ code: 0, stderr: '' });
    const replicas = (JSON.parse(replication.stdout) as { replicas: Array<{ nodeId: number; status: string }> }).replicas;
    expect(replicas.map((r) => `${r.nodeId} ${r.status}`).sort()).toEqual(status.voters.map((v) => `${v.nodeId} ${v.nodeId === status.leaderId ? 'Leader' : 'Follower'}`).sort());
    const [oursFeatures, theirFeatures] = await Promise.all([runKafka(['features', ...via, 'describe', '-o', 'kafka'], { noBootstrap: true }), kafkaTool(TOOLS.features, ['describe'], { controller: follower })]);
    expect(oursFeatures).toMatchObject({ code: 0, stderr: '' });
    expect(oursFeatures.stdout).toBe(theirFeatures.stdout);
    const dryRun = ['downgrade', '--feature', 'group.version=0', '--dry-run'];
    const [oursDryRun, theirDryRun] = await Promise.all([runKafka(['features', ...via, ...dryRun, '-o', 'kafka'], { noBootstrap: true }), kafkaTool(TOOLS.features, dryRun, { controller: follower })]);
    expect(oursDryRun.stdout).toBe(theirDryRun.stdout);
    expect(oursDryRun.code).toBe(theirDryRun.status === 0 ? 0 : 7);
    const both = await runKafka(['metadata-quorum', '--bootstrap-server', inject('bootstrap'), ...via, 'describe', '--status'], { noBootstrap: true });
    expect(both).toMatchObject({ code: 2, stdout: '', stderr: 'error: Only one of --bootstrap-server or --bootstrap-controller must be specified\n' });
  });

  it('Kafka’s argument rules, with its messages (exit 2); under the kafka-metadata-quorum name, Kafka’s text by default', async () => {
    const cases: Array<[string[], string]> = [
      [['describe'], 'One of --status or --replication must be specified with describe sub-command'],
      [['describe', '--status', '--replication'], 'Only one of --status or --replication should be specified with describe sub-command'],
      [['describe', '--status', '--human-readable'], 'The option --human-readable is only supported along with --replication'],
    ];
    for (const [args, message] of cases) {
      const r = await runKafka(['metadata-quorum', ...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(`error: ${message}`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-quorum-'));
    symlinkSync(BIN, join(dir, 'kafka-metadata-quorum.sh'));
    const named = await runKafka(['--bootstrap-server', inject('bootstrap'), 'describe', '--status'], { binary: join(dir, 'kafka-metadata-quorum.sh'), noBootstrap: true });
    expect(named).toMatchObject({ code: 0, stderr: '' });
    expect(named.stdout).toMatch(/^ClusterId: {14}\S+\nLeaderId: {15}\d+\n/);
  });
});
