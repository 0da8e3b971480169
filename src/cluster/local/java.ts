import { spawnSync } from 'node:child_process';
import { CliError } from '../../core/errors.js';

const NEED_JAVA =
  'Java 17+ and Maven are needed for the local runtime; or use --runtime docker, or point --bootstrap-server at your cluster';

/** The Java major version on PATH, or a clear error. */
export function checkJava(minMajor: number): number {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) throw new CliError('local-runtime', 'java was not found on PATH', NEED_JAVA);
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr + result.stdout);
  let major = match ? Number(match[1]) : 0;
  if (major === 1 && match?.[2]) major = Number(match[2]);
  if (major < minMajor) throw new CliError('local-runtime', `Java ${major} found, Kafka needs Java ${minMajor}+`, NEED_JAVA);
  return major;
}

export function checkMaven(): void {
  const result = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) throw new CliError('local-runtime', 'mvn was not found on PATH (needed once, to download Kafka from Maven Central)', NEED_JAVA);
}
