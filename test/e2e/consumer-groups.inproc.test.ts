import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, type KafkaClient } from '../../src/core/client.js';
import { resolveConnection } from '../../src/core/connection.js';
import { runConsumerGroups } from '../../src/commands/consumer-groups/run.js';
import { consumerGroupsOptions } from '../../src/cli/consumer-groups.js';
import { runKafka, uniqueName } from '../support/run-kafka.js';
import { testIO } from '../support/test-io.js';
import { until } from '../support/until.js';

/** The TTY branches of consumer-groups: confirmation with the plan, and --watch redrawing in place. */
describe('kafka consumer-groups on a terminal (in-process, real broker)', () => {
  let client: KafkaClient;
  const topic = uniqueName('cgtty');
  const group = uniqueName('cgtty');
  beforeAll(async () => {
    client = await connect(resolveConnection({ bootstrapServer: [inject('bootstrap')] }, {}, null), () => undefined);
    await runKafka(['topics', 'create', topic]);
    await runKafka(['console-producer', '--topic', topic], { input: 'a\nb\nc\n' });
    await runKafka(['console-consumer', '--topic', topic, '--group', group, '--from-beginning', '-e']);
  }, 60_000);
  afterAll(async () => {
    await client.close();
  });

  it('--execute shows the planned offsets and asks; "no" changes nothing', async () => {
    const keyboard = new PassThrough();
    const io = testIO({ stdin: keyboard, stdinIsTTY: true, stdoutIsTTY: true, stderrIsTTY: true, canPrompt: true });
    const poll = setInterval(() => {
      if (io.err().includes('Commit these')) {
        clearInterval(poll);
        setTimeout(() => keyboard.write('n\r'), 50);
      }
    }, 20);
    const options = consumerGroupsOptions({ 'reset-offsets': true, group, topic, 'to-earliest': true, execute: true }, false);
    await expect(runConsumerGroups(options, client, io)).rejects.toThrow('nothing reset (not confirmed)');
    expect(io.err()).toMatch(/NEW-OFFSET/);
    expect(io.err()).toContain('Commit these 1 offset(s)?');
    expect((await client.groups.committed(group))[0]!.offset).toBe(3);
  });

  it('--delete asks on a terminal; "no" keeps the group', async () => {
    const keyboard = new PassThrough();
    const io = testIO({ stdin: keyboard, stdinIsTTY: true, stdoutIsTTY: true, canPrompt: true });
    const poll = setInterval(() => {
      if (io.err().includes('Delete consumer group')) {
        clearInterval(poll);
        setTimeout(() => keyboard.write('n\r'), 50);
      }
    }, 20);
    await expect(runConsumerGroups(consumerGroupsOptions({ delete: true, group }, false), client, io)).rejects.toThrow('nothing deleted (not confirmed)');
    expect((await client.groups.list()).map((g) => g.groupId)).toContain(group);
  });

  it('--watch redraws in place on a TTY with the lag trend (a sparkline), lag change and rate', async () => {
    const controller = new AbortController();
    const io = testIO({ stdoutIsTTY: true, signal: controller.signal });
    const options = consumerGroupsOptions({ describe: true, group, watch: '1' }, false);
    const watching = runConsumerGroups(options, client, io);
    await until('three frames', () => io.out().split('\u001b[H\u001b[2J').length >= 3, 30_000, 100);
    controller.abort();
    expect(await watching).toBe(0);
    expect(io.out().split('\u001b[H\u001b[2J').length).toBeGreaterThanOrEqual(3);
    expect(io.out()).toContain('LAG-CHANGE');
    expect(io.out()).toContain('RATE/S');
    expect(io.out()).toContain('TREND');
    // Two rounds at the same lag: two low bars for this caught-up partition.
    expect(io.out()).toMatch(/▁▁/);
  });
});
