import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCluster } from '../../src/commands/cluster/run.js';
import { startLocalCluster, stopLocalCluster } from '../../src/cluster/local/local-cluster.js';
import { DEFAULT_KAFKA_VERSION } from '../../src/cluster/local/paths.js';
import { kafkaTool, TOOLS } from '../support/kafka-tool.js';
import { runKafka } from '../support/run-kafka.js';
import { watchCluster } from '../support/watch-cluster.js';

/** The epoch of the finalized levels moves with the metadata log while the two tools run. */
const anyEpoch = (text: string) => text.replace(/Epoch: \d+$/gm, 'Epoch: N');

describe('features (kafka-features) on the 3-node test cluster: read and dry runs', () => {
  it('describe -o kafka is FeatureCommand’s lines: every feature (those whose lowest level is 0 too), metadata.version by name', async () => {
    const [ours, theirs] = await Promise.all([runKafka(['features', 'describe', '-o', 'kafka']), kafkaTool(TOOLS.features, ['describe'])]);
    expect(ours).toMatchObject({ code: 0, stderr: '' });
    expect(theirs.status, theirs.stderr).toBe(0);
    expect(anyEpoch(ours.stdout)).toBe(anyEpoch(theirs.stdout));
    expect(ours.stdout).toMatch(/^Feature: group\.version {29}SupportedMinVersion: 0 {16}/m);
    expect(ours.stdout).toMatch(/^Feature: metadata\.version {26}SupportedMinVersion: 3\.3-IV3 {10}SupportedMaxVersion: 4\.4-IV2 /m);
  });

  it('dry runs print what FeatureCommand prints: what could be done, what could not and why; a refusal is exit 7', async () => {
    for (const args of [
      ['upgrade', '--release-version', '4.4-IV2', '--dry-run'],
      ['downgrade', '--feature', 'group.version=0', '--dry-run'],
      ['disable', '--feature', 'share.version', '--dry-run'],
      ['upgrade', '--feature', 'share.version=9', '--feature', 'group.version=1', '--dry-run'],
      ['downgrade', '--release-version', '4.3-IV0', '--dry-run'],
    ]) {
      const [ours, theirs] = await Promise.all([runKafka(['features', ...args, '-o', 'kafka']), kafkaTool(TOOLS.features, args)]);
      expect(ours.stdout, args.join(' ')).toBe(theirs.stdout);
      if (theirs.status === 0) expect(ours).toMatchObject({ code: 0, stderr: '' });
      else expect(ours).toMatchObject({ code: 7, stderr: expect.stringMatching(/^error: \d+ out of \d+ operation\(s\) failed\.\n$/) });
    }
    const json = await runKafka(['features', 'upgrade', '--feature', 'share.version=9', '--dry-run', '-o', 'json']);
    expect(json.code).toBe(7);
    expect(JSON.parse(json.stdout)).toMatchObject({ dryRun: true, results: [{ feature: 'share.version', level: 9, error: expect.stringContaining('Invalid update version 9 for feature share.version') }] });
  });

  it('version-mapping is what Kafka 4.4’s tool knows of each release version, with no cluster asked', async () => {
    for (const release of ['3.3-IV3', '3.9-IV0', '4.0-IV2', '4.2-IV0', '4.4-IV2']) {
      const [ours, theirs] = await Promise.all([
        runKafka(['features', 'version-mapping', '--release-version', release, '--bootstrap-server', '127.0.0.1:1'], { noBootstrap: true }),
        kafkaTool(TOOLS.features, ['version-mapping', '--release-version', release]),
      ]);
      expect(ours).toMatchObject({ code: 0, stdout: theirs.stdout, stderr: '' });
    }
    expect((await runKafka(['features', 'version-mapping'])).stdout).toBe((await kafkaTool(TOOLS.features, ['version-mapping'])).stdout);
  });

  it('feature-dependencies is what Kafka 4.4’s tool says each level needs, with no cluster asked', async () => {
    for (const features of [
      ['eligible.leader.replicas.version=1', 'share.version=0'],
      ['metadata.version=7', 'transaction.version=2', 'group.version=1', 'kraft.version=1', 'streams.version=1'],
    ]) {
      const flags = features.flatMap((f) => ['--feature', f]);
      const [ours, theirs] = await Promise.all([
        runKafka(['features', 'feature-dependencies', ...flags, '--bootstrap-server', '127.0.0.1:1'], { noBootstrap: true }),
        kafkaTool(TOOLS.features, ['feature-dependencies', ...flags]),
      ]);
      expect(ours).toMatchObject({ code: 0, stdout: theirs.stdout, stderr: '' });
    }
    expect((await runKafka(['features', 'feature-dependencies', '--feature', 'eligible.leader.replicas.version=1'])).stdout).toBe('eligible.leader.replicas.version=1 requires:\n    metadata.version=23 (4.0-IV1)\n');
  });

  it('Kafka’s argument rules, with its messages (exit 2)', async () => {
    const cases: Array<[string[], string]> = [
      [['upgrade'], 'You must specify at least one feature to upgrade'],
      [['upgrade', '--feature', 'x'], "Can't parse feature=level string x: equals sign not found."],
      [['upgrade', '--feature', 'x=y'], "Can't parse feature=level string x=y: unable to parse y as a short."],
      [['upgrade', '--release-version', '4.4-IV2', '--feature', 'group.version=1'], 'Can not specify `release-version` with other feature flags.'],
      [['upgrade', '--feature', 'group.version=0'], 'The upgradeType flag should be set to SAFE_DOWNGRADE or UNSAFE_DOWNGRADE when the provided maxVersionLevel:0 is < 1.'],
      [['version-mapping', '--release-version', '9.9-IV9'], "Unknown metadata.version '9.9-IV9'. Supported metadata.version are: 3.3-IV3, 3.4-IV0, "],
      [['feature-dependencies'], 'argument --feature is required'],
      [['feature-dependencies', '--feature', 'nosuch=1'], 'Unknown feature: nosuch'],
      [['feature-dependencies', '--feature', 'group.version=9'], 'No feature:group.version with feature level 9'],
    ];
    for (const [args, message] of cases) {
      const r = await runKafka(['features', ...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.startsWith(`error: ${message}`), r.stderr).toBe(true);
    }
  });
});

describe('features on a broker of its own: a level really changed', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'kafka-cli-features-'));
  watchCluster(stateDir);
  let bootstrap = '';

  beforeAll(async () => {
    bootstrap = (await startLocalCluster({ version: DEFAULT_KAFKA_VERSION, brokers: 1, stateDir, port: 0, heapMb: 384 }, process.env, (b) => probeCluster(b, process.env), () => undefined)).bootstrapServers;
  }, 240_000);

  afterAll(async () => {
    await stopLocalCluster(stateDir, true);
  });

  const finalized = async (name: string) => {
    const r = await kafkaTool(TOOLS.features, ['describe'], { bootstrap });
    return new RegExp(`^Feature: ${name.replace(/\./g, '\\.')} +SupportedMinVersion: \\S+ +SupportedMaxVersion: \\S+ +FinalizedVersionLevel: (\\S+)`, 'm').exec(r.stdout)?.[1];
  };

  it('downgrade --feature streams.version=0 turns it off (as Kafka’s tool then reads it), upgrade turns it back on; a dry run changes nothing', async () => {
    const kafka = (...args: string[]) => runKafka(['features', ...args, '--bootstrap-server', bootstrap], { noBootstrap: true });
    expect(await finalized('streams.version')).toBe('1');
    expect(await kafka('downgrade', '--feature', 'streams.version=0', '--dry-run')).toMatchObject({ code: 0, stdout: 'streams.version can be downgraded to 0.\n', stderr: '' });
    expect(await finalized('streams.version')).toBe('1');
    expect(await kafka('downgrade', '--feature', 'streams.version=0')).toMatchObject({ code: 0, stdout: 'streams.version was downgraded to 0.\n', stderr: '' });
    expect(await finalized('streams.version')).toBe('0');
    const described = JSON.parse((await kafka('describe', '-o', 'json')).stdout) as { features: Array<{ name: string; finalized: number }> };
    expect(described.features.find((f) => f.name === 'streams.version')).toMatchObject({ finalized: 0 });
    expect(await kafka('upgrade', '--feature', 'streams.version=1')).toMatchObject({ code: 0, stdout: 'streams.version was upgraded to 1.\n', stderr: '' });
    expect(await finalized('streams.version')).toBe('1');
  });
});
