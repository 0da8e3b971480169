// Bundles the compiled CLI into dist/bundle/, which bin/kafka runs: one chunk per lazily loaded
// module. `npm run build` runs it after tsc.
import { rmSync } from 'node:fs';
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
