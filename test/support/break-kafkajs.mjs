// Loaded with `node --import` before the binary: removes one method of a kafkajs internal class,
// as a kafkajs release that changed it would, to see how the adapter's shape checks react.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { BREAK_KAFKAJS_MODULE: modulePath, BREAK_KAFKAJS_METHOD: method } = process.env;
delete require(`kafkajs/src/${modulePath}`).prototype[method];
