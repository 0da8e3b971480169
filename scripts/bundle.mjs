// Bundles the compiled CLI into dist/bundle/, which bin/kafka runs: one chunk per lazily loaded
// module. `npm run build` runs it after tsc.
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';

const outdir = new URL('../dist/bundle/', import.meta.url).pathname;

/**
 * string-width (yargs, cliui and wrap-ansi each have a copy) builds an Intl.Segmenter and a set of
 * Unicode-property regular expressions as it is imported: about 25 ms of every start, for widths
 * that only help text measures. Each `import stringWidth from 'string-width'` gets a stand-in that
 * loads that copy on its first call (esbuild evaluates a module reached by `require` lazily).
 */
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(bundle) {
    bundle.onResolve({ filter: /^string-width$/ }, (args) => {
      if (args.kind !== 'import-statement' || args.namespace === 'lazy-string-width') return undefined;
      return { path: args.resolveDir, namespace: 'lazy-string-width' };
    });
    bundle.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
      contents: "export default function stringWidth(text, options) { return require('string-width').default(text, options); }",
      resolveDir: args.path,
      loader: 'js',
    }));
  },
};

/**
 * kafkajs as one CommonJS file, dist/bundle/kafkajs.cjs: Node resolves, reads and compiles its ~150
 * files one by one in ~0.05 s of every start that uses it; as one file, in about half that. The file
 * exports `modules`, a loader for each of kafkajs's modules by its path in the package, and
 * `setOverrides` (once: false after the first call; an error if a module was loaded before it).
 * Every module's exports pass through the override given for its path, if any, as the module is
 * first loaded, so that src/core/kafkajs/load.ts can change a module before the modules that use it
 * are loaded. What is overridden, and why, is said there, not here.
 */
const kafkajsDir = dirname(createRequire(import.meta.url).resolve('kafkajs/package.json'));
const kafkajsModules = readdirSync(kafkajsDir, { recursive: true })
  .filter((file) => file.endsWith('.js'))
  .map((file) => file.split('\\').join('/'))
  .sort();
const kafkajsWithOverrides = {
  name: 'kafkajs-with-overrides',
  setup(bundle) {
    bundle.onResolve({ filter: /^kafka-cli:/ }, (args) => ({ path: args.path, namespace: 'kafka-cli' }));
    bundle.onLoad({ filter: /^kafka-cli:overrides$/, namespace: 'kafka-cli' }, () => ({
      contents: [
        'let overrides;',
        'let loadedFirst;',
        'module.exports = {',
        '  set(given) {',
        '    if (overrides) return false;',
        "    if (loadedFirst) throw new Error(`kafkajs's ${loadedFirst} was loaded before the overrides were set`);",
        '    overrides = given;',
        '    return true;',
        '  },',
        '  apply(path, exports) {',
        '    if (!overrides) loadedFirst ??= path;',
        '    const override = overrides?.[path];',
        '    return override ? override(exports) : exports;',
        '  },',
        '};',
      ].join('\n'),
      loader: 'js',
    }));
    bundle.onLoad({ filter: /^kafka-cli:entry$/, namespace: 'kafka-cli' }, () => ({
      contents: [
        "exports.setOverrides = require('kafka-cli:overrides').set;",
        'exports.modules = {',
        ...kafkajsModules.map((path) => `  ${JSON.stringify(path)}: () => require(${JSON.stringify(`./${path}`)}),`),
        '};',
      ].join('\n'),
      resolveDir: kafkajsDir,
      loader: 'js',
    }));
    bundle.onLoad({ filter: /\.js$/ }, async (args) => {
      const path = relative(kafkajsDir, args.path).split('\\').join('/');
      if (path.startsWith('..')) return undefined;
      const source = await readFile(args.path, 'utf8');
      return { contents: `${source}\n;module.exports = require('kafka-cli:overrides').apply(${JSON.stringify(path)}, module.exports);\n`, loader: 'js' };
    });
  },
};

// Chunks are named by content hash: clear the last build's, or they pile up.
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: ['src/main.ts', 'src/render/pipe-reader-worker.ts'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  entryNames: '[name]',
  logLevel: 'warning',
  plugins: [lazyStringWidth],
  // kafkajs and the native codecs are CommonJS loaded from node_modules at run time.
  banner: { js: "import { createRequire as bundleCreateRequire } from 'node:module'; const require = bundleCreateRequire(import.meta.url);" },
});
await build({
  entryPoints: { kafkajs: 'kafka-cli:entry' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outdir,
  outExtension: { '.js': '.cjs' },
  logLevel: 'warning',
  plugins: [kafkajsWithOverrides],
});

/**
 * V8's compiled code of kafkajs.cjs (~15 ms of each start to compile again), for the V8 of the Node
 * that builds; src/core/kafkajs/load.ts uses it on that V8. Node 22 and later keep their own compile
 * cache for the rest. Made in a fresh process that loads kafkajs as a command does.
 */
const kafkajsFile = join(outdir, 'kafkajs.cjs');
execFileSync(process.execPath, ['-e', `
  const { readFileSync, writeFileSync } = require('node:fs');
  const { Module, createRequire } = require('node:module');
  const { dirname } = require('node:path');
  const { Script } = require('node:vm');
  const [file, cacheFile] = process.argv.slice(1);
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.exports.setOverrides({});
  module.exports.modules['index.js']();
  writeFileSync(cacheFile, script.createCachedData());
`, kafkajsFile, join(outdir, `kafkajs.v8-${process.versions.v8}.cache`)]);
