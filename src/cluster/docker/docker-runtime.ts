import { spawnSync } from 'node:child_process';
import { packageFile } from '../../core/package-file.js';
import { CliError } from '../../core/errors.js';

/** The bundled compose file at the package root (ZooKeeper + Kafka; `kraft` profile for KRaft). */
export const COMPOSE_FILE = packageFile('docker-compose.yml');
const PROJECT = 'kafka-cli';

export function dockerEngineAvailable(): boolean {
  const result = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 5000 });
  return !result.error && result.status === 0 && result.stdout.trim() !== '';
}

export interface ComposeTarget {
  profile: 'zookeeper' | 'kraft';
  /** The host port the broker is published on (KAFKA_PORT in the compose file). */
  port: number;
}

export function compose(args: string[], target: ComposeTarget): { status: number; stdout: string; stderr: string } {
  const result = spawnSync('docker', ['compose', '-f', COMPOSE_FILE, '-p', PROJECT, '--profile', target.profile, ...args], {
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, KAFKA_PORT: String(target.port) },
  });
  if (result.error) throw new CliError('local-runtime', `docker could not be run: ${result.error.message}`, 'install Docker, or use --runtime local');
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

export function composeOrFail(args: string[], target: ComposeTarget): string {
  const result = compose(args, target);
  if (result.status !== 0) {
    const line = result.stderr.trim().split('\n').slice(-1)[0] ?? '';
    throw new CliError('local-runtime', `docker compose ${args[0]} failed: ${line}`, 'see `docker compose logs`, or use --runtime local');
  }
  return result.stdout;
}
