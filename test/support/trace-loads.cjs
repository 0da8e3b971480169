// Preloaded by a test: reports on stderr whenever kafkajs, a compression codec's package or the CRC-32C addon is loaded,
// and whenever an Intl.Segmenter (what string width libraries build, at a cost) is made.
const Module = require('node:module');
const TRACED = new Set(['kafkajs', 'kafkajs-snappy', 'lz4-napi', '@bokuweb/zstd-wasm', '@node-rs/crc32']);
const load = Module._load;
Module._load = function (request, ...rest) {
  // kafkajs comes from the file the build makes of it.
  const name = request.endsWith('/dist/bundle/kafkajs.cjs') ? 'kafkajs' : request;
  if (TRACED.has(name)) process.stderr.write(`TRACE: ${name} loaded\n`);
  return load.call(this, request, ...rest);
};
// ...or compiled with the build's code cache, from the same file.
const vm = require('node:vm');
const { Script } = vm;
vm.Script = class extends Script {
  constructor(source, options) {
    if (options?.filename?.endsWith('/dist/bundle/kafkajs.cjs')) process.stderr.write('TRACE: kafkajs loaded\n');
    super(source, options);
  }
};
const { Segmenter } = Intl;
Intl.Segmenter = class extends Segmenter {
  constructor(...args) {
    process.stderr.write('TRACE: Intl.Segmenter made\n');
    super(...args);
  }
};
