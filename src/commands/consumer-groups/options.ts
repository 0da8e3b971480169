import type { OutputFormat } from '../../render/print.js';

export type GroupsAction = 'list' | 'describe' | 'delete' | 'reset-offsets' | 'delete-offsets';

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
  output: OutputFormat;
  lagThreshold?: number;
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
