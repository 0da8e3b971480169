import { homedir } from 'node:os';
import { join } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/** Latest Kafka 4.x on Maven Central when this release was cut; `--kafka-version` picks another. */
export const DEFAULT_KAFKA_VERSION = '4.4.0';
/** The last release line that runs on ZooKeeper (`cluster up --zookeeper`). */
export const DEFAULT_ZOOKEEPER_KAFKA_VERSION = '3.9.2';

export function cacheRoot(env: Env): string {
  if (env.KAFKA_CLI_CACHE_DIR) return env.KAFKA_CLI_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'kafka-cli');
}

export function defaultStateDir(env: Env): string {
  if (env.KAFKA_CLI_STATE_DIR) return env.KAFKA_CLI_STATE_DIR;
  return join(env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state'), 'kafka-cli', 'local-cluster');
}

export function majorVersion(version: string): number {
  return Number(version.split('.')[0]);
}

/** Whether a release is `major.minor` or later. */
export function releaseAtLeast(version: string, major: number, minor: number): boolean {
  const [ma, mi] = version.split('.').map(Number) as [number, number];
  return ma > major || (ma === major && mi >= minor);
}
