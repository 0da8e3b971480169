import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every test worker (and every binary it spawns) starts from an environment that says nothing
 * about the user's clusters: no KAFKA_* settings, no profile, empty config and state homes — so a
 * Kafka on localhost:9092 or a current profile in ~/.config/kafka-cli changes nothing. The
 * download cache is kept (it only saves time).
 */
for (const name of Object.keys(process.env)) {
  if (name.startsWith('KAFKA_') && name !== 'KAFKA_CLI_CACHE_DIR') delete process.env[name];
}
process.env.XDG_CONFIG_HOME = mkdtempSync(join(tmpdir(), 'kafka-cli-test-config-'));
// State too (cluster check's log-dir history, a default local cluster): never the user's.
process.env.XDG_STATE_HOME = mkdtempSync(join(tmpdir(), 'kafka-cli-test-state-'));
