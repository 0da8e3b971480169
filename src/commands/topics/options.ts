import type { OutputFormat } from '../../render/print.js';

export type TopicsAction = 'create' | 'list' | 'describe' | 'delete' | 'alter';

export interface DescribeFilters {
  underReplicated: boolean;
  underMinIsr: boolean;
  atMinIsr: boolean;
  unavailable: boolean;
}

export interface TopicsOptions {
  action: TopicsAction;
  /** A name for --create; a Kafka-style regex (whole-name, `,` = `|`) otherwise. */
  topic?: string;
  /** Describe the topic of this id (base64, as Kafka prints it) instead of by --topic. */
  topicId?: string;
  /** Describe: DescribeTopicPartitions' page size (absent: Kafka's 2000). */
  partitionsPerResponse?: number;
  partitions?: number;
  replicationFactor?: number;
  replicaAssignment?: number[][];
  configs: Record<string, string>;
  deleteConfigs: string[];
  ifExists: boolean;
  ifNotExists: boolean;
  excludeInternal: boolean;
  filters: DescribeFilters;
  topicsWithOverrides: boolean;
  allConfigs: boolean;
  output: OutputFormat;
  yes: boolean;
}

export const noFilters: DescribeFilters = { underReplicated: false, underMinIsr: false, atMinIsr: false, unavailable: false };

export function anyFilter(f: DescribeFilters): boolean {
  return f.underReplicated || f.underMinIsr || f.atMinIsr || f.unavailable;
}
