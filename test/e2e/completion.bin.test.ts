import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { blackHole } from '../support/black-hole.js';
import { BIN, runKafka, uniqueName } from '../support/run-kafka.js';

const complete = (words: string[], env: Record<string, string | undefined> = {}) => runKafka(['--get-yargs-completions', 'kafka', ...words], { env });
const lines = (text: string) => text.split('\n').filter(Boolean);

describe('shell completion', () => {
  const prefix = uniqueName('compl');
  const group = `${prefix}-readers`;

  beforeAll(async () => {
    for (const t of ['orders', 'payments']) expect((await runKafka(['topics', 'create', `${prefix}-${t}`])).code).toBe(0);
    expect((await runKafka(['console-consumer', '--topic', `${prefix}-orders`, '--group', group, '-e'])).code).toBe(0);
  });

  it('kafka completion bash|zsh|fish prints the script that completions/ holds', async () => {
    const files = { bash: 'kafka.bash', zsh: '_kafka', fish: 'kafka.fish' } as const;
    for (const [shell, file] of Object.entries(files)) {
      const r = await runKafka(['completion', shell]);
      expect(r.code).toBe(0);
      expect(r.stdout, `completions/${file} is stale: run npm run completions`).toBe(readFileSync(fileURLToPath(new URL(`../../completions/${file}`, import.meta.url)), 'utf8'));
      expect(r.stdout).toContain('--get-yargs-completions');
    }
    expect((await runKafka(['completion'], { env: { SHELL: '/usr/bin/fish' } })).stdout).toContain('complete -c kafka');
    expect((await runKafka(['completion', 'tcsh'])).code).toBe(2);
  });

  it('subcommands, flags and flag values complete from the command definitions', async () => {
    expect(lines((await complete([''])).stdout)).toEqual([
      'topics',
      'console-producer',
      'console-consumer',
      'console-share-consumer',
      'consumer-groups',
      'groups',
      'share-groups',
      'streams-groups',
      'get-offsets',
      'log-dirs',
      'delete-records',
      'configs',
      'acls',
      'metadata-quorum',
      'features',
      'transactions',
      'cluster',
      'config',
      'completion',
    ]);
    const topicsFlags = lines((await complete(['topics', '--'])).stdout);
    expect(topicsFlags).toEqual(expect.arrayContaining(['--bootstrap-server', '--describe', '--partitions', '--under-replicated-partitions', '--output']));
    expect(topicsFlags).not.toContain('--o');
    expect(lines((await complete(['topics', ''])).stdout)).toEqual(expect.arrayContaining(['create', 'list', 'describe', 'delete', 'alter']));
    expect(lines((await complete(['topics', '--output', ''])).stdout)).toEqual(['table', 'json', 'csv', 'kafka']);
    expect(lines((await complete(['features', ''])).stdout)).toEqual(expect.arrayContaining(['describe', 'upgrade', 'downgrade', 'disable', 'version-mapping']));
    expect(lines((await complete(['share-groups', '--'])).stdout)).toEqual(expect.arrayContaining(['--list', '--describe', '--reset-offsets', '--delete-offsets', '--group', '--members']));
    expect(lines((await complete(['streams-groups', '--'])).stdout)).toEqual(expect.arrayContaining(['--reset-offsets', '--delete-offsets', '--topology', '--input-topic', '--all-input-topics', '--delete-all-internal-topics', '--delete-internal-topic']));
    expect(lines((await complete(['console-share-consumer', '--'])).stdout)).toEqual(expect.arrayContaining(['--topic', '--group', '--release', '--reject', '--reject-message-on-error', '--max-messages', '--formatter-property']));
    expect(lines((await complete(['cluster', ''])).stdout)).toEqual(expect.arrayContaining(['up', 'down', 'status', 'logs', 'describe', 'api-versions']));
    expect(lines((await complete(['cluster', 'up', '--runtime', ''])).stdout)).toEqual(['auto', 'local', 'docker']);
  });

  it('descriptions in the zsh and fish formats', async () => {
    expect(lines((await complete(['topics', '--'], { SHELL: '/bin/zsh' })).stdout)).toContain('--describe:Describe topics');
    expect(lines((await complete(['topics', '--'], { SHELL: '/usr/bin/fish' })).stdout)).toContain('--describe\tDescribe topics');
  });

  it('topic names complete live from the cluster, after --topic and as the verb-style argument', async () => {
    const ours = [`${prefix}-orders`, `${prefix}-payments`];
    expect(lines((await complete(['topics', 'describe', prefix])).stdout)).toEqual(ours);
    expect(lines((await complete(['console-consumer', '--topic', prefix])).stdout)).toEqual(ours);
    expect(lines((await complete(['topics', '--describe', '--topic', `${prefix}-p`])).stdout)).toEqual([`${prefix}-payments`]);
    expect(lines((await complete(['consumer-groups', '--reset-offsets', '--group', group, '--topic', `${prefix}-o`])).stdout)).toEqual([`${prefix}-orders`]);
  });

  it('group names complete live, after --group and as verb-style arguments', async () => {
    expect(lines((await complete(['consumer-groups', 'describe', prefix])).stdout)).toEqual([group]);
    expect(lines((await complete(['consumer-groups', '--describe', '--group', prefix])).stdout)).toEqual([group]);
    expect(lines((await complete(['console-consumer', '--topic', 'x', '--group', prefix])).stdout)).toEqual([group]);
  });

  it('the command line’s own --bootstrap-server is used; an unreachable cluster gives no names, quickly and quietly', async () => {
    const r = await complete(['topics', 'describe', '--bootstrap-server', '127.0.0.1:1', '']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    expect(r.ms).toBeLessThan(5000);
    // A black hole (accepts, never answers): only our deadline ends the wait.
    const hole = await blackHole();
    try {
      const silent = await runKafka(['--get-yargs-completions', 'kafka', 'topics', 'describe', ''], { noBootstrap: true, env: { KAFKA_BOOTSTRAP_SERVERS: hole.address } });
      expect(silent.code).toBe(0);
      expect(silent.stdout).toBe('');
      expect(silent.stderr).toBe('');
      expect(silent.ms).toBeGreaterThanOrEqual(1000);
      expect(silent.ms).toBeLessThan(5000);
    } finally {
      await hole.close();
    }
  });

  it('bash: the generated script, sourced in a real bash, fills COMPREPLY', () => {
    const binDir = mkdtempSync(join(tmpdir(), 'kafka-bin-'));
    symlinkSync(BIN, join(binDir, 'kafka'));
    const script = readFileSync(fileURLToPath(new URL('../../completions/kafka.bash', import.meta.url)), 'utf8');
    const run = (words: string[]) =>
      spawnSync('bash', ['-c', `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _kafka_completions; printf '%s\\n' "\${COMPREPLY[@]}"`], {
        encoding: 'utf8',
        env: { ...process.env, PATH: `${binDir}:${process.env.PATH}`, KAFKA_BOOTSTRAP_SERVERS: inject('bootstrap') },
      }).stdout;
    expect(lines(run(['kafka', 'consumer-g']))).toEqual(['consumer-groups']);
    expect(lines(run(['kafka', 'topics', 'describe', `${prefix}-pa`]))).toEqual([`${prefix}-payments`]);
    expect(lines(run(['kafka', 'topics', '--output', 'j']))).toEqual(['json']);
  });
});
