import type { Argv } from 'yargs';
import { writeOut } from '../render/io.js';
import { COMPLETION_SHELLS, completionScript, type CompletionShell } from './completion.js';
import type { CliContext } from './context.js';
import type { Args } from './shared-flags.js';

export function completionCommand(ctx: CliContext) {
  return {
    command: 'completion [shell]',
    describe: 'Print a shell completion script (bash, zsh or fish): subcommands, flags, values, live topic and group names',
    builder: (y: Argv) =>
      y
        .positional('shell', { type: 'string', choices: COMPLETION_SHELLS, describe: 'Shell to complete for [default: from $SHELL, else bash]' })
        .example('$0 completion bash > ~/.local/share/bash-completion/completions/kafka', 'bash')
        .example('$0 completion zsh > "${fpath[1]}/_kafka"', 'zsh')
        .example('$0 completion fish > ~/.config/fish/completions/kafka.fish', 'fish'),
    handler: (args: Args) => {
      const fromEnv = (ctx.io.env.SHELL ?? '').split('/').pop() as CompletionShell;
      const shell = (args.shell as CompletionShell | undefined) ?? (COMPLETION_SHELLS.includes(fromEnv) ? fromEnv : 'bash');
      ctx.finish(Promise.resolve(writeOut(ctx.io.stdout, completionScript(shell))).then(() => 0));
    },
  };
}
