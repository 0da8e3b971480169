import type { ApiVersionRange, BrokerApiVersions, FeatureRange } from '../../core/client.js';

/**
 * metadata.version feature levels (KRaft) and the releases that introduced them, from
 * org.apache.kafka.server.common.MetadataVersion. A broker's highest supported level is
 * the newest production level its software knows, so it names the broker's release.
 * (`java -cp "$HOME/.cache/kafka-cli/kafka-4.4.0/libs/*" test/protocol/FeatureLevels.java` prints them
 * and the feature levels below as Kafka 4.4 has them.)
 */
const METADATA_VERSIONS: readonly string[] = [
  '', '3.0-IV1', '3.1-IV0', '3.2-IV0', '3.3-IV0', '3.3-IV1', '3.3-IV2', '3.3-IV3', '3.4-IV0',
  '3.5-IV0', '3.5-IV1', '3.5-IV2', '3.6-IV0', '3.6-IV1', '3.6-IV2',
  '3.7-IV0', '3.7-IV1', '3.7-IV2', '3.7-IV3', '3.7-IV4', '3.8-IV0', '3.9-IV0',
  '4.0-IV0', '4.0-IV1', '4.0-IV2', '4.0-IV3', '4.1-IV0', '4.1-IV1', '4.2-IV0', '4.2-IV1',
  '4.3-IV0', '4.4-IV0', '4.4-IV1', '4.4-IV2', '4.5-IV0',
];
/** Kafka 4's tools know metadata.version from 3.3-IV3 (the first a KRaft cluster can run now) on. */
const FIRST_KNOWN_TO_KAFKA_TOOLS = 7;
/** The newest production level (the ones after it are still in development). */
export const LATEST_PRODUCTION_METADATA_VERSION = 33;

/**
 * Each production feature's level by default on a metadata.version, in Kafka's order: from which
 * metadata.version level on it has which level (org.apache.kafka.server.common.Feature#defaultLevel).
 */
const FEATURE_DEFAULTS: ReadonlyArray<readonly [feature: string, steps: ReadonlyArray<readonly [fromMetadataLevel: number, level: number]>]> = [
  ['kraft.version', [[21, 1]]],
  ['transaction.version', [[24, 2]]],
  ['group.version', [[22, 1]]],
  ['eligible.leader.replicas.version', [[26, 1]]],
  ['share.version', [[28, 1], [31, 2]]],
  ['streams.version', [[29, 1]]],
];

/** Each production feature's levels (0 to this), and what a level needs of the others (FeatureVersion#dependencies). */
const FEATURE_LEVELS: Readonly<Record<string, { max: number; requires?: Record<number, Array<[feature: string, level: number]>> }>> = {
  'kraft.version': { max: 1 },
  'transaction.version': { max: 2 },
  'group.version': { max: 1 },
  'eligible.leader.replicas.version': { max: 1, requires: { 1: [['metadata.version', 23]] } },
  'share.version': { max: 2 },
  'streams.version': { max: 1 },
};

/** What a feature level needs, as Kafka 4.4 knows it; a message (Kafka's) for a feature or level it does not know. */
export function featureDependencies(feature: string, level: number): Array<[string, number]> | { unknown: string } {
  if (feature === 'metadata.version') return metadataVersionLevel(METADATA_VERSIONS[level] ?? '') === level ? [] : { unknown: `Unknown metadata.version ${level}` };
  const known = FEATURE_LEVELS[feature];
  if (!known) return { unknown: `Unknown feature: ${feature}` };
  if (level < 0 || level > known.max) return { unknown: `No feature:${feature} with feature level ${level}` };
  return known.requires?.[level] ?? [];
}

/** `4.4-IV2` for a feature level, or a plain description beyond the table. */
export function metadataVersionName(level: number): string {
  return METADATA_VERSIONS[level] || `level ${level}`;
}

/** A feature level as Kafka 4's FeatureCommand prints it: metadata.version by name (UNKNOWN n beyond what it knows). */
export function kafkaFeatureLevelText(feature: string, level: number): string {
  if (feature !== 'metadata.version') return String(level);
  return level >= FIRST_KNOWN_TO_KAFKA_TOOLS && METADATA_VERSIONS[level] ? METADATA_VERSIONS[level]! : `UNKNOWN ${level}`;
}

/** The metadata.version names a cluster can be set to, as Kafka 4's tools list them. */
export function knownMetadataVersions(): string[] {
  return METADATA_VERSIONS.slice(FIRST_KNOWN_TO_KAFKA_TOOLS);
}

/** The level of a metadata.version name (`3.9-IV0` → 21), or null when Kafka 4's tools do not know it. */
export function metadataVersionLevel(name: string): number | null {
  const level = METADATA_VERSIONS.indexOf(name);
  return level >= FIRST_KNOWN_TO_KAFKA_TOOLS ? level : null;
}

/** What a release version sets: metadata.version, then each feature's default level there. */
export function releaseFeatureLevels(metadataLevel: number): Array<[feature: string, level: number]> {
  return [
    ['metadata.version', metadataLevel],
    ...FEATURE_DEFAULTS.map(([feature, steps]): [string, number] => [feature, steps.filter(([from]) => metadataLevel >= from).at(-1)?.[1] ?? 0]),
  ];
}

/** The Kafka release (e.g. `4.4`) a broker runs, when its supported features reveal it. */
export function releaseFromFeatures(supported: FeatureRange[]): string | null {
  const metadata = supported.find((f) => f.name === 'metadata.version');
  if (!metadata) return null;
  const name = METADATA_VERSIONS[metadata.maxVersion];
  if (name) return name.replace(/-IV\d+$/, '');
  const newest = METADATA_VERSIONS[METADATA_VERSIONS.length - 1]!.replace(/-IV\d+$/, '');
  return metadata.maxVersion > METADATA_VERSIONS.length ? `newer than ${newest}` : null;
}

/**
 * What a broker without metadata.version (the ZooKeeper era) tells of its release: the API versions
 * each release first answered with, read off real ZooKeeper-mode brokers of each line's last patch
 * (ApiVersions; test/unit/fixtures/zookeeper-api-versions.json), as [apiKey, maxVersion] pairs.
 * Inter-broker APIs count too: ZooKeeper-mode brokers advertise them, and 3.4 differs from 3.3
 * only there. A cluster kept on an older inter.broker.protocol.version may answer lower.
 */
const FIRST_ANSWERED_IN: ReadonlyArray<readonly [release: string, markers: ReadonlyArray<readonly [number, number]>]> = [
  ['2.8', [[3, 11], [60, 0]]],
  ['3.0', [[2, 7], [9, 8], [10, 4], [65, 0], [66, 0], [67, 0]]],
  ['3.1', [[1, 13], [3, 12]]],
  ['3.2', [[4, 6], [11, 9], [13, 5], [35, 3], [56, 1]]],
  ['3.3', [[29, 3], [30, 3], [31, 3], [35, 4], [38, 3], [41, 3], [56, 2], [57, 1]]],
  ['3.4', [[4, 7], [5, 4], [6, 8], [58, 0]]],
  ['3.5', [[1, 15], [2, 8], [56, 3]]],
  ['3.6', [[24, 4]]],
  ['3.7', [[0, 10], [1, 16], [8, 9], [9, 9], [60, 1], [68, 0]]],
  ['3.8', [[0, 11], [10, 5], [16, 5], [22, 5], [24, 5], [25, 4], [26, 4], [28, 4], [66, 1], [69, 0]]],
  ['3.9', [[1, 17], [2, 9], [10, 6], [18, 4]]],
];

/**
 * The release of a broker that does not report metadata.version, from its API versions: the newest
 * release all of whose first versions it answers with (`3.6`), or `before 2.8`.
 */
export function releaseFromApiVersions(ranges: ApiVersionRange[]): string | null {
  if (ranges.length === 0) return null;
  const maxVersion = new Map(ranges.map((r) => [r.apiKey, r.maxVersion]));
  let release = 'before 2.8';
  for (const [name, markers] of FIRST_ANSWERED_IN) {
    if (markers.every(([apiKey, version]) => (maxVersion.get(apiKey) ?? -1) >= version)) release = name;
  }
  return release;
}

/** A broker's release: from metadata.version where it has one (KRaft), else from its API versions. */
export function brokerRelease(answer: Pick<BrokerApiVersions, 'supportedFeatures' | 'versions'>): string | null {
  if (answer.supportedFeatures.some((f) => f.name === 'metadata.version')) return releaseFromFeatures(answer.supportedFeatures);
  return releaseFromApiVersions(answer.versions);
}
