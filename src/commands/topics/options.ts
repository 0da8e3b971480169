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
