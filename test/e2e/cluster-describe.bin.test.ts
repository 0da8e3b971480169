import { describe, expect, inject, it } from 'vitest';
import { runKafkaTool } from '../../src/cluster/local/local-cluster.js';
import { kafkaTool, TOOLS } from '../support/kafka-tool.js';
import { runKafka, uniqueName } from '../support/run-kafka.js';

const withoutUsable = (text: string) => text.replace(/ \[usable: \d+\]/g, '');

describe('kafka cluster describe / api-versions against the test broker', () => {
  it('api-versions -o kafka prints what kafka-broker-api-versions prints (usable versions are our client’s)', async () => {
    const ours = await runKafka(['cluster', 'api-versions', '-o', 'kafka']);
    const theirs = await kafkaTool(TOOLS.brokerApiVersions, []);
    expect(ours.code, ours.stderr).toBe(0);
    expect(theirs.status, theirs.stderr).toBe(0);
    // Broker by broker. The order is a HashMap's (unit-tested against java.util.HashMap), but for
    // brokers that share a bucket the tool's own order is random: Kafka's Cluster shuffles its nodes.
    const blocks = (text: string) => withoutUsable(text).split(/^(?=\S+ \(id: )/m).sort();
    expect(blocks(ours.stdout)).toEqual(blocks(theirs.stdout));
    expect(blocks(ours.stdout)).toHaveLength(3);
    // Where we speak an API, we say which version: the Produce encoder is ours (v3, v7 for zstd).
    expect(ours.stdout).toMatch(/\tProduce\(0\): \d+ to \d+ \[usable: 7\],\n/);
  });

  it('api-versions as a table and as JSON, with the feature levels ApiVersions v3 reports', async () => {
    const table = await runKafka(['cluster', 'api-versions']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^BROKER\s+API\s+KEY\s+MIN\s+MAX\s+USABLE$/);
    for (const broker of inject('bootstrap').split(',')) expect(table.stdout).toMatch(new RegExp(`^${broker}\\s+Fetch\\s+1\\s+\\d+\\s+\\d+\\s+11$`, 'm'));
    const json = JSON.parse((await runKafka(['cluster', 'api-versions', '-o', 'json'])).stdout);
    expect(json).toHaveLength(3);
    expect(json[0].apis.find((a: { key: number }) => a.key === 18)).toMatchObject({ name: 'ApiVersions', usable: 4 });
    expect(json[0].supportedFeatures.map((f: { name: string }) => f.name)).toContain('metadata.version');
    expect(json[0].finalizedFeatures.map((f: { name: string }) => f.name)).toContain('metadata.version');
  });

  it('describe: cluster id (as Kafka’s ClusterTool reads it), version, controller, topic and partition counts', async () => {
    const topic = uniqueName('describe-count');
    expect((await runKafka(['topics', 'create', topic, '--partitions', '4'])).code).toBe(0);
    const r = await runKafka(['cluster', 'describe', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    const clusterTool = await runKafkaTool(inject('kafkaVersion'), 'org.apache.kafka.tools.ClusterTool', ['cluster-id', '--bootstrap-server', inject('bootstrap')], process.env);
    expect(clusterTool.stdout.trim()).toBe(`Cluster ID: ${report.clusterId}`);
    expect(report.kafkaVersion).toBe(inject('kafkaVersion').split('.').slice(0, 2).join('.'));
    expect(report.controller).toMatchObject({ source: 'kraft-quorum', quorumVoters: [1, 2, 3] });
    expect(report.brokers).toEqual([1, 2, 3].map((id) => expect.objectContaining({ id, rack: null, controller: id === report.controller.id, version: report.kafkaVersion })));
    // Other test files create and delete topics in parallel: only ours is known to be there.
    expect(report.topics.total).toBeGreaterThanOrEqual(1);
    expect(report.topics.partitions).toBeGreaterThanOrEqual(report.topics.total + 3);
    expect(report.topics).toMatchObject({ underReplicatedPartitions: 0, offlinePartitions: 0 });
  });

  it('describe as text for people, stderr empty', async () => {
    const r = await runKafka(['cluster', 'describe']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Cluster id:\s+\S+\nKafka version:\s+\d+\.\d+\nmetadata\.version:\s+\d+\.\d+-IV\d+\nController:\s+[123] \(active KRaft controller; voters 1, 2, 3\)\n/);
    expect(r.stdout).toMatch(/\nID\s+ADDRESS\s+RACK\s+VERSION\s+CONTROLLER\s+DATA\s+DISK-USED\n(\s*[123]\s+127\.0\.0\.1:\d+\s+-\s+\d+\.\d+( +yes)?\s+[\d.]+ (B|[KMGT]iB)\s+\d+\.\d%\n){3}$/);
    expect(r.stdout.match(/ yes +[\d.]+ (B|[KMGT]iB) +\d+\.\d%\n/g)).toHaveLength(1);
  });

  it('an unreachable cluster is exit 3 with one line, quickly', async () => {
    const r = await runKafka(['cluster', 'describe', '--bootstrap-server', '127.0.0.1:1'], { noBootstrap: true });
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: .*127\.0\.0\.1:1/);
  });

  it('an output format the action does not offer is a usage error', async () => {
    const r = await runKafka(['cluster', 'describe', '-o', 'kafka']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: unknown output format 'kafka' — use one of: table, json, csv\n");
  });
});
