import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirectory } from '../../core/directories.js';
import { CliError } from '../../core/errors.js';
import { checkMaven } from './java.js';
import { cacheRoot, majorVersion } from './paths.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface KafkaArtifacts {
  version: string;
  home: string;
  libs: string;
  /** Kafka 4.x logs through log4j2; 3.x through reload4j (log4j 1). */
  logging: 'log4j2' | 'log4j1';
}

const COMPLETE_MARKER = '.complete';

function pom(version: string, extra: string): string {
  // kafka-tools pulls connect-runtime (Jetty & co.), which none of the console tools need.
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>kafka-cli.local</groupId>
  <artifactId>kafka-${version}</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${version}</version></dependency>
    <dependency>
      <groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>${version}</version>
      <exclusions><exclusion><groupId>org.apache.kafka</groupId><artifactId>connect-runtime</artifactId></exclusion></exclusions>
    </dependency>${extra}
  </dependencies>
</project>
`;
}

function runMaven(home: string, args: string[], log: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('mvn', ['-B', '-q', '--strict-checksums', '-f', join(home, 'pom.xml'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else {
        const tail = output.trim().split('\n').filter((l) => /ERROR|Could not|not found/i.test(l)).slice(0, 2).join(' ');
        log(output);
        reject(new CliError('local-runtime', `downloading Kafka from Maven Central failed: ${tail || `mvn exited with ${code}`}`, 'check the --kafka-version and that Maven Central is reachable'));
      }
    });
  });
}

/**
 * A download counts as cached while its marker stands and the jars it counted are all still
 * there with the bytes it counted: a cache cleaner or a full disk may have taken some since.
 */
export function cacheIsWhole(home: string, libs: string): boolean {
  let marker: { jars?: number; bytes?: number };
  try {
    marker = JSON.parse(readFileSync(join(home, COMPLETE_MARKER), 'utf8')) as typeof marker;
  } catch {
    return false;
  }
  if (!existsSync(libs)) return false;
  const jars = readdirSync(libs);
  // A marker written before it counted jars vouches for its bytes alone.
  if (marker.jars !== undefined && jars.length !== marker.jars) return false;
  return jars.length > 0 && jars.reduce((n, f) => n + statSync(join(libs, f)).size, 0) === marker.bytes;
}

/** Jars in `dir` that do not end with a zip directory (cut short, or not a jar at all). */
export function brokenJars(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.jar') && !endsWithZipDirectory(join(dir, name)));
}

function endsWithZipDirectory(file: string): boolean {
  // The end-of-central-directory record (PK\x05\x06) is in the last 22 bytes plus a comment of at most 64 KiB.
  const size = statSync(file).size;
  const length = Math.min(size, 22 + 0xffff);
  if (length < 22) return false;
  const tail = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, tail, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  const at = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  // Whole only when the record and its comment end exactly where the file does.
  return at >= 0 && at + 22 <= length && at + 22 + tail.readUInt16LE(at + 20) === length;
}

/**
 * Broker and tool jars of `version` from Maven Central, in ~/.cache/kafka-cli/kafka-<version>/libs.
 * The first call downloads (mvn); later calls return at once.
 */
export async function ensureArtifacts(version: string, env: Env, log: (line: string) => void): Promise<KafkaArtifacts> {
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new CliError('usage', `invalid Kafka version '${version}'`, 'use a release such as 4.4.0 or 3.9.1');
  const home = join(cacheRoot(env), `kafka-${version}`);
  const libs = join(home, 'libs');
  const logging = majorVersion(version) >= 4 ? 'log4j2' : 'log4j1';
  if (cacheIsWhole(home, libs)) return { version, home, libs, logging };

  checkMaven();
  log(`Downloading Apache Kafka ${version} from Maven Central (once)...`);
  rmSync(libs, { recursive: true, force: true });
  makeDirectory(home, 'the download cache (KAFKA_CLI_CACHE_DIR)');
  writeFileSync(join(home, 'pom.xml'), pom(version, ''));
  let extra = '';
  if (logging === 'log4j2') {
    // Kafka 4 brings log4j-core but no SLF4J binding (the tarball adds one): match its version.
    await runMaven(home, ['dependency:list', '-DincludeArtifactIds=log4j-core', `-DoutputFile=${join(home, 'deps.txt')}`], log);
    const deps = readFileSync(join(home, 'deps.txt'), 'utf8');
    const log4j = /log4j-core:jar:([\w.-]+):/.exec(deps)?.[1];
    if (log4j) extra = `\n    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>${log4j}</version><exclusions><exclusion><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId></exclusion></exclusions></dependency>`;
    writeFileSync(join(home, 'pom.xml'), pom(version, extra));
  }
  await runMaven(home, ['org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies', `-DoutputDirectory=${libs}`, '-DincludeScope=runtime'], log);
  const broken = brokenJars(libs);
  if (broken.length > 0) {
    rmSync(libs, { recursive: true, force: true });
    throw new CliError('local-runtime', `downloading Kafka ${version} gave ${broken.length} jar(s) that are not whole: ${broken.slice(0, 3).join(', ')}`, 'run the command again to download them anew (Maven keeps its own copy in ~/.m2/repository: delete those files there if this repeats)');
  }
  const jars = readdirSync(libs);
  const size = jars.reduce((n, f) => n + statSync(join(libs, f)).size, 0);
  writeFileSync(join(home, COMPLETE_MARKER), JSON.stringify({ version, jars: jars.length, bytes: size, at: new Date().toISOString() }));
  log(`Kafka ${version}: ${jars.length} jars, ${(size / 1048576).toFixed(1)} MiB in ${libs}`);
  return { version, home, libs, logging };
}

/** JVM flags that make Kafka's own loggers write where we want, at the level we want. */
export function loggingFlags(artifacts: KafkaArtifacts, dir: string, target: { file: string } | 'stderr', level: 'INFO' | 'WARN'): string[] {
  makeDirectory(dir, 'the log directory');
  if (artifacts.logging === 'log4j2') {
    const config = join(dir, target === 'stderr' ? 'tools-log4j2.properties' : 'log4j2.properties');
    const appender =
      target === 'stderr'
        ? 'appender.out.type = Console\nappender.out.target = SYSTEM_ERR\n'
        : `appender.out.type = File\nappender.out.fileName = ${target.file}\n`;
    writeFileSync(
      config,
      `status = error\n${appender}appender.out.name = out\nappender.out.layout.type = PatternLayout\nappender.out.layout.pattern = [%d] %p %m (%c)%n\nrootLogger.level = ${level}\nrootLogger.appenderRef.out.ref = out\n`,
    );
    return [`-Dlog4j2.configurationFile=${config}`];
  }
  const config = join(dir, target === 'stderr' ? 'tools-log4j.properties' : 'log4j.properties');
  const appender =
    target === 'stderr'
      ? 'log4j.appender.out=org.apache.log4j.ConsoleAppender\nlog4j.appender.out.Target=System.err\n'
      : `log4j.appender.out=org.apache.log4j.FileAppender\nlog4j.appender.out.File=${target.file}\n`;
  writeFileSync(config, `log4j.rootLogger=${level}, out\n${appender}log4j.appender.out.layout=org.apache.log4j.PatternLayout\nlog4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n\n`);
  return [`-Dlog4j.configuration=file:${config}`];
}
