// Preloaded by a test (`--import`): appends the URL of every module loaded to the file named by
// KAFKA_CLI_TRACE_MODULES, one per line.
import { register } from 'node:module';

register('./trace-modules-hooks.mjs', import.meta.url, { data: { file: process.env.KAFKA_CLI_TRACE_MODULES } });
