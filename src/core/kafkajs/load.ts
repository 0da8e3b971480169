import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The one place kafkajs is loaded, with one fix put in before it loads: kafkajs fails a whole
 * Metadata response when one partition has no leader, so on a degraded cluster even listing
 * topics fails. The Java client keeps such partitions as data (leader -1); so do we. Topic-level
 * errors and other partition errors still throw. Every Metadata version reuses v0's parse,
 * captured when kafkajs loads (kafkajs is pinned to 2.2.4, so the module path is stable).
 */
const metadataPath = require.resolve('kafkajs/src/protocol/requests/metadata/v0/response.js');
const { failure, createErrorFromCode } = require('kafkajs/src/protocol/error.js') as {
  failure(code: number): boolean;
  createErrorFromCode(code: number): Error;
};
const PARTITION_UNAVAILABLE = new Set([5, 9]); // LEADER_NOT_AVAILABLE, REPLICA_NOT_AVAILABLE

interface MetadataData {
  topicMetadata: Array<{ topicErrorCode: number; partitionMetadata: Array<{ partitionErrorCode: number }> }>;
}

async function tolerantMetadataParse(data: MetadataData): Promise<MetadataData> {
  const topicError = data.topicMetadata.find((t) => failure(t.topicErrorCode));
  if (topicError) throw createErrorFromCode(topicError.topicErrorCode);
  const partitionError = data.topicMetadata
    .flatMap((t) => t.partitionMetadata)
    .find((p) => failure(p.partitionErrorCode) && !PARTITION_UNAVAILABLE.has(p.partitionErrorCode));
  if (partitionError) throw createErrorFromCode(partitionError.partitionErrorCode);
  return data;
}

if (require.cache[require.resolve('kafkajs')] === undefined) {
  (require(metadataPath) as { parse: unknown }).parse = tolerantMetadataParse;
}

export const kafkajs = require('kafkajs') as typeof import('kafkajs');
