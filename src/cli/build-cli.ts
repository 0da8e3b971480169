import yargs, { type Argv } from 'yargs';
import type { CliContext } from './context.js';
import { clusterCommand } from './cluster.js';
import { configCommand } from './config.js';
import { topicsCommand } from './topics.js';
import { consoleProducerCommand } from './console-producer.js';
import { consoleConsumerCommand } from './console-consumer.js';
import { consumerGroupsCommand } from './consumer-groups.js';
import { UsageError } from '../core/errors.js';
import { completeWithLiveNames, completionWords, stopWhenCompleting } from './completion.js';
import { completionCommand } from './completion-command.js';

export function buildCli(argv: string[], ctx: CliContext, version: string, scriptName: string) {
  const cli = yargs(argv)
    .scriptName(scriptName)
    .parserConfiguration({ 'dot-notation': false, 'duplicate-arguments-array': true, 'strip-aliased': true })
    .exitProcess(false)
    .strict()
    .version(version)
    .help()
    .wrap(Math.min(120, ctx.io.width))
    .option('verbose', { type: 'boolean', describe: 'Log client activity to stderr', global: true })
    .option('debug', { type: 'boolean', describe: 'Log protocol-level detail to stderr', global: true })
    .option('color', { type: 'boolean', describe: 'Colour on a terminal (--no-color, or NO_COLOR, turns it off)', global: true })
    .command(withExitCodes(topicsCommand(ctx)))
    .command(withExitCodes(consoleProducerCommand(ctx)))
    .command(withExitCodes(consoleConsumerCommand(ctx)))
    .command(withExitCodes(consumerGroupsCommand(ctx)))
    .command(withExitCodes(clusterCommand(ctx)))
    .command(withExitCodes(configCommand(ctx)))
    .command(withExitCodes(completionCommand(ctx)))
    // yargs takes a completion function only with a completion command of its own: a hidden one.
    .completion('__yargs-completion-script', false, completeWithLiveNames(ctx, completionWords(argv)))
    .middleware(stopWhenCompleting, true)
    .middleware((parsed) => refuseEmptyValues(parsed, argv), true)
    .demandCommand(1, 'name a command: topics, console-producer, console-consumer, consumer-groups, cluster or config')
    .showHelpOnFail(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    .epilogue(EXIT_CODES);
  // yargs lays out a command's whole --help text each time the command runs (~70 ms of string
  // widths), in case the handler asks for it; ours never do, and --help itself is unaffected.
  (cli as unknown as { getInternalMethods(): { getUsageInstance(): { cacheHelpMessage(): void } } }).getInternalMethods().getUsageInstance().cacheHelpMessage = () => undefined;
  return cli;
}

/**
 * `--bootstrap-server "$UNSET"` must not quietly fall back to the environment, a profile or
 * localhost: an empty value of any option or argument is a usage error (a blank one may be
 * meant: a key separator can be a space).
 */
function refuseEmptyValues(parsed: Record<string, unknown>, words: string[]): void {
  const empty = Object.entries(parsed).some(([name, value]) => name !== '$0' && (Array.isArray(value) ? value : [value]).some((v) => v === ''));
  if (!empty) return;
  // Name it as it was typed: `--flag=`, `--flag ''`, `-o ''`, or an empty argument.
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const inline = /^(--?[^=]+)=$/.exec(word);
    if (inline) throw new UsageError(`${inline[1]} needs a value, got an empty one`, 'is a shell variable unset?');
    if (word !== '') continue;
    const previous = words[i - 1];
    throw new UsageError(previous?.startsWith('-') ? `${previous} needs a value, got an empty one` : 'an empty argument was given', 'is a shell variable unset?');
  }
}

const EXIT_CODES =
  'Exit codes: 0 ok, 1 failed, 2 usage, 3 cluster unreachable, 4 auth, 5 not found, 6 already exists, 7 invalid, 8 lag over threshold, 9 local runtime, 130/143 interrupted (SIGINT/SIGTERM).';

/** Every command's --help ends with the exit codes, as the top level's does. */
function withExitCodes<C extends { builder: (y: Argv) => Argv }>(command: C): C {
  return { ...command, builder: (y: Argv) => command.builder(y).epilogue(EXIT_CODES) };
}
