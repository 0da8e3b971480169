import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCluster } from '../../src/commands/cluster/run.js';
import { startLocalCluster, stopLocalCluster, stopLocalNode } from '../../src/cluster/local/local-cluster.js';
import { DEFAULT_KAFKA_VERSION } from '../../src/cluster/local/paths.js';
import { kafkaTool, TOOLS } from '../support/kafka-tool.js';
import { watchCluster } from '../support/watch-cluster.js';
import { runKafka } from '../support/run-kafka.js';

/** A 3-broker cluster of its own, with broker 3 stopped: the describe filters and cluster health for real. */
describe('kafka topics describe filters and kafka cluster describe on 3 brokers with one stopped', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'kafka-cli-3b-'));
  watchCluster(stateDir);
  let bootstrap = '';
  let clusterId = '';
  const topics = (...args: string[]) => runKafka(['topics', ...args, '--bootstrap-server', bootstrap], { noBootstrap: true });

  const create = async (...args: string[]) => {
    const created = await topics('create', ...args);
    expect(created.code, created.stderr).toBe(0);
  };

  beforeAll(async () => {
    const state = await startLocalCluster(
      { version: DEFAULT_KAFKA_VERSION, brokers: 3, stateDir, port: 0, heapMb: 512 },
      process.env,
      (b) => probeCluster(b, process.env),
      () => undefined,
    );
    bootstrap = state.bootstrapServers;
    clusterId = state.clusterId;
    await create('replicated', '--partitions', '3', '--replication-factor', '3', '--config', 'min.insync.replicas=2');
    await create('strict', '--partitions', '1', '--replication-factor', '3', '--config', 'min.insync.replicas=3');
    await create('on-three', '--replica-assignment', '3');
    await create('on-one', '--replica-assignment', '1');
    await stopLocalNode(stateDir, 3);
    // Wait until the controller has taken broker 3 out of every ISR.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await topics('describe', 'replicated', '-o', 'json');
      if (r.code === 0 && JSON.parse(r.stdout).topics[0].partitions.every((p: { isr: number[] }) => !p.isr.includes(3))) break;
      if (Date.now() > deadline) throw new Error(`broker 3 stayed in the ISR: ${r.stderr}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }, 240_000);

  afterAll(async () => {
    await stopLocalCluster(stateDir, true);
  });

  const names = async (...filter: string[]) => {
    const r = await topics('--describe', ...filter, '-o', 'json');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout).topics.map((t: { name: string; partitions: unknown[] }) => `${t.name}:${t.partitions.length}`).sort();
  };

  it('--under-replicated-partitions: every partition with a replica on the stopped broker, none of the healthy RF 1 topic', async () => {
    // The offline single replica leaves an empty ISR, so Kafka counts it as under-replicated too.
    expect(await names('--under-replicated-partitions')).toEqual(['on-three:1', 'replicated:3', 'strict:1']);
  });

  it('--unavailable-partitions: the partition whose only replica is on the stopped broker', async () => {
    expect(await names('--unavailable-partitions')).toEqual(['on-three:1']);
  });

  it('--under-min-isr-partitions and --at-min-isr-partitions use each topic’s min.insync.replicas', async () => {
    expect(await names('--under-min-isr-partitions')).toEqual(['on-three:1', 'strict:1']);
    expect(await names('--at-min-isr-partitions', '--topic', 'replicated|strict')).toEqual(['replicated:3']);
  });

  it('the filtered --output kafka text equals Kafka’s TopicCommand', async () => {
    for (const filter of ['--under-replicated-partitions', '--unavailable-partitions', '--under-min-isr-partitions', '--at-min-isr-partitions']) {
      const ours = await topics('--describe', filter, '--topic', 'replicated|strict|on-three|on-one', '-o', 'kafka');
      const theirs = await kafkaTool(TOOLS.topics, ['--describe', filter, '--topic', 'replicated|strict|on-three|on-one'], { bootstrap });
      expect(theirs.status, theirs.stderr).toBe(0);
      expect(ours.stdout.split('\n').sort(), filter).toEqual(theirs.stdout.split('\n').sort());
    }
  }, 60_000);

  it('the table marks the stopped broker’s partitions, and leaders moved off broker 3', async () => {
    const d = JSON.parse((await topics('describe', 'replicated', '-o', 'json')).stdout);
    for (const p of d.topics[0].partitions) {
      expect(p.leader).not.toBe(3);
      expect(p.underReplicated).toBe(true);
    }
    const table = await topics('describe', 'on-three');
    expect(table.stdout).toMatch(/\bnone\b/);
  });

  it('kafka cluster describe reports the live brokers, the active controller among the voters, and counts under-replicated and offline partitions', async () => {
    const r = await runKafka(['cluster', 'describe', '-o', 'json', '--bootstrap-server', bootstrap], { noBootstrap: true });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.clusterId).toBe(clusterId);
    expect(report.brokers.map((b: { id: number }) => b.id)).toEqual([1, 2]);
    expect(report.controller.source).toBe('kraft-quorum');
    expect(report.controller.quorumVoters).toEqual([1, 2, 3]);
    expect([1, 2]).toContain(report.controller.id);
    expect(report.kafkaVersion).toBe(DEFAULT_KAFKA_VERSION.split('.').slice(0, 2).join('.'));
    expect(report.topics).toMatchObject({ total: 4, internal: 0, partitions: 6, underReplicatedPartitions: 5, offlinePartitions: 1 });
  });
});
