import type { OffsetLookupQuery } from '../../core/client.js';
import type { UserPattern } from '../../core/user-pattern.js';
import type { OutputFormat } from '../../render/print.js';

/** Kafka's partition filters: one partition, a range [from, to), or all (a set, empty = all). */
export type PartitionRule = { kind: 'one'; partition: number } | { kind: 'range'; from: number; to: number } | { kind: 'set'; partitions: number[] };

export interface TopicPartitionRule {
  topic: UserPattern;
  partitions: PartitionRule;
}

export interface GetOffsetsOptions {
  /** A partition is asked when any rule takes it. */
  rules: TopicPartitionRule[];
  query: OffsetLookupQuery;
  excludeInternal: boolean;
  output: OutputFormat;
}
