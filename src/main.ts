import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CliContext } from './cli/context.js';
import { exitCodeByKind, ExitCode } from './cli/exit-codes.js';
import { CliError, isCliError } from './core/errors.js';
import { packageFile } from './core/package-file.js';
import { systemIO, writeOut, type IO } from './render/io.js';

const KAFKA_TOOL_NAMES: Record<string, string> = {
  'kafka-topics': 'topics',
  'kafka-console-producer': 'console-producer',
  'kafka-console-consumer': 'console-consumer',
  'kafka-console-share-consumer': 'console-share-consumer',
  'kafka-consumer-groups': 'consumer-groups',
  'kafka-get-offsets': 'get-offsets',
  'kafka-log-dirs': 'log-dirs',
  'kafka-delete-records': 'delete-records',
  'kafka-configs': 'configs',
  'kafka-acls': 'acls',
  'kafka-metadata-quorum': 'metadata-quorum',
  'kafka-features': 'features',
  'kafka-groups': 'groups',
  'kafka-share-groups': 'share-groups',
  'kafka-streams-groups': 'streams-groups',
  'kafka-transactions': 'transactions',
};

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Longer messages (3,000 bootstrap servers) are cut: the line is for a person. */
const MAX_ERROR_CHARS = 600;

/**
 * One line, whatever went into it: a name with a newline or terminal escape codes (from the user,
 * a broker, a file) is shown escaped, never acted on by the terminal.
 */
export function oneLine(text: string): string {
  const safe = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  return safe.length > MAX_ERROR_CHARS ? `${safe.slice(0, MAX_ERROR_CHARS)}… (${safe.length - MAX_ERROR_CHARS} more characters)` : safe;
}

/** One stderr line for any failure; a stack trace only with --debug. */
export async function reportError(err: unknown, io: IO, debug: boolean): Promise<number> {
  if (isCliError(err)) {
    await writeOut(io.stderr, `error: ${oneLine(err.message)}${err.hint ? ` — ${oneLine(err.hint)}` : ''}\n`);
    return exitCodeByKind[err.kind];
  }
  // A file the user named could not be used (EACCES, ENOTDIR, EPERM…): a usage error naming it.
  const system = err as NodeJS.ErrnoException;
  if (system?.syscall && system.path && system.code) {
    await writeOut(io.stderr, `error: cannot ${system.syscall} '${oneLine(system.path)}': ${system.code} — check the path and its permissions\n`);
    return exitCodeByKind.usage;
  }
  const message = err instanceof Error ? err.message : String(err);
  await writeOut(io.stderr, `error: ${oneLine(message.split('\n')[0]!)}\n`);
  if (debug && err instanceof Error && err.stack) await writeOut(io.stderr, `${err.stack}\n`);
  return ExitCode.failed;
}

/** Options whose values may start with '-' (a relative time, a negative shift). */
const NEGATIVE_VALUE_OPTIONS = new Set(['--from', '--from-timestamp', '--shift-by', '--by-duration']);

/** `--from -15m` would read as flags: join such values to their option (`--from=-15m`). */
export function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (NEGATIVE_VALUE_OPTIONS.has(arg) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** Runs the CLI; `program` is the name it was invoked as (kafka, or kafka-topics & co.). */
export async function main(argv: string[], io: IO, program = 'kafka'): Promise<number> {
  const toolName = basename(program).replace(/\.sh$/, '');
  const subcommand = KAFKA_TOOL_NAMES[toolName];
  // The version alone needs no parser and no command: answered before either is loaded.
  if (argv.length === 1 && argv[0] === '--version') {
    await writeOut(io.stdout, `${packageVersion()}\n`);
    return 0;
  }
  const args = joinNegativeValues(subcommand ? [subcommand, ...argv] : argv);
  const debug = args.includes('--debug');
  let result: Promise<number> | null = null;
  const ctx: CliContext = {
    io,
    kafkaToolName: subcommand !== undefined,
    async withClient(flags, use) {
      const [{ resolveConnection }, { connect }] = await Promise.all([import('./core/connection.js'), import('./core/client.js')]);
      const connection = resolveConnection(flags, io.env);
      const client = await connect(connection, (line) => void writeOut(io.stderr, line + '\n'), io.signal);
      try {
        return await use(client);
      } finally {
        await client.close();
      }
    },
    finish(code) {
      result = code;
    },
  };
  const [{ buildCli }, { CompletionOnly }] = await Promise.all([import('./cli/build-cli.js'), import('./cli/completion.js')]);
  try {
    await (await buildCli(args, ctx, packageVersion(), subcommand ? toolName : 'kafka')).parseAsync();
    return result === null ? 0 : await result;
  } catch (err) {
    if (err instanceof CompletionOnly && result !== null) return result;
    // A reader that went away (`| head -1`) is success, whichever command was writing.
    if (stdoutClosed(err)) return 0;
    return reportError(err, io, debug);
  }
}

/**
 * Kafka connections' failures reach here mapped to our errors; a raw EPIPE can only come from our
 * own output, whose reader has gone.
 */
function stdoutClosed(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return !isCliError(err) && (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED');
}

/** The process entry: signals become an AbortSignal, the exit code becomes process.exitCode. */
export async function runFromProcess(): Promise<void> {
  const controller = new AbortController();
  let interrupted = 0;
  let signalCode = 130;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted++;
    // 128 + signal number, as a shell (and Kafka's JVM tools) report it.
    signalCode = signal === 'SIGTERM' ? 143 : 130;
    if (interrupted > 1) process.exit(signalCode);
    controller.abort(new CliError('cancelled', `interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A reader that went away (`| head`) is not an error: stop quietly.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') controller.abort(new CliError('cancelled', 'stdout closed'));
  });
  const noColor = process.argv.includes('--no-color');
  const io = systemIO(controller.signal, noColor);
  const code = await main(process.argv.slice(2), io, process.argv[1] ?? 'kafka');
  process.exitCode = interrupted && (code === 0 || code === 130) ? signalCode : code;
  // kafkajs can leave sockets and timers behind (tulios/kafkajs#967): do not wait for them.
  setTimeout(() => process.exit(process.exitCode), 100).unref();
}
