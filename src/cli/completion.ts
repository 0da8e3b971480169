import type { KafkaClient } from '../core/client.js';
import type { CliContext } from './context.js';
import { connectionFlags, type Args } from './shared-flags.js';
import { writeOut } from '../render/io.js';

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/** The flag yargs answers with completions; the scripts below call it. */
export const COMPLETION_FLAG = '--get-yargs-completions';

/** Thrown once the candidates are on their way: a half-typed line must not run its command. */
export class CompletionOnly extends Error {}

export function stopWhenCompleting(argv: Args): void {
  if (argv[COMPLETION_FLAG.slice(2)] !== undefined) throw new CompletionOnly('completing');
}

/**
 * Shell scripts that ask `kafka --get-yargs-completions <words>` for candidates. SHELL is set
 * for that call because yargs formats descriptions by it (zsh `name:desc`, fish `name<TAB>desc`).
 */
export function completionScript(shell: CompletionShell, program = 'kafka'): string {
  const fn = `_${program.replace(/[^A-Za-z0-9_]/g, '_')}_completions`;
  switch (shell) {
    case 'bash':
      return `# ${program} completion for bash. Install: ${program} completion bash > ~/.local/share/bash-completion/completions/${program}
${fn}() {
  local cur_word="\${COMP_WORDS[COMP_CWORD]}" candidates
  mapfile -t candidates < <(SHELL=bash ${program} ${COMPLETION_FLAG} "\${COMP_WORDS[@]:0:COMP_CWORD+1}" 2>/dev/null)
  mapfile -t COMPREPLY < <(compgen -W "$(printf '%q ' "\${candidates[@]}")" -- "\${cur_word}")
}
complete -o bashdefault -o default -F ${fn} ${program}
`;
    case 'zsh':
      return `#compdef ${program}
# ${program} completion for zsh. Install: ${program} completion zsh > "\${fpath[1]}/_${program}"
${fn}() {
  local -a candidates
  local IFS=$'\\n'
  candidates=($(SHELL=zsh ${program} ${COMPLETION_FLAG} "\${words[@]:0:$CURRENT}" 2>/dev/null))
  if (( \${#candidates} )); then
    _describe 'values' candidates
  else
    _default
  fi
}
if [[ "\${zsh_eval_context[-1]}" == "loadautofunc" ]]; then
  ${fn} "$@"
else
  compdef ${fn} ${program}
fi
`;
    case 'fish':
      return `# ${program} completion for fish. Install: ${program} completion fish > ~/.config/fish/completions/${program}.fish
function ${fn}
  set -l words (commandline -opc)
  SHELL=fish ${program} ${COMPLETION_FLAG} $words (commandline -ct | string collect --allow-empty) 2>/dev/null
end
complete -c ${program} -f -a '(${fn})'
`;
  }
}

/** The words a shell passed for completion (the program name first, the word being completed last). */
export function completionWords(argv: readonly string[]): string[] {
  const at = argv.indexOf(COMPLETION_FLAG);
  return at === -1 ? [] : argv.slice(at + 1);
}

/** What the word being completed names, judging by the words before it. */
export function liveSlot(words: readonly string[]): 'topic' | 'group' | null {
  const previous = words.at(-2);
  if (previous === '--topic') return 'topic';
  if (previous === '--group') return 'group';
  // Verb style: `topics describe <topic>`, `consumer-groups describe <group>...`.
  const commandAt = words.findIndex((w) => w === 'topics' || w === 'consumer-groups');
  if (commandAt === -1 || previous?.startsWith('-')) return null;
  const positionals = words.slice(commandAt + 1, -1).filter((w, i, all) => !w.startsWith('-') && !all[i - 1]?.startsWith('--'));
  if (words[commandAt] === 'topics') return positionals.length === 1 && positionals[0] !== 'create' && positionals[0] !== 'list' ? 'topic' : null;
  return positionals.length >= 1 && positionals[0] !== 'list' ? 'group' : null;
}

const LIVE_DEADLINE_MS = 1500;

async function liveNames(ctx: CliContext, argv: Args, slot: 'topic' | 'group'): Promise<string[]> {
  const list = (client: KafkaClient) => (slot === 'topic' ? client.topics.list() : client.groups.list().then((groups) => groups.map((g) => g.groupId)));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<string[]>((resolve) => {
    timer = setTimeout(() => resolve([]), LIVE_DEADLINE_MS);
  });
  let names: string[] = [];
  const fetching = ctx
    .withClient({ ...connectionFlags(argv), timeoutMs: LIVE_DEADLINE_MS, verbose: false, debug: false }, async (client) => {
      names = await list(client);
      return 0;
    })
    .then(() => names, () => []);
  try {
    return await Promise.race([fetching, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * yargs's own candidates (subcommands, flags, choices), plus topic and group names from the
 * cluster the partial command line points at — within a short deadline, and none on any error.
 */
export function completeWithLiveNames(ctx: CliContext, words: readonly string[]) {
  return (current: string, argv: Args, defaultCompletions: (done: (err: unknown, list?: string[]) => void) => void, done: (list: string[]) => void) => {
    const slot = liveSlot(words);
    const candidates = slot
      ? liveNames(ctx, argv, slot).then((names) => names.filter((n) => n.startsWith(current)).sort())
      : new Promise<string[]>((resolve) => defaultCompletions((_err, list) => resolve(list ?? [])));
    // We print (to io.stdout) and report it as the command's result; yargs prints nothing.
    ctx.finish(candidates.then(async (list) => {
      // yargs also offers one-letter aliases as `--o`: only `-o` is real.
      const real = list.filter((c) => !/^--[^-](?:[\t:]|$)/.test(c));
      await writeOut(ctx.io.stdout, real.map((c) => `${c}\n`).join(''));
      return 0;
    }));
    done([]);
  };
}
