/** The checks of `kafka cluster check` (apart, so that argument parsing loads nothing else). */

export type Severity = 'critical' | 'warning' | 'info';

/** Every check, with the worst it can report (a finding names one of these). */
export const CHECKS = {
  'offline-partition': 'critical',
  'under-min-isr': 'critical',
  'under-replicated': 'warning',
  'min-isr-above-rf': 'critical',
  'min-isr-equals-rf': 'warning',
  'single-replica': 'warning',
  'no-retention-limit': 'warning',
  'partitions-per-broker': 'warning',
  'broker-unreachable': 'critical',
  'log-dir-offline': 'critical',
  'log-dir-usage': 'critical',
  'log-dir-growth': 'warning',
  'group-lag': 'warning',
  'group-inactive': 'warning',
} as const satisfies Record<string, Severity>;

export type CheckName = keyof typeof CHECKS;
