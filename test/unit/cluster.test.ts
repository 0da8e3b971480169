import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { brokerRelease, metadataVersionName, releaseFromFeatures } from '../../src/commands/cluster/kafka-release.js';
import { kafkaApiVersionsText } from '../../src/commands/cluster/api-versions.js';

describe('Kafka release from feature levels', () => {
  const features = (max: number) => [{ name: 'kraft.version', minVersion: 0, maxVersion: 1 }, { name: 'metadata.version', minVersion: 7, maxVersion: max }];

  it('names the release of the newest metadata.version a broker supports', () => {
    expect(releaseFromFeatures(features(21))).toBe('3.9');
    expect(releaseFromFeatures(features(25))).toBe('4.0');
    expect(releaseFromFeatures(features(33))).toBe('4.4');
    expect(metadataVersionName(7)).toBe('3.3-IV3');
  });

  it('says "newer than" past the table and nothing without the feature (ZooKeeper-era brokers)', () => {
    expect(releaseFromFeatures(features(60))).toBe('newer than 4.5');
    expect(releaseFromFeatures([])).toBeNull();
    expect(metadataVersionName(60)).toBe('level 60');
  });
});

describe('Kafka release of a ZooKeeper-era broker, from its API versions', () => {
  /** ApiVersions answers of real ZooKeeper-mode brokers (`kafka cluster up --zookeeper`), [apiKey, min, max]. */
  const answers = JSON.parse(readFileSync(new URL('./fixtures/zookeeper-api-versions.json', import.meta.url), 'utf8')) as Record<string, Array<[number, number, number]>>;
  const versions = (release: string) => answers[release]!.map(([apiKey, minVersion, maxVersion]) => ({ apiKey, minVersion, maxVersion, usableVersion: null }));

  it('names each release line from 2.8 to 3.9 exactly, and an older broker as before 2.8', () => {
    const named = Object.keys(answers).map((release) => [release, brokerRelease({ supportedFeatures: [], versions: versions(release) })]);
    expect(named).toEqual(Object.keys(answers).map((release) => [release, release.startsWith('2.7') ? 'before 2.8' : release.split('.').slice(0, 2).join('.')]));
  });

  it('a broker with metadata.version is named by it, whatever its API versions', () => {
    expect(brokerRelease({ supportedFeatures: [{ name: 'metadata.version', minVersion: 1, maxVersion: 21 }], versions: versions('2.8.2') })).toBe('3.9');
    expect(brokerRelease({ supportedFeatures: [], versions: [] })).toBeNull();
  });
});

describe('kafka-broker-api-versions text', () => {
  const broker = { id: 2, host: 'b2', port: 9092, rack: 'r1' };
  it('single versions, ranges, usable brackets, UNSUPPORTED client APIs, unknown keys, errors', () => {
    const text = kafkaApiVersionsText([
      {
        broker,
        versions: [
          { apiKey: 0, minVersion: 3, maxVersion: 11, usableVersion: 7 },
          { apiKey: 47, minVersion: 0, maxVersion: 0, usableVersion: 0 },
          { apiKey: 52, minVersion: 0, maxVersion: 1, usableVersion: null },
          { apiKey: 200, minVersion: 0, maxVersion: 0, usableVersion: null },
        ],
        supportedFeatures: [],
        finalizedFeatures: [],
        error: null,
      },
      { broker: { ...broker, id: 3, host: 'b3', rack: null }, versions: [], supportedFeatures: [], finalizedFeatures: [], error: 'Connection refused' },
    ]);
    // Kafka's tool prints a HashMap keyed by Node: b3 comes first (checked with java.util.HashMap).
    expect(text.startsWith('b3:9092 (id: 3 rack: null isFenced: false) -> ERROR: Connection refused\n')).toBe(true);
    const lines = text.slice(text.indexOf('b2:9092')).split('\n');
    expect(lines[0]).toBe('b2:9092 (id: 2 rack: r1 isFenced: false) -> (');
    expect(lines[1]).toBe('\tProduce(0): 3 to 11 [usable: 7],');
    expect(lines[2]).toBe('\tFetch(1): UNSUPPORTED,');
    expect(text).toContain('\tOffsetDelete(47): 0 [usable: 0],\n');
    expect(text).toContain('\tVote(52): 0 to 1,\n');
    expect(text).not.toContain('LeaderAndIsr');
    expect(text).toContain('\tUNKNOWN(200): 0\n)\n');
  });

  it('brokers in java.util.HashMap order, past a resize (20 brokers; the order a HashMap of kafka-clients 4.4’s Node gives for them inserted by id)', () => {
    const brokers = Array.from({ length: 20 }, (_, i) => ({
      broker: { host: '127.0.0.1', id: i + 1, port: 40000 + (i + 1) * 7, rack: null },
      versions: [],
      supportedFeatures: [],
      finalizedFeatures: [],
      error: 'x',
    }));
    const ids = kafkaApiVersionsText(brokers).split('\n').filter(Boolean).map((line) => Number(/\(id: (\d+)/.exec(line)![1]));
    expect(ids).toEqual([3, 9, 15, 20, 8, 10, 5, 14, 4, 19, 6, 12, 18, 1, 13, 16, 11, 17, 2, 7]);
  });
});
