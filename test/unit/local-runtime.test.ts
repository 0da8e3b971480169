import { existsSync, mkdtempSync, mkdirSync, truncateSync, writeFileSync, copyFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { brokenJars, cacheIsWhole } from '../../src/cluster/local/artifacts.js';
import { freePort, javaFailure } from '../../src/cluster/local/local-cluster.js';
import { releaseAtLeast } from '../../src/cluster/local/paths.js';

describe('why a Java tool failed', () => {
  it('names the root cause of an exception, not the last stack line', () => {
    const output = [
      '[2026-12-01 10:00:00,000] WARN something harmless (org.example)',
      'Exception in thread "main" java.lang.RuntimeException: could not format',
      '\tat kafka.tools.StorageTool$.main(StorageTool.scala:50)',
      'Caused by: java.nio.file.FileSystemException: /tmp/x/meta.properties: No space left on device',
      '\tat java.base/sun.nio.fs.UnixException.translateToIOException(UnixException.java:100)',
      '\t... 8 more',
    ].join('\n');
    expect(javaFailure(output)).toBe('java.nio.file.FileSystemException: /tmp/x/meta.properties: No space left on device');
  });

  it('names the exception when there is no cause, and the last message when there is no exception', () => {
    expect(javaFailure('Exception in thread "main" java.lang.NoClassDefFoundError: org/slf4j/Logger\n\tat kafka.Kafka.main(Kafka.java:1)\n')).toBe(
      'Exception in thread "main" java.lang.NoClassDefFoundError: org/slf4j/Logger',
    );
    expect(javaFailure('Formatting metadata directory /tmp/d\nLog directory /tmp/d is already formatted. Use --ignore-formatted.\n')).toBe(
      'Log directory /tmp/d is already formatted. Use --ignore-formatted.',
    );
    expect(javaFailure('')).toBe('no output');
  });
});

describe('the Kafka download cache', () => {
  function cacheWithJars(): { home: string; libs: string } {
    const home = mkdtempSync(join(tmpdir(), 'kafka-cli-cache-'));
    const libs = join(home, 'libs');
    mkdirSync(libs);
    // Real jars, made by the JDK's own jar tool: each ends with a zip directory.
    for (const name of ['a', 'b']) {
      writeFileSync(join(home, `${name}.txt`), name.repeat(1000));
      const made = spawnSync('jar', ['cf', join(libs, `${name}.jar`), '-C', home, `${name}.txt`]);
      expect(made.status).toBe(0);
    }
    return { home, libs };
  }
  function mark(home: string, libs: string, fields: Record<string, unknown> = {}): void {
    const jars = readdirSync(libs);
    const bytes = jars.reduce((n, f) => n + statSync(join(libs, f)).size, 0);
    writeFileSync(join(home, '.complete'), JSON.stringify({ version: '4.4.0', jars: jars.length, bytes, ...fields }));
  }

  it('finds jars cut short or not jars at all', () => {
    const { libs } = cacheWithJars();
    expect(brokenJars(libs)).toEqual([]);
    const size = statSync(join(libs, 'b.jar')).size;
    truncateSync(join(libs, 'b.jar'), size - 10);
    writeFileSync(join(libs, 'c.jar'), '<html>not found</html>');
    expect(brokenJars(libs).sort()).toEqual(['b.jar', 'c.jar']);
  });

  it('counts as cached only while every jar it counted is there with its bytes', () => {
    const { home, libs } = cacheWithJars();
    expect(cacheIsWhole(home, libs)).toBe(false); // no marker: the download never finished
    mark(home, libs);
    expect(cacheIsWhole(home, libs)).toBe(true);
    copyFileSync(join(libs, 'a.jar'), join(libs, 'extra.jar'));
    expect(cacheIsWhole(home, libs)).toBe(false);
    mark(home, libs);
    truncateSync(join(libs, 'a.jar'), 10);
    expect(cacheIsWhole(home, libs)).toBe(false);
  });

  it('trusts a marker from before jars were counted by its bytes alone', () => {
    const { home, libs } = cacheWithJars();
    mark(home, libs, { jars: undefined });
    expect(cacheIsWhole(home, libs)).toBe(true);
    truncateSync(join(libs, 'a.jar'), 10);
    expect(cacheIsWhole(home, libs)).toBe(false);
  });
});

describe('ports and releases of a local cluster', () => {
  it('a free port comes from below the range the OS gives outgoing connections, where no client’s connection can take it before the broker binds it', async () => {
    const range = '/proc/sys/net/ipv4/ip_local_port_range';
    const low = existsSync(range) ? Number(readFileSync(range, 'utf8').trim().split(/\s+/)[0]) : 32768;
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    expect(ports.every((p) => p >= 10_000 && p < low)).toBe(true);
  });

  it('keeps topology descriptions only where the release has Kafka’s in-memory plugin (4.4 on)', () => {
    expect(['3.9.2', '4.3.1', '4.4.0', '4.10.0', '5.0.0'].map((v) => releaseAtLeast(v, 4, 4))).toEqual([false, false, true, true, true]);
  });
});
