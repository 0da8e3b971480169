// Loaded with `node --import` before the binary: removes one method of a kafkajs internal class as
// the class loads, as a kafkajs release that changed it would, to see how the adapter's shape checks react.
import { createRequire } from 'node:module';

const bundle = createRequire(import.meta.url)(new URL('../../dist/bundle/kafkajs.cjs', import.meta.url).pathname);
const { BREAK_KAFKAJS_MODULE: modulePath, BREAK_KAFKAJS_METHOD: method } = process.env;
const setOverrides = bundle.setOverrides;
bundle.setOverrides = (overrides) => {
  const path = `src/${modulePath}`;
  const own = overrides[path];
  return setOverrides({
    ...overrides,
    [path]: (exports) => {
      delete exports.prototype[method];
      return own ? own(exports) : exports;
    },
  });
};
