import type { ErrorKind } from '../core/errors.js';

/** The one table of exit codes; README "Exit codes" documents exactly this. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  unreachable: 3,
  auth: 4,
  notFound: 5,
  alreadyExists: 6,
  invalid: 7,
  lagThreshold: 8,
  /** `cluster check`: the worst finding is a warning (8, as a lag threshold) or critical (10). */
  checkWarning: 8,
  localRuntime: 9,
  checkCritical: 10,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export const exitCodeByKind: Record<ErrorKind, number> = {
  usage: ExitCode.usage,
  unreachable: ExitCode.unreachable,
  timeout: ExitCode.unreachable,
  auth: ExitCode.auth,
  'not-found': ExitCode.notFound,
  'already-exists': ExitCode.alreadyExists,
  invalid: ExitCode.invalid,
  failed: ExitCode.failed,
  cancelled: ExitCode.interrupted,
  'lag-threshold': ExitCode.lagThreshold,
  'check-warning': ExitCode.checkWarning,
  'check-critical': ExitCode.checkCritical,
  'local-runtime': ExitCode.localRuntime,
};
