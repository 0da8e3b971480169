// Regenerates test/unit/fixtures/protocol.json with Kafka's own message classes:
//   npx vite-node test/protocol/make-fixtures.ts   (Java 17+; the jars of `kafka cluster up`'s default release)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as messages from '../../src/core/protocol/messages.js';
import type { MessageSpec } from '../../src/core/protocol/spec.js';
import { DEFAULT_KAFKA_VERSION } from '../../src/cluster/local/paths.js';
import { CASES } from './cases.js';
import { completeKafkaJson, kafkaJsonText } from './kafka-json.js';

const specs = messages as Record<string, MessageSpec>;
const libs = join(process.env.KAFKA_CLI_CACHE_DIR ?? join(homedir(), '.cache', 'kafka-cli'), `kafka-${DEFAULT_KAFKA_VERSION}`, 'libs');
const work = mkdtempSync(join(tmpdir(), 'kafka-cli-fixtures-'));
const cases = CASES.flatMap((c) => c.versions.map((version) => ({ message: c.message, version, value: completeKafkaJson(specs[c.message]!, version, c.value) })));
writeFileSync(join(work, 'cases.json'), kafkaJsonText(cases));
execFileSync('javac', ['-d', work, '-cp', `${libs}/*`, fileURLToPath(new URL('./MessageFixtures.java', import.meta.url))], { stdio: 'inherit' });
execFileSync('java', ['-cp', `${libs}/*:${work}`, 'MessageFixtures', join(work, 'cases.json'), join(work, 'fixtures.json')], { stdio: 'inherit' });
const fixtures = JSON.parse(readFileSync(join(work, 'fixtures.json'), 'utf8'));
const target = fileURLToPath(new URL('../unit/fixtures/protocol.json', import.meta.url));
writeFileSync(target, JSON.stringify({ kafka: DEFAULT_KAFKA_VERSION, fixtures }, null, 1) + '\n');
console.error(`${fixtures.length} fixtures from Kafka ${DEFAULT_KAFKA_VERSION}'s message classes → ${target}`);
