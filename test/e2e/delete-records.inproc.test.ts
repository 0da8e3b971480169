import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, type KafkaClient } from '../../src/core/client.js';
import { resolveConnection } from '../../src/core/connection.js';
import { deleteRecordsOptions } from '../../src/cli/delete-records.js';
import { runDeleteRecords } from '../../src/commands/delete-records/run.js';
import { kcatRead } from '../support/kcat.js';
import { runKafka, uniqueName } from '../support/run-kafka.js';
import { testIO } from '../support/test-io.js';
import { until } from '../support/until.js';

/** The terminal branch of delete-records, in-process with a keyboard of our own. */
describe('kafka delete-records on a terminal (in-process, real broker)', () => {
  let client: KafkaClient;
  const topicWith = async (name: string, perPartition: number, partitions: number) => {
    const topic = uniqueName(name);
    expect((await runKafka(['topics', 'create', topic, '--partitions', String(partitions)])).code).toBe(0);
    for (let p = 0; p < partitions; p++) {
      const lines = Array.from({ length: perPartition }, (_, i) => `p${p}-${i}`).join('\n');
      expect((await runKafka(['console-producer', '--topic', topic, '--partition', String(p)], { input: lines })).code).toBe(0);
    }
    return topic;
  };
  beforeAll(async () => {
    client = await connect(resolveConnection({ bootstrapServer: [inject('bootstrap')] }, {}, null), () => undefined);
  });
  afterAll(async () => {
    await client.close();
  });

  it('on a terminal it shows what goes and asks; "no" deletes nothing, "yes" deletes', async () => {
    const topic = await topicWith('dr-ask', 8, 2);
    const ask = async (answer: string) => {
      const keyboard = new PassThrough();
      const io = testIO({ stdin: keyboard, stdinIsTTY: true, stdoutIsTTY: false, stderrIsTTY: true, canPrompt: true });
      const running = runDeleteRecords(deleteRecordsOptions({ topic, all: true }, false), client, io);
      await until('the question', () => io.err().includes('for good?'), 30_000, 20);
      keyboard.write(answer);
      return { result: running, io };
    };
    const no = await ask('n\r');
    await expect(no.result).rejects.toThrow('nothing deleted (not confirmed)');
    expect(no.io.err()).toMatch(/NEW-LOG-START/);
    expect(no.io.err()).toContain('Delete 16 record(s) for good?');
    expect(kcatRead(topic)).toHaveLength(16);
    const yes = await ask('y\r');
    expect(await yes.result).toBe(0);
    expect(kcatRead(topic)).toEqual([]);
  });

});
