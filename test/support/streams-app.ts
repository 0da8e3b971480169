import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheRoot } from '../../src/cluster/local/paths.js';
import { DEFAULT_KAFKA_VERSION } from '../../src/cluster/local/paths.js';
import { until } from './until.js';

const SOURCE = fileURLToPath(new URL('./streams/TinyStreams.java', import.meta.url));

/** Kafka Streams and what it needs at run time from Maven Central (once), RocksDB left out: the test's store lives in memory. */
function streamsLibs(version: string): string {
  const home = join(cacheRoot(process.env), `kafka-streams-${version}`);
  const libs = join(home, 'libs');
  if (existsSync(join(home, '.complete'))) return libs;
  mkdirSync(home, { recursive: true });
  writeFileSync(
    join(home, 'pom.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>kafka-cli.test</groupId>
  <artifactId>kafka-streams-${version}</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId><artifactId>kafka-streams</artifactId><version>${version}</version>
      <exclusions><exclusion><groupId>org.rocksdb</groupId><artifactId>rocksdbjni</artifactId></exclusion></exclusions>
    </dependency>
  </dependencies>
</project>
`,
  );
  const mvn = spawnSync('mvn', ['-B', '-q', '--strict-checksums', '-f', join(home, 'pom.xml'), 'org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies', `-DoutputDirectory=${libs}`, '-DincludeScope=runtime'], { encoding: 'utf8', timeout: 300_000 });
  if (mvn.status !== 0) throw new Error(`downloading Kafka Streams ${version} failed: ${mvn.stdout}${mvn.stderr}`);
  writeFileSync(join(home, '.complete'), new Date().toISOString());
  return libs;
}

export interface StreamsApp {
  process: ChildProcess;
  /** Stops it (SIGTERM: Kafka Streams closes and leaves the group) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * A real Kafka Streams application of the streams group protocol (KIP-1071, `group.protocol=streams`):
 * it counts the keys of `input` into an in-memory store (a changelog topic) and writes the counts to
 * `output`. Its application id is the group. Resolves once it is RUNNING.
 */
export async function startStreamsApp(bootstrap: string, applicationId: string, input: string, output: string): Promise<StreamsApp> {
  const libs = streamsLibs(DEFAULT_KAFKA_VERSION);
  const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-streams-'));
  const classes = join(dir, 'classes');
  const javac = spawnSync('javac', ['-d', classes, '-cp', join(libs, '*'), SOURCE], { encoding: 'utf8', timeout: 120_000 });
  if (javac.status !== 0) throw new Error(`javac failed (a JDK is needed): ${javac.error?.message ?? ''}${javac.stderr}`);
  const child = spawn('java', ['-cp', `${classes}:${join(libs, '*')}`, 'TinyStreams', bootstrap, applicationId, input, output, join(dir, 'state')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  await until(`the Kafka Streams application ${applicationId} RUNNING`, () => out.includes('state RUNNING') || child.exitCode !== null, 120_000, 200);
  if (!out.includes('state RUNNING')) throw new Error(`the Kafka Streams application exited: ${out.slice(-2000)}`);
  return {
    process: child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
