import yargs, { type Argv } from 'yargs';
import type { CliContext } from './context.js';
import type { Args } from './shared-flags.js';
import { UsageError } from '../core/errors.js';
import { completeWithLiveNames, completionWords, stopWhenCompleting } from './completion.js';

interface CommandModule {
  command: string | readonly string[];
  describe: string;
  builder: (y: Argv) => Argv;
  handler: (args: Args) => void;
}
type CommandFactory = (ctx: CliContext) => CommandModule;

/**
 * Every command, by the word that names it, in the order --help lists them. A command line loads
 * only the module of the command it names (a command's options, its code, the client for it):
 * the others would cost start-up time and memory for nothing.
 */
export const COMMANDS: ReadonlyArray<readonly [string, () => Promise<CommandFactory>]> = [
  ['topics', async () => (await import('./topics.js')).topicsCommand],
  ['console-producer', async () => (await import('./console-producer.js')).consoleProducerCommand],
  ['console-consumer', async () => (await import('./console-consumer.js')).consoleConsumerCommand],
  ['console-share-consumer', async () => (await import('./console-share-consumer.js')).consoleShareConsumerCommand],
  ['consumer-groups', async () => (await import('./consumer-groups.js')).consumerGroupsCommand],
  ['groups', async () => (await import('./groups.js')).groupsCommand],
  ['share-groups', async () => (await import('./share-groups.js')).shareGroupsCommand],
  ['streams-groups', async () => (await import('./streams-groups.js')).streamsGroupsCommand],
  ['get-offsets', async () => (await import('./get-offsets.js')).getOffsetsCommand],
  ['log-dirs', async () => (await import('./log-dirs.js')).logDirsCommand],
  ['delete-records', async () => (await import('./delete-records.js')).deleteRecordsCommand],
  ['configs', async () => (await import('./configs.js')).configsCommand],
  ['acls', async () => (await import('./acls.js')).aclsCommand],
  ['metadata-quorum', async () => (await import('./metadata-quorum.js')).metadataQuorumCommand],
  ['features', async () => (await import('./features.js')).featuresCommand],
  ['transactions', async () => (await import('./transactions.js')).transactionsCommand],
  ['cluster', async () => (await import('./cluster.js')).clusterCommand],
  ['config', async () => (await import('./config.js')).configCommand],
  ['completion', async () => (await import('./completion-command.js')).completionCommand],
];

/**
 * The commands a command line needs: the one it names, or all of them when it names none or an
 * unknown one (top-level --help, a did-you-mean), or when the command's own name is being completed.
 */
export function commandsNeeded(argv: readonly string[]): string[] {
  const known = COMMANDS.map(([name]) => name);
  const completing = completionWords(argv);
  // `kafka --get-yargs-completions kafka topics --…`: the program, then the command once it is whole.
  const named = completing.length ? (completing.length > 2 ? completing[1] : undefined) : argv.find((word) => !word.startsWith('-'));
  return named !== undefined && known.includes(named) ? [named] : known;
}

/**
 * `--time -15m` / `--before-time -7d` (a time ago) read to a parser as short flags; bound to their option
 * they are values. Negative numbers (`--time -1`, `--shift-by -100`) need no help.
 */
export function bindDashValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if ((argv[i] === '--time' || argv[i] === '--before-time') && next !== undefined && /^-\d+(ms|s|m|h|d)$/.test(next)) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else out.push(argv[i]!);
  }
  return out;
}

export async function buildCli(rawArgv: string[], ctx: CliContext, version: string, scriptName: string) {
  const argv = bindDashValues(rawArgv);
  const needed = new Set(commandsNeeded(argv));
  const factories = await Promise.all(COMMANDS.filter(([name]) => needed.has(name)).map(([, load]) => load()));
  /** The options of the command being parsed (filled in by its builder), for did-you-mean. */
  const known = { options: ['help', 'version', 'verbose', 'debug', 'color'], commands: [] as string[] };
  const withExitCodes = (command: CommandModule): CommandModule => {
    const names = (Array.isArray(command.command) ? command.command : [command.command]) as string[];
    known.commands.push(...names.map((c) => c.split(' ')[0]!));
    return {
      ...command,
      builder: (y: Argv) => {
        const built = command.builder(y).epilogue(EXIT_CODES);
        known.options.push(...Object.keys((built as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key));
        return built;
      },
    };
  };
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
    .command(factories.map((factory) => withExitCodes(factory(ctx))))
    // yargs takes a completion function only with a completion command of its own: a hidden one.
    .completion('__yargs-completion-script', false, completeWithLiveNames(ctx, completionWords(argv)))
    .middleware(stopWhenCompleting, true)
    .middleware((parsed) => refuseEmptyValues(parsed, argv), true)
    .demandCommand(1, 'name a command: topics, console-producer, console-consumer, console-share-consumer, consumer-groups, groups, share-groups, streams-groups, get-offsets, log-dirs, delete-records, configs, acls, metadata-quorum, features, transactions, cluster or config')
    .showHelpOnFail(false)
    .fail((message, error) => {
      throw error ?? usageError(message, known, argv);
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
  'Exit codes: 0 ok, 1 failed, 2 usage, 3 cluster unreachable, 4 auth, 5 not found, 6 already exists, 7 invalid, 8 lag over threshold or cluster check warning, 9 local runtime, 10 cluster check critical, 130/143 interrupted (SIGINT/SIGTERM).';

/**
 * yargs's own messages as one line ("Invalid values:\n  Argument: …" spans two), with a
 * did-you-mean for a mistyped flag or command.
 */
function usageError(message: string, known: { options: string[]; commands: string[] }, words: string[]): UsageError {
  let line = message.replace(/:\s*\n\s*/g, ': ').replace(/\s*\n\s*/g, '; ');
  const listed = /^Unknown arguments?: (.+)$/.exec(line)?.[1]?.split(', ') ?? [];
  // yargs also lists each unknown --kebab-flag as kebabFlag: it is named once.
  const camel = (word: string) => word.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const unknown = listed.filter((word) => !listed.some((other) => other !== word && other.includes('-') && camel(other) === word));
  if (unknown.length < listed.length) line = `Unknown argument${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`;
  const suggestions = unknown.flatMap((word) => {
    // yargs names a flag without its dashes: the command line tells a mistyped flag from a mistyped command.
    const isFlag = words.some((w) => w === `--${word}` || w.startsWith(`--${word}=`) || w === `-${word}`);
    const best = closest(word.replace(/^-+/, ''), isFlag ? known.options : known.commands);
    return best ? [{ word, suggestion: isFlag ? `--${best}` : best }] : [];
  });
  // "Invalid values: Argument: action, Given: "lsit", Choices: "create", "list", …"
  const choice = /Given: "([^"]*)", Choices: (.+)$/.exec(line);
  if (choice) {
    const best = closest(choice[1]!, [...choice[2]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]!));
    if (best) suggestions.push({ word: choice[1]!, suggestion: best });
  }
  const hint = suggestions.length === 1 ? `did you mean ${suggestions[0]!.suggestion}?` : suggestions.length ? `did you mean ${suggestions.map((s) => `${s.suggestion} for ${s.word}`).join(', ')}?` : undefined;
  return new UsageError(line, hint);
}

/** The candidate within a small edit distance of `word` (transpositions count once), if any. */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  for (const candidate of new Set(candidates)) {
    if (candidate.length < 2 || /[A-Z]/.test(candidate)) continue;
    const d = editDistance(word, candidate);
    if (d > 0 && d <= bestDistance) [best, bestDistance] = [candidate, d - 1];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
