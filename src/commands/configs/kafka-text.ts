import type { ConfigEntry, QuotaEntity, QuotaEntry, ScramUser } from '../../core/client.js';
import { javaHashMapOrder, javaStringHash } from '../../render/java-order.js';

/** ConfigCommand's block for one resource: its header, then `  name=value sensitive=… synonyms={…}` per entry. */
export function kafkaResourceText(header: string, entries: ConfigEntry[]): string {
  const lines = entries.map((e) => `  ${e.name}=${e.value} sensitive=${e.sensitive} synonyms={${e.synonyms.map((s) => `${s.source}:${s.name}=${s.value}`).join(', ')}}`);
  return [header, ...lines].map((l) => `${l}\n`).join('');
}

/** Double.toString: plain between 10^-3 and 10^7 (always with a fraction), else computerized scientific notation. */
export function javaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

const QUOTA_KEYS: Array<[keyof QuotaEntity, string]> = [
  ['user', 'user-principal'],
  ['client-id', 'client-id'],
  ['ip', 'ip'],
];

/** "user-principal 'alice', client-id 'c1'" / "the default user-principal". */
export function quotaEntityText(entity: QuotaEntity): string {
  return QUOTA_KEYS.filter(([key]) => entity[key] !== undefined)
    .map(([key, label]) => {
      const name = entity[key];
      return name === null || name === '' ? `the default ${label}` : `${label} '${name}'`;
    })
    .join(', ');
}

/** ClientQuotaEntity.hashCode: Objects.hash(entries), entries' hash being the sum of key ^ value hashes. */
function quotaEntityHash(entity: QuotaEntity): number {
  let hash = 0;
  for (const [key, name] of Object.entries(entity)) hash = (hash + (javaStringHash(key) ^ (name == null ? 0 : javaStringHash(name)))) | 0;
  return (31 + hash) | 0;
}

/**
 * The quota lines, in the order the admin client's HashMaps hold them (sized for the response's
 * entries, and each entry's values), then the SCRAM lines.
 */
export function kafkaQuotaText(quotas: QuotaEntry[], scram: ScramUser[] | null): string {
  const lines = javaHashMapOrder(quotas, (q) => quotaEntityHash(q.entity), quotas.length).map((q) => {
    const values = javaHashMapOrder(q.values, ([key]) => javaStringHash(key), q.values.length);
    return `Quota configs for ${quotaEntityText(q.entity)} are ${values.map(([k, v]) => `${k}=${javaDouble(v)}`).join(', ')}`;
  });
  for (const user of scram ?? []) {
    lines.push(
      user.error === null
        ? `SCRAM credential configs for user-principal '${user.user}' are ${user.credentials.map((c) => `${c.mechanism}=iterations=${c.iterations}`).join(', ')}`
        : `Error retrieving SCRAM credential configs for user-principal '${user.user}': ${user.error}`,
    );
  }
  return lines.map((l) => `${l}\n`).join('');
}
