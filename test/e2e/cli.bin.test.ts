import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { blackHole } from '../support/black-hole.js';
import { BIN, runKafka, uniqueName } from '../support/run-kafka.js';

const trace = fileURLToPath(new URL('../support/trace-loads.cjs', import.meta.url));
const traceModules = fileURLToPath(new URL('../support/trace-modules.mjs', import.meta.url));

describe('kafka binary', () => {
  it('--version and --help print to stdout, exit 0, and never load kafkajs', async () => {
    const version = await runKafka(['--version'], { env: { NODE_OPTIONS: `--require ${trace}` } });
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await runKafka(['topics', '--help'], { env: { NODE_OPTIONS: `--require ${trace}` } });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--bootstrap-server');
    expect(help.stdout).toContain('Examples:');
    expect(version.stderr + help.stderr).not.toContain('TRACE: kafkajs loaded');
    // the tracer itself works: a real command does load kafkajs
    const list = await runKafka(['topics', '--list'], { env: { NODE_OPTIONS: `--require ${trace}` } });
    expect(list.stderr).toContain('TRACE: kafkajs loaded');
  });

  it('measures text widths (an Intl.Segmenter, ~10 ms to make) only when it prints help', async () => {
    const list = await runKafka(['topics', '--list'], { env: { NODE_OPTIONS: `--require ${trace}` } });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stderr).not.toContain('TRACE: Intl.Segmenter made');
    const help = await runKafka(['topics', '--help'], { env: { NODE_OPTIONS: `--require ${trace}` } });
    expect(help.stdout).toContain('--bootstrap-server');
    expect(help.stderr).toContain('TRACE: Intl.Segmenter made');
  });

  // Each command's module is a chunk of the bundle named after it (`topics-<hash>.js`).
  const COMMAND_MODULES: Record<string, string> = Object.fromEntries(
    ['topics', 'console-producer', 'console-consumer', 'console-share-consumer', 'consumer-groups', 'groups', 'share-groups', 'streams-groups', 'get-offsets', 'log-dirs', 'delete-records', 'configs', 'acls', 'metadata-quorum', 'features', 'transactions', 'cluster', 'config'].map((c) => [c, c]),
  );
  COMMAND_MODULES.completion = 'completion-command';
  /** The command modules a run of the binary loaded, by name. */
  const commandModulesLoaded = async (args: string[]) => {
    const file = join(mkdtempSync(join(tmpdir(), 'kafka-cli-trace-')), 'modules');
    writeFileSync(file, '');
    const r = await runKafka(args, { env: { NODE_OPTIONS: `--import ${traceModules}`, KAFKA_CLI_TRACE_MODULES: file } });
    const urls = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(urls.some((u) => u.endsWith('/dist/bundle/main.js')), 'the tracer saw the binary start').toBe(true);
    const chunks = new Set(urls.map((u) => /\/dist\/bundle\/(.+)-[A-Z0-9]{8}\.js$/.exec(u)?.[1]).filter((name) => name !== undefined));
    return { r, chunks, loaded: Object.values(COMMAND_MODULES).filter((m) => chunks.has(m)).sort() };
  };

  it('a command line loads only the module of the command it names; --version loads none, the top-level --help all', async () => {
    for (const [command, module] of Object.entries(COMMAND_MODULES)) {
      const { r, loaded } = await commandModulesLoaded([command, '--help']);
      expect(r.code, r.stderr).toBe(0);
      expect(loaded, command).toEqual([module]);
    }
    const list = await commandModulesLoaded(['topics', '--list']);
    expect(list.r.code, list.r.stderr).toBe(0);
    expect(list.loaded).toEqual(['topics']);
    const version = await commandModulesLoaded(['--version']);
    expect(version.loaded).toEqual([]);
    expect(version.chunks.has('build-cli'), 'the parser is not loaded for --version').toBe(false);
    expect((await commandModulesLoaded(['--help'])).loaded).toEqual(Object.values(COMMAND_MODULES).sort());
    // A mistyped command needs every name for its did-you-mean.
    const typo = await commandModulesLoaded(['topcis']);
    expect(typo.r.stderr).toBe('error: Unknown argument: topcis — did you mean topics?\n');
    expect(typo.loaded).toEqual(Object.values(COMMAND_MODULES).sort());
  });

  it('every subcommand’s --help has a description, examples and the exit codes; the top level lists them all', async () => {
    const subcommands = ['topics', 'console-producer', 'console-consumer', 'consumer-groups', 'cluster', 'config', 'completion'];
    const top = await runKafka(['--help']);
    for (const name of subcommands) expect(top.stdout).toMatch(new RegExp(`^  kafka ${name}\\b.*\\s{2}[A-Z]`, 'm'));
    for (const name of subcommands) {
      const help = await runKafka([name, '--help']);
      expect(help.code, name).toBe(0);
      expect(help.stderr, name).toBe('');
      expect(help.stdout, name).toMatch(/\nExamples:\n  .*kafka /);
      expect(help.stdout, name).toContain('Exit codes: 0 ok, 1 failed, 2 usage, 3 cluster unreachable, 4 auth');
    }
  });

  it('an unknown flag is a one-line usage error with exit 2', async () => {
    const r = await runKafka(['topics', '--list', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: Unknown argument: bogus/);
  });

  it.each([
    [['topics', '--list', '--request-timeout-ms', '3000000000'], "error: --request-timeout-ms must be between 1 and 2147483647, got 3000000000"],
    [['consumer-groups', '--describe', '--all-groups', '--watch', '3000000000'], "error: --watch needs a number of seconds from 0.001 to 2147483, got '3000000000'"],
    [['console-consumer', '--topic', 't', '--timeout-ms', '3000000000'], 'error: --timeout-ms must be between 1 and 2147483647, got 3000000000'],
    [['console-producer', '--topic', 't', '--producer-property', 'delivery.timeout.ms=3000000000'], 'error: delivery.timeout.ms must be between 0 and 2147483647, got 3000000000'],
    [['topics', '--create', '--topic', 't', '--partitions', '1e2'], "error: --partitions must be a whole number, got '1e2'"],
    [['topics', '--create', '--topic', 't', '--partitions', '99999999999'], 'error: --partitions must be between 0 and 2147483647, got 99999999999'],
    [['cluster', 'up', '--port', '70000'], 'error: --port must be between 0 and 65535, got 70000'],
    [['cluster', 'up', '--port', '65500', '--ssl'], "error: --port 65500 leaves no room for the cluster's listeners (they would need ports up to 65700) — pick a lower --port, or 0 for any free ports"],
    [['console-consumer', '--topic', 't', '--group', 'g', '--consumer-property', 'auto.commit.interval.ms=abc'], "error: auto.commit.interval.ms must be a whole number, got 'abc'"],
    [['cluster', 'check', '--log-dir-warning-percent', '101'], 'error: --log-dir-warning-percent must be between 0 and 100, got 101'],
    [['cluster', 'check', '--ignore', 'disks'], "error: unknown check 'disks' — the checks are offline-partition, under-min-isr, under-replicated, min-isr-above-rf, min-isr-equals-rf, single-replica, no-retention-limit, partitions-per-broker, broker-unreachable, log-dir-offline, log-dir-usage, log-dir-growth, group-lag, group-inactive"],
    [['cluster', 'describe', '--max-partitions-per-broker', '5'], 'error: --max-partitions-per-broker goes with `cluster check`'],
    [['cluster', 'describe', '-o', 'prometheus'], 'error: -o prometheus goes with `cluster check`'],
    [['consumer-groups', '--serve', '99999'], "error: --serve needs [HOST:]PORT with a port from 0 to 65535, got '99999' — e.g. --serve 9308 or --serve 0.0.0.0:9308"],
    [['consumer-groups', '--list', '-o', 'prometheus'], 'error: -o prometheus goes with --describe (offsets and lag) or --serve'],
  ])('an out-of-range or malformed number is a usage error before anything runs: %j', async (args, message) => {
    const r = await runKafka(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${message}\n`);
  });

  it.each([
    [['topics', '--list', '--bootstrap-server', ''], 'error: --bootstrap-server needs a value, got an empty one — is a shell variable unset?'],
    [['topics', '--list', '--bootstrap-server='], 'error: --bootstrap-server needs a value, got an empty one — is a shell variable unset?'],
    [['topics', '--list', '--bootstrap-server', ' , '], "error: --bootstrap-server ' , ' names no server — use host:port, e.g. --bootstrap-server host1:9092,host2:9092"],
    [['console-consumer', '--topic', 't', '--group', ''], 'error: --group needs a value, got an empty one — is a shell variable unset?'],
    [['console-consumer', '--topic', 't', '--value-deserializer', ''], 'error: --value-deserializer needs a value, got an empty one — is a shell variable unset?'],
    [['console-producer', '--topic', 't', '--parse-key', '--key-separator', ''], 'error: --key-separator needs a value, got an empty one — is a shell variable unset?'],
    [['topics', '--list', '-o', ''], 'error: -o needs a value, got an empty one — is a shell variable unset?'],
    [['topics', 'create', ''], 'error: an empty argument was given — is a shell variable unset?'],
  ])('an empty value never falls back to another cluster or a default: %j', async (args, message) => {
    // Set: the variable that an ignored empty flag would have fallen back to.
    const r = await runKafka(args, { noBootstrap: true, env: { KAFKA_BOOTSTRAP_SERVERS: inject('bootstrap') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${message}\n`);
  });

  it.each([
    ['topics', '--list'],
    ['console-consumer', '--topic', 't', '--group', 'g'],
    ['console-consumer', '--topic', 't'],
  ])('Ctrl-C while connecting to a broker that never answers ends it at once with 130: %s', async (...args) => {
    const hole = await blackHole();
    try {
      const child = spawn(BIN, [...args, '--bootstrap-server', hole.address], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      await hole.connected; // it is connecting now
      const interrupted = Date.now();
      child.kill('SIGINT');
      expect(await exited, stderr).toBe(130);
      expect(Date.now() - interrupted).toBeLessThan(3000);
      expect(stderr).toBe('error: interrupted while connecting\n');
    } finally {
      await hole.close();
    }
  });

  it('the group tools take Kafka’s --timeout as their request timeout', async () => {
    const hole = await blackHole();
    try {
      for (const tool of ['consumer-groups', 'share-groups', 'streams-groups']) {
        const r = await runKafka([tool, '--list', '--bootstrap-server', hole.address, '--timeout', '2000'], { noBootstrap: true });
        expect(r.code, `${tool}: ${r.stderr}`).toBe(3);
        expect(r.stderr, tool).toMatch(/^error: no answer from the cluster within 2s/);
        expect(r.ms, tool).toBeLessThan(15_000);
      }
    } finally {
      await hole.close();
    }
  });

  it('a reader that has gone (`| true`) is success for every command: exit 0, nothing on stderr', async () => {
    // A stopped local cluster, so that status and logs have something to print.
    const stateDir = mkdtempSync(join(tmpdir(), 'kafka-cli-epipe-'));
    mkdirSync(join(stateDir, 'node-1'));
    writeFileSync(join(stateDir, 'node-1', 'server.log'), 'log line\n'.repeat(50_000));
    const node = { id: 1, port: 1, controllerPort: 2, dir: join(stateDir, 'node-1'), logFile: join(stateDir, 'node-1', 'server.log'), pid: null };
    writeFileSync(join(stateDir, 'cluster.json'), JSON.stringify({ runtime: 'local', version: '4.4.0', clusterId: 'x', bootstrapServers: '127.0.0.1:1', libs: '', heapMb: 512, nodes: [node], startedAt: '' }));
    const bootstrap = inject('bootstrap');
    for (const args of [
      ['cluster', 'status', '--state-dir', stateDir],
      ['cluster', 'status', '--state-dir', stateDir, '-o', 'json'],
      ['cluster', 'logs', '--state-dir', stateDir],
      ['topics', '--describe', '-o', 'json', '--bootstrap-server', bootstrap],
      ['topics', '--list', '--bootstrap-server', bootstrap],
      ['cluster', 'describe', '--bootstrap-server', bootstrap],
      ['--help'],
    ]) {
      // `true` exits before the binary has started, so every write meets a closed pipe.
      const r = spawnSync('bash', ['-c', `"$0" "$@" | true; exit \${PIPESTATUS[0]}`, BIN, ...args, ...(args[0] === 'cluster' && args[1] !== 'describe' ? ['--runtime', 'local'] : [])], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.status, args.join(' ')).toBe(0);
    }
  });

  it.each([
    ['an HTTP server', Buffer.from('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')],
    ['a peer announcing a 2 GB answer', Buffer.from([0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 1])],
    ['a peer answering with the wrong correlation id', Buffer.from([0, 0, 0, 8, 0x12, 0x34, 0x56, 0x78, 0, 0, 0, 0])],
  ])('%s on the port: told at once that it is not a Kafka broker (exit 3)', async (_name, answer) => {
    const server = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => socket.write(answer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = `127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const r = await runKafka(['topics', '--list', '--bootstrap-server', address], { noBootstrap: true });
      expect(r.stderr).toBe(`error: ${address} answered, but not as a Kafka broker — check the host and port: they must be a Kafka listener\n`);
      expect(r.code).toBe(3);
      expect(r.ms).toBeLessThan(10_000);
    } finally {
      server.close();
    }
  });

  it.each([
    [['topcs'], 'error: Unknown argument: topcs — did you mean topics?'],
    [['topics', '--lsit'], 'error: Unknown argument: lsit — did you mean --list?'],
    // Named once, not also as bogusFlag (yargs lists both), and not taken for a mistyped command.
    [['topics', '--list', '--bogus-flag'], 'error: Unknown argument: bogus-flag'],
    [['topics', '--list', '--bogus-flag', '--lsit'], 'error: Unknown arguments: bogus-flag, lsit — did you mean --list?'],
    [['topics', 'lsit'], 'error: Invalid values: Argument: action, Given: "lsit", Choices: "create", "list", "describe", "delete", "alter" — did you mean list?'],
    [['topics', '--list', '-o', 'jsn'], 'error: Invalid values: Argument: output, Given: "jsn", Choices: "table", "json", "csv", "kafka" — did you mean json?'],
    [['consumer-groups', '--describe', '--grup', 'g'], 'error: Unknown argument: grup — did you mean --group?'],
  ])('a typo gets one line with a did-you-mean: %j', async (args, message) => {
    const r = await runKafka(args);
    expect(r.stderr).toBe(`${message}\n`);
    expect(r.code).toBe(2);
  });

  it('an error line is one line whatever it quotes: newlines and terminal escapes are shown escaped, a huge one is cut', async () => {
    const withNewline = await runKafka(['topics', '--describe', '--topic', 'a\nb']);
    expect(withNewline.stderr.split('\n')).toHaveLength(2);
    expect(withNewline.stderr).toContain('a\\nb');
    const withEscape = await runKafka(['topics', '--describe', '--topic', '\u001b[31mred']);
    expect(withEscape.stderr).not.toContain('\u001b');
    expect(withEscape.stderr).toContain('\\x1b[31mred');
    // Closed local ports: every one refuses at once, and the message would list all 3,000.
    const servers = Array.from({ length: 3000 }, (_, i) => `127.0.0.1:${i + 1}`).join(',');
    const many = await runKafka(['topics', '--list', '--bootstrap-server', servers, '--request-timeout-ms', '5000'], { noBootstrap: true });
    expect(many.code).toBe(3);
    expect(many.stderr).toMatch(/^error: cannot reach broker at 127\.0\.0\.1:1,127\.0\.0\.1:2,.*… \(\d+ more characters\)/);
    expect(many.stderr.split('\n')).toHaveLength(2);
    expect(many.stderr.length).toBeLessThan(1000);
  });

  // kafkajs is pinned, but its internals are used: a release that changed one must stop us at once with its name.
  for (const [modulePath, method, message] of [
    ['cluster/index.js', 'getNodeIds', 'Cluster has no getNodeIds'],
    ['network/connectionPool.js', 'getConnection', 'ConnectionPool has no getConnection'],
    ['protocol/decoder.js', 'readInt64', 'Decoder has no readInt64'],
  ]) {
    it(`a kafkajs whose internals changed (${modulePath} without ${method}) is named in one line, exit 1, before anything is sent`, async () => {
      const r = await runKafka(['topics', '--list', '--bootstrap-server', '127.0.0.1:1'], {
        noBootstrap: true,
        env: { NODE_OPTIONS: `--import ${fileURLToPath(new URL('../support/break-kafkajs.mjs', import.meta.url))}`, BREAK_KAFKAJS_MODULE: modulePath, BREAK_KAFKAJS_METHOD: method },
      });
      expect(r).toMatchObject({ code: 1, stdout: '', stderr: `error: kafkajs internals changed: ${message} (is kafkajs still pinned to 2.2.4?)\n` });
    });
  }

  it('an unreachable broker fails fast with one line that says why, exit 3, no stack trace', async () => {
    const r = await runKafka(['topics', '--list', '--bootstrap-server', '127.0.0.1:1'], { noBootstrap: true });
    expect(r.code).toBe(3);
    // Refused at once: not "within 30s", which it did not wait.
    expect(r.stderr.trim()).toMatch(/^error: cannot reach broker at 127\.0\.0\.1:1 \(connection refused\) — is the cluster up\?/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.ms).toBeLessThan(30_000);
  });

  it('under the kafka-topics name it behaves as `kafka topics` with Kafka’s layout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'links-'));
    symlinkSync(BIN, join(dir, 'kafka-topics'));
    const topic = uniqueName('link');
    const created = await runKafka(['--create', '--topic', topic, '--partitions', '2'], { binary: join(dir, 'kafka-topics') });
    expect(created.code).toBe(0);
    expect(created.stdout).toBe(`Created topic ${topic}.\n`);
    const described = await runKafka(['--describe', '--topic', topic], { binary: join(dir, 'kafka-topics') });
    expect(described.stdout).toMatch(new RegExp(`^Topic: ${topic}\\tTopicId: \\S+\\tPartitionCount: 2\\tReplicationFactor: 3\\tConfigs: `));
  });
});
