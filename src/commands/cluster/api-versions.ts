import type { ApiVersionRange, BrokerApiVersions, KafkaClient } from '../../core/client.js';
import { writeOut, type IO } from '../../render/io.js';
import { renderCsv, renderJson, renderTable, type Column, type OutputFormat } from '../../render/print.js';
import { apiName, CLIENT_API_KEYS } from './api-names.js';
import { javaHashMapOrder, javaStringHash } from '../../render/java-order.js';

export interface ApiVersionsOptions {
  output: OutputFormat;
}

interface Row extends ApiVersionRange {
  broker: string;
  api: string;
}

const COLUMNS: Column<Row>[] = [
  { header: 'BROKER', value: (r) => r.broker },
  { header: 'API', value: (r) => r.api },
  { header: 'KEY', value: (r) => r.apiKey, align: 'right' },
  { header: 'MIN', value: (r) => r.minVersion, align: 'right' },
  { header: 'MAX', value: (r) => r.maxVersion, align: 'right' },
  { header: 'USABLE', value: (r) => r.usableVersion, align: 'right' },
];

function address(b: BrokerApiVersions): string {
  return `${b.broker.host}:${b.broker.port}`;
}

/** Kafka 4's Node.hashCode (host, id, port, rack, isFenced — false for a broker that answers). */
function nodeHash({ host, id, port, rack }: BrokerApiVersions['broker']): number {
  let hash = (31 + javaStringHash(host)) | 0;
  for (const part of [id, port, rack === null ? 0 : javaStringHash(rack), 1237 /* Boolean.FALSE */]) hash = (Math.imul(hash, 31) + part) | 0;
  return hash;
}

/**
 * kafka-broker-api-versions' text; `[usable: N]` is what this client speaks (absent: never used).
 * Brokers come in the tool's order: it prints a HashMap keyed by Node.
 */
export function kafkaApiVersionsText(brokers: BrokerApiVersions[]): string {
  return javaHashMapOrder(brokers, (b) => nodeHash(b.broker))
    .map((b) => {
      const node = `${address(b)} (id: ${b.broker.id} rack: ${b.broker.rack ?? 'null'} isFenced: false)`;
      if (b.error) return `${node} -> ERROR: ${b.error}\n`;
      const lines = new Map<number, string>();
      for (const v of b.versions) {
        const range = v.minVersion === v.maxVersion ? `${v.minVersion}` : `${v.minVersion} to ${v.maxVersion}`;
        const usable = v.usableVersion !== null ? ` [usable: ${v.usableVersion}]` : '';
        lines.set(v.apiKey, `${apiName(v.apiKey)}(${v.apiKey}): ${range}${usable}`);
      }
      for (const key of CLIENT_API_KEYS) if (!lines.has(key)) lines.set(key, `${apiName(key)}(${key}): UNSUPPORTED`);
      const body = [...lines].sort(([a], [b]) => a - b).map(([, line]) => `\t${line}`).join(',\n');
      return `${node} -> (\n${body}\n)\n`;
    })
    .join('');
}

export async function runApiVersions(o: ApiVersionsOptions, client: KafkaClient, io: IO): Promise<number> {
  const brokers = await client.cluster.apiVersions();
  const rows: Row[] = brokers.flatMap((b) => b.versions.map((v) => ({ ...v, broker: address(b), api: apiName(v.apiKey) })));
  let text: string;
  if (o.output === 'kafka') text = kafkaApiVersionsText(brokers);
  else if (o.output === 'json') {
    text = renderJson(
      brokers.map((b) => ({
        ...b.broker,
        error: b.error,
        apis: b.versions.map((v) => ({ name: apiName(v.apiKey), key: v.apiKey, min: v.minVersion, max: v.maxVersion, usable: v.usableVersion })),
        supportedFeatures: b.supportedFeatures,
        finalizedFeatures: b.finalizedFeatures,
      })),
    );
  } else if (o.output === 'csv') text = renderCsv(COLUMNS, rows);
  else text = await renderTable(io, COLUMNS, rows);
  await writeOut(io.stdout, text);
  return brokers.some((b) => b.error) ? 1 : 0;
}
