import type { FeatureRange } from '../../core/client.js';

/**
 * metadata.version feature levels (KRaft) and the releases that introduced them, from
 * org.apache.kafka.server.common.MetadataVersion. A broker's highest supported level is
 * the newest production level its software knows, so it names the broker's release.
 */
const METADATA_VERSIONS: readonly string[] = [
  '', '3.0-IV1', '3.1-IV0', '3.2-IV0', '3.3-IV0', '3.3-IV1', '3.3-IV2', '3.3-IV3', '3.4-IV0',
  '3.5-IV0', '3.5-IV1', '3.5-IV2', '3.6-IV0', '3.6-IV1', '3.6-IV2',
  '3.7-IV0', '3.7-IV1', '3.7-IV2', '3.7-IV3', '3.7-IV4', '3.8-IV0', '3.9-IV0',
  '4.0-IV0', '4.0-IV1', '4.0-IV2', '4.0-IV3', '4.1-IV0', '4.1-IV1', '4.2-IV0', '4.2-IV1',
  '4.3-IV0', '4.4-IV0', '4.4-IV1', '4.4-IV2', '4.5-IV0',
];

/** `4.4-IV2` for a feature level, or a plain description beyond the table. */
export function metadataVersionName(level: number): string {
  return METADATA_VERSIONS[level] || `level ${level}`;
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
