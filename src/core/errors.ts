/**
 * Typed failures. Commands and the client core throw these; `src/cli/exit-codes.ts`
 * turns each kind into one stderr line and a documented exit code.
 */
export type ErrorKind =
  | 'usage'
  | 'unreachable'
  | 'timeout'
  | 'auth'
  | 'not-found'
  | 'already-exists'
  | 'invalid'
  | 'failed'
  | 'cancelled'
  | 'lag-threshold'
  | 'check-warning'
  | 'check-critical'
  | 'local-runtime';

export class CliError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** A short "what to do" appended after an em dash. */
    readonly hint?: string,
    /** The error this one stands for (shown with --debug, read by retry rules). */
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super('usage', message, hint);
  }
}

export const usage = (message: string, hint?: string) => new UsageError(message, hint);
export const notFound = (message: string, hint?: string) => new CliError('not-found', message, hint);
export const alreadyExists = (message: string, hint?: string) => new CliError('already-exists', message, hint);
export const invalid = (message: string, hint?: string) => new CliError('invalid', message, hint);
export const failed = (message: string, hint?: string) => new CliError('failed', message, hint);

export function isCliError(err: unknown): err is CliError {
  return err instanceof CliError;
}
