import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { runOnTerminal } from '../support/pty.js';
import { runKafka } from '../support/run-kafka.js';

const COMPOSE_FILE = fileURLToPath(new URL('../../docker-compose.yml', import.meta.url));
const FAKE_DOCKER_DIR = fileURLToPath(new URL('../support/fake-docker', import.meta.url));

/**
 * No Docker engine here: the docker runtime runs against a fake `docker` on PATH that records
 * its calls. Readiness is real: the fake "publishes" the test broker's port.
 */
function withFakeDocker(engine: 'up' | 'down' = 'up', extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'fake-docker-'));
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  const env = { PATH: `${FAKE_DOCKER_DIR}:${process.env.PATH}`, FAKE_DOCKER_LOG: log, FAKE_DOCKER_ENGINE: engine, ...extra };
  const stateDir = join(dir, 'state');
  return {
    cluster: (...args: string[]) => runKafka(['cluster', ...args, '--state-dir', stateDir], { noBootstrap: true, env, timeoutMs: 30_000 }),
    calls: () => readFileSync(log, 'utf8').trim().split('\n').filter(Boolean),
  };
}

const testPort = () => inject('bootstrap').split(',')[0]!.split(':')[1]!;
const compose = (port: string, profile: string, args: string) => `KAFKA_PORT=${port} compose -f ${COMPOSE_FILE} -p kafka-cli --profile ${profile} ${args}`;

describe('kafka cluster --runtime docker (fake docker CLI)', () => {
  it('up runs docker compose with the bundled file and profile, waits until the broker answers, then prints status', async () => {
    const docker = withFakeDocker();
    const r = await docker.cluster('up', '--runtime', 'docker', '--port', testPort(), '-o', 'json');
    expect(r.code, r.stderr).toBe(0);
    expect(docker.calls()).toEqual([
      'KAFKA_PORT= info --format {{.ServerVersion}}',
      compose(testPort(), 'zookeeper', 'up -d'),
      compose(testPort(), 'zookeeper', 'ps --format json'),
    ]);
    expect(JSON.parse(r.stdout)).toEqual({
      runtime: 'docker',
      bootstrapServers: `localhost:${testPort()}`,
      running: true,
      services: [{ service: 'kafka', state: 'running' }, { service: 'zookeeper', state: 'running' }],
    });
    // Off a terminal: plain progress lines instead of a spinner, on stderr.
    expect(r.stderr).toBe(`Starting Kafka with docker compose...\nKafka is up at localhost:${testPort()} (docker)\n`);
  });

  it('on a terminal an ora spinner shows the wait, ending in a ✔ line (real pty)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-docker-tty-'));
    const log = join(dir, 'calls.log');
    writeFileSync(log, '');
    const r = await runOnTerminal(['cluster', 'up', '--runtime', 'docker', '--port', testPort(), '--state-dir', join(dir, 'state')], [], {
      PATH: `${FAKE_DOCKER_DIR}:${process.env.PATH}`,
      FAKE_DOCKER_LOG: log,
      FAKE_DOCKER_ENGINE: 'up',
    });
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toContain(`✔ Kafka is up at localhost:${testPort()} (docker)`);
    expect(r.screen).not.toContain('Starting Kafka with docker compose...\r\n');
    expect(r.screen).not.toMatch(/\u001b\[3\dm/); // NO_COLOR: no colour, spinner included
  });

  it('--kraft picks the KRaft profile; down --wipe removes volumes; logs pass through', async () => {
    const docker = withFakeDocker();
    expect((await docker.cluster('up', '--runtime', 'docker', '--kraft', '--port', testPort())).code).toBe(0);
    expect(docker.calls()[1]).toBe(compose(testPort(), 'kraft', 'up -d'));
    const down = await docker.cluster('down', '--runtime', 'docker', '--wipe', '--kraft');
    expect(down.code).toBe(0);
    expect(down.stderr).toBe('Stopped the docker cluster.\n');
    expect(docker.calls().at(-1)).toBe(compose('9092', 'kraft', 'down -v'));
    const logs = await docker.cluster('logs', '--runtime', 'docker');
    expect(logs.stdout).toBe('kafka-1  | [KafkaServer id=1] started\n');
    expect(docker.calls().at(-1)).toBe(compose('9092', 'zookeeper', 'logs --no-color'));
  });

  it('--runtime auto: docker when `docker info` answers, the local runtime when it does not', async () => {
    const up = withFakeDocker('up');
    const withEngine = await up.cluster('status', '--runtime', 'auto', '--port', testPort());
    expect(withEngine.stdout).toContain('runtime: docker');
    const down = withFakeDocker('down');
    const withoutEngine = await down.cluster('status', '--runtime', 'auto');
    expect(withoutEngine.code).toBe(5);
    expect(withoutEngine.stderr).toMatch(/^error: no local cluster in .*state — start one with `kafka cluster up`\n$/);
    expect(down.calls()).toEqual(['KAFKA_PORT= info --format {{.ServerVersion}}']);
  });

  it('failures are one line with exit 9: no engine, compose failing', async () => {
    const noEngine = await withFakeDocker('down').cluster('up', '--runtime', 'docker');
    expect(noEngine.code).toBe(9);
    expect(noEngine.stderr).toBe('error: no Docker engine answers `docker info` — start Docker, or use --runtime local\n');
    const failing = await withFakeDocker('up', { FAKE_DOCKER_UP_ERROR: 'Error response from daemon: pull access denied for confluentinc/cp-kafka' }).cluster('up', '--runtime', 'docker');
    expect(failing.code).toBe(9);
    expect(failing.stderr.split('\n').at(-2) + '\n').toBe('error: docker compose up failed: Error response from daemon: pull access denied for confluentinc/cp-kafka — see `docker compose logs`, or use --runtime local\n');
    const anyPort = await withFakeDocker().cluster('up', '--runtime', 'docker', '--port', '0');
    expect(anyPort.code).toBe(2);
  });
});

describe('docker-compose.yml (static)', () => {
  const file = parse(readFileSync(COMPOSE_FILE, 'utf8')) as { services: Record<string, { image: string; profiles: string[]; ports: string[]; environment: Record<string, string | number>; depends_on?: string[] }> };

  it('ZooKeeper + Kafka in the default profile, one KRaft node in the kraft profile', () => {
    const { zookeeper, kafka, 'kafka-kraft': kraft } = file.services;
    expect(zookeeper!.profiles).toEqual(['zookeeper']);
    expect(kafka!.profiles).toEqual(['zookeeper']);
    expect(kafka!.depends_on).toEqual(['zookeeper']);
    expect(kafka!.environment.KAFKA_ZOOKEEPER_CONNECT).toBe('zookeeper:2181');
    expect(kraft!.profiles).toEqual(['kraft']);
    expect(kraft!.environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(kraft!.image).toMatch(/^apache\/kafka:\d+\.\d+\.\d+$/);
  });

  it('both brokers are reachable from the host at localhost:$KAFKA_PORT (9092 by default), advertised as such', () => {
    for (const name of ['kafka', 'kafka-kraft']) {
      const service = file.services[name]!;
      expect(service.ports).toEqual(['${KAFKA_PORT:-9092}:9092']);
      expect(String(service.environment.KAFKA_ADVERTISED_LISTENERS)).toContain('://localhost:${KAFKA_PORT:-9092}');
      expect(String(service.environment.KAFKA_LISTENERS)).toMatch(/:\/\/0\.0\.0\.0:9092/);
      expect(service.environment.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe(1);
    }
  });
});
