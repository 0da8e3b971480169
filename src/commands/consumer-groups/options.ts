import type { OutputFormat } from '../../render/print.js';

export interface ConsumerGroupsOptions {
  action: 'list' | 'describe';
  groups: string[];
  allGroups: boolean;
  describeMode: 'offsets' | 'members' | 'state';
  /** --list --state [filter] */
  stateFilter: string[] | null;
  verbose: boolean;
  output: OutputFormat;
  lagThreshold?: number;
}
