import { describe, expect, it } from 'vitest';
import { completionWords, liveSlot } from '../../src/cli/completion.js';

describe('which words complete to live names', () => {
  it.each([
    [['kafka', 'topics', '--topic', 'or'], 'topic'],
    [['kafka', 'console-consumer', '--topic', ''], 'topic'],
    [['kafka', 'console-consumer', '--topic', 't', '--group', ''], 'group'],
    [['kafka', 'topics', 'describe', ''], 'topic'],
    [['kafka', 'topics', 'delete', '--bootstrap-server', 'h:1', ''], 'topic'],
    [['kafka', 'topics', 'create', ''], null],
    [['kafka', 'topics', 'list', ''], null],
    [['kafka', 'topics', ''], null],
    [['kafka', 'topics', 'describe', 'a', ''], null],
    [['kafka', 'topics', 'describe', '--output', ''], null],
    [['kafka', 'consumer-groups', 'describe', ''], 'group'],
    [['kafka', 'consumer-groups', 'describe', 'g1', ''], 'group'],
    [['kafka', 'consumer-groups', 'list', ''], null],
    [['kafka', 'consumer-groups', ''], null],
    [['kafka', ''], null],
  ] as const)('%j → %s', (words, slot) => {
    expect(liveSlot(words)).toBe(slot);
  });

  it('takes the words after the completion flag', () => {
    expect(completionWords(['--get-yargs-completions', 'kafka', 'topics', ''])).toEqual(['kafka', 'topics', '']);
    expect(completionWords(['topics', '--list'])).toEqual([]);
  });
});
