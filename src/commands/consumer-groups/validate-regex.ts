import { ExitCode } from '../../cli/exit-codes.js';
import { patternProblem } from '../../core/user-pattern.js';
import { writeOut, type IO } from '../../render/io.js';

/**
 * `--validate-regex`: whether a regular expression is valid RE2, as the brokers read the regexes
 * of new-protocol consumers (KIP-848), in Kafka's words. No cluster is asked. An invalid one exits
 * 7 (Kafka's tool exits 0 either way), so that a script can test it.
 */
export async function runValidateRegex(regex: string, io: IO): Promise<number> {
  const problem = patternProblem(regex);
  if (problem === null) {
    await writeOut(io.stdout, `The regular expression \`${regex}\` is valid.\n`);
    return ExitCode.ok;
  }
  await writeOut(io.stdout, `The regular expression \`${regex}\` is invalid: ${problem}.\n`);
  return ExitCode.invalid;
}
