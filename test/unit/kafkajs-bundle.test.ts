import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kafkajsCompiledFromCache } from '../../src/core/kafkajs/load.js';
import { packageFile } from '../../src/core/package-file.js';

interface KafkajsBundle {
  modules: Record<string, () => unknown>;
  setOverrides(overrides: Record<string, (exports: never) => unknown>): boolean;
}
const require = createRequire(import.meta.url);
const bundlePath = packageFile('dist/bundle/kafkajs.cjs');

/** Another copy of the bundle, as a process that has not loaded kafkajs yet has it. */
function freshBundle(): KafkajsBundle {
  const loaded = require.cache[bundlePath];
  delete require.cache[bundlePath];
  try {
    return require(bundlePath) as KafkajsBundle;
  } finally {
    require.cache[bundlePath] = loaded;
  }
}

describe('kafkajs, bundled into one file by the build', () => {
  it("has load.ts's replacements of whole modules in place for the modules that use them", () => {
    const { modules } = require(bundlePath) as KafkajsBundle;
    expect((modules['src/protocol/request.js']!() as () => unknown).name).toBe('frameRequest');
    expect((modules['src/cluster/index.js']!() as () => unknown).name).toBe('PatientCluster');
    expect((modules['src/protocol/requests/metadata/v0/response.js']!() as { parse(): unknown }).parse.name).toBe('tolerantMetadataParse');
  });

  it('takes overrides once, and refuses them once a module has loaded without them', () => {
    expect((require(bundlePath) as KafkajsBundle).setOverrides({})).toBe(false);
    const early = freshBundle();
    early.modules['src/errors.js']!();
    expect(() => early.setOverrides({})).toThrow("kafkajs's src/errors.js was loaded before the overrides were set");
    const fresh = freshBundle();
    expect(fresh.setOverrides({ 'src/protocol/request.js': () => 'replaced' })).toBe(true);
    expect(fresh.modules['src/protocol/request.js']!()).toBe('replaced');
  });

  it("is compiled with V8's code cache the build made, on the Node that built it; elsewhere loaded as any file is", () => {
    const caches = readdirSync(dirname(bundlePath)).filter((name) => /^kafkajs\.v8-.+\.cache$/.test(name));
    expect(caches).toHaveLength(1);
    expect(kafkajsCompiledFromCache).toBe(caches[0] === `kafkajs.v8-${process.versions.v8}.cache`);
  });
});
