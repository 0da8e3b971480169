import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, type KafkaClient } from '../../src/core/client.js';
import { resolveConnection } from '../../src/core/connection.js';
import { runTopics } from '../../src/commands/topics/run.js';
import { topicsOptions } from '../../src/cli/topics.js';
import { runKafka, uniqueName } from '../support/run-kafka.js';
import { testIO } from '../support/test-io.js';

/** Types the answer (and Enter, which a raw terminal sends as \r) once the question is shown. */
function answerWhenAsked(io: ReturnType<typeof testIO>, keyboard: PassThrough, answer: string): void {
  const poll = setInterval(() => {
    if (io.err().includes('?')) {
      clearInterval(poll);
      setTimeout(() => keyboard.write(`${answer}\r`), 50);
    }
  }, 20);
}

/** The TTY branches (colour, prompts) that a spawned binary cannot reach: run() in-process. */
describe('kafka topics on a terminal (in-process, real broker)', () => {
  let client: KafkaClient;
  beforeAll(async () => {
    client = await connect(resolveConnection({ bootstrapServer: [inject('bootstrap')] }, {}, null), () => undefined);
  });
  afterAll(async () => {
    await client.close();
  });

  it('colours the table on a TTY only, and never with colour off', async () => {
    const t = uniqueName('tty');
    await runKafka(['topics', 'create', t]);
    const options = topicsOptions({ describe: true, topic: t }, false);
    const tty = testIO({ stdoutIsTTY: true, color: true });
    expect(await runTopics(options, client, tty)).toBe(0);
    expect(tty.out()).toContain('\u001b[1m'); // bold topic name
    expect(tty.out()).toContain('┌');
    const noColor = testIO({ stdoutIsTTY: true, color: false });
    await runTopics(options, client, noColor);
    expect(noColor.out()).not.toContain('\u001b[');
  });

  it('asks before deleting several topics on a terminal; "no" keeps them, --yes skips the question', async () => {
    const prefix = uniqueName('ask');
    for (const n of [1, 2]) await runKafka(['topics', 'create', `${prefix}-${n}`]);
    const options = topicsOptions({ delete: true, topic: `${prefix}-.*` }, false);

    const answerNo = new PassThrough();
    const declined = testIO({ stdin: answerNo, stdinIsTTY: true, stdoutIsTTY: true, canPrompt: true });
    answerWhenAsked(declined, answerNo, 'n');
    const running = runTopics(options, client, declined);
    await expect(running).rejects.toThrow('nothing deleted (not confirmed)');
    expect(declined.err()).toContain(`Delete 2 topics (${prefix}-1, ${prefix}-2)?`);
    expect((await runKafka(['topics', '--list', '--topic', `${prefix}-.*`])).stdout).toBe(`${prefix}-1\n${prefix}-2\n`);

    const answerYes = new PassThrough();
    const confirmed = testIO({ stdin: answerYes, stdinIsTTY: true, stdoutIsTTY: true, canPrompt: true });
    answerWhenAsked(confirmed, answerYes, 'y');
    const deleting = runTopics(options, client, confirmed);
    expect(await deleting).toBe(0);
    expect(confirmed.err()).toContain(`Deleted topic ${prefix}-1.`);
    expect((await runKafka(['topics', '--list', '--topic', `${prefix}-.*`])).stdout).toBe('');

    for (const n of [3, 4]) await runKafka(['topics', 'create', `${prefix}-${n}`]);
    const silent = testIO({ stdinIsTTY: true, stdoutIsTTY: true, canPrompt: true });
    expect(await runTopics({ ...options, yes: true }, client, silent)).toBe(0);
    expect(silent.err()).not.toContain('Delete 2 topics');
  });
});
