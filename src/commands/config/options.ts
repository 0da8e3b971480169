import type { Profile } from '../../core/profiles.js';
import type { OutputFormat } from '../../render/print.js';

export const CONFIG_ACTIONS = ['init', 'add', 'use', 'list', 'show', 'current', 'delete'] as const;
export type ConfigAction = (typeof CONFIG_ACTIONS)[number];

export interface ConfigOptions {
  action: ConfigAction;
  /** The profile acted on; show defaults to the current one. */
  name?: string;
  /** add: the new profile. */
  profile?: Profile;
  /** add: make it the current profile too. */
  use: boolean;
  /** add: replace a profile of the same name. */
  overwrite: boolean;
  showSecrets: boolean;
  output: OutputFormat;
}
