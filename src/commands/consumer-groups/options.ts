import type { MetricsOutputFormat } from '../../render/print.js';

export type GroupsAction = 'list' | 'describe' | 'delete' | 'reset-offsets' | 'delete-offsets' | 'serve';

export type ResetSpec =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'current' }
  | { kind: 'offset'; offset: number }
  | { kind: 'shift'; by: number }
  | { kind: 'timestamp'; timestamp: number }
  | { kind: 'file'; path: string };

/** `--topic t` (every partition) or `--topic t:0,2`. */
export interface TopicScope {
  topic: string;
  partitions: number[] | null;
}

export interface ConsumerGroupsOptions {
  action: GroupsAction;
  groups: string[];
  allGroups: boolean;
  describeMode: 'offsets' | 'members' | 'state';
  /** --list --state [filter] */
  stateFilter: string[] | null;
  /** --list --type [filter]: classic, consumer */
  typeFilter: string[] | null;
  verbose: boolean;
  output: MetricsOutputFormat;
  lagThreshold?: number;
  /** Exit 8 when a group's time lag (seconds) is above this. */
  lagThresholdSeconds?: number;
  /** Describe: write the output to this file (atomically: a scraper never reads half of it). */
  outputFile?: string;
  /** --serve: where /metrics listens, and how often at most the cluster is read. */
  serve?: { host: string; port: number; minRefreshMs: number };
  topics: TopicScope[];
  allTopics: boolean;
  reset?: ResetSpec;
  execute: boolean;
  /** --reset-offsets without --dry-run/--execute: Kafka warns that nothing happens. */
  dryRunImplicit: boolean;
  export: boolean;
  yes: boolean;
  /** Redraw describe every N seconds. */
  watchSeconds?: number;
}
