import type { ConfigEntry, ConfigResource, ConfigSource, KafkaClient, QuotaEntity, QuotaEntityType, QuotaEntry, ScramChange, ScramMechanism, ScramUser } from '../../core/client.js';
import { invalid, notFound, usage } from '../../core/errors.js';
import { writeOut, type IO } from '../../render/io.js';
import { javaHashMapOrder, javaStringHash } from '../../render/java-order.js';
import { renderCsv, renderJson, renderTable, type Column } from '../../render/print.js';
import { kafkaQuotaText, kafkaResourceText, quotaEntityText } from './kafka-text.js';
import type { ConfigsOptions, EntityRef, EntityType } from './options.js';

/** Entity types whose configs DescribeConfigs/IncrementalAlterConfigs hold; the rest are client quotas (and SCRAM for users). */
const RESOURCE_TYPES: Partial<Record<EntityType, ConfigResource['type']>> = {
  topics: 'topic',
  brokers: 'broker',
  'broker-loggers': 'broker-logger',
  groups: 'group',
  'client-metrics': 'client-metrics',
};

/** Without --all, a resource's dynamic configs are those from this source (a broker logger has only dynamic ones). */
function dynamicSource(type: EntityType, name: string): ConfigSource | null {
  switch (type) {
    case 'topics':
      return 'DYNAMIC_TOPIC_CONFIG';
    case 'brokers':
      return name === '' ? 'DYNAMIC_DEFAULT_BROKER_CONFIG' : 'DYNAMIC_BROKER_CONFIG';
    case 'groups':
      return 'DYNAMIC_GROUP_CONFIG';
    case 'client-metrics':
      return 'DYNAMIC_CLIENT_METRICS_CONFIG';
    default:
      return null;
  }
}

const QUOTA_TYPES: Record<string, QuotaEntityType> = { users: 'user', clients: 'client-id', ips: 'ip' };
const SCRAM_MECHANISMS: ScramMechanism[] = ['SCRAM-SHA-256', 'SCRAM-SHA-512'];
/** Kafka's client-quota keys (QuotaConfig), by the entity types that take them. */
const USER_CLIENT_QUOTAS = ['producer_byte_rate', 'consumer_byte_rate', 'request_percentage', 'controller_mutation_rate'];
const IP_QUOTAS = ['connection_creation_rate'];
/** ScramMechanism.minIterations. */
const MIN_SCRAM_ITERATIONS = 4096;
const DEFAULT_SCRAM_ITERATIONS = 4096;

const singular = (type: EntityType) => type.slice(0, -1);

/** "topic orders", "the default broker", "user alice" — for our own lines. */
function entityLabel(type: EntityType, name: string): string {
  return name === '' ? `the default ${singular(type)}` : `${singular(type)} ${name}`;
}

interface ConfigRow {
  entity: string;
  name: string;
  value: string | null;
  source: string;
  sensitive: boolean;
}

const COLUMNS: Column<ConfigRow>[] = [
  { header: 'ENTITY', value: (r) => r.entity },
  { header: 'CONFIG', value: (r) => r.name },
  { header: 'VALUE', value: (r) => (r.sensitive && r.value === null ? '(sensitive)' : r.value) },
  { header: 'SOURCE', value: (r) => r.source, style: (r) => (r.source.startsWith('DYNAMIC') ? undefined : 'dim') },
];

export async function runConfigs(o: ConfigsOptions, client: KafkaClient, io: IO): Promise<number> {
  const resourceType = RESOURCE_TYPES[o.entities[0]!.type];
  if (o.action === 'describe') return resourceType ? describeResources(o, client, io) : describeQuotas(o, client, io);
  return resourceType ? alterResource(o, client, io) : alterQuotasOrScram(o, client, io);
}

/** The entities a describe covers: the one named, or every one of the type (in Kafka's order under -o kafka). */
async function resourceNames(o: ConfigsOptions, ref: EntityRef, client: KafkaClient): Promise<{ names: string[]; missing: boolean }> {
  const kafkaOrder = o.output === 'kafka';
  switch (ref.type) {
    case 'topics': {
      const topics = await client.topics.list();
      if (ref.name !== null) return { names: [ref.name], missing: !topics.includes(ref.name) };
      return { names: kafkaOrder ? javaHashMapOrder(topics, javaStringHash) : [...topics].sort(), missing: false };
    }
    case 'brokers':
    case 'broker-loggers': {
      const ids = (await client.cluster.describe()).brokers.map((b) => String(b.id));
      if (ref.name !== null) return { names: [ref.name], missing: ref.name !== '' && !ids.includes(ref.name) };
      return { names: [...ids, ''], missing: false };
    }
    case 'client-metrics': {
      const resources = (await client.configs.resources('client-metrics')) ?? [];
      if (ref.name !== null) return { names: [ref.name], missing: !resources.includes(ref.name) };
      return { names: kafkaOrder ? resources : [...resources].sort(), missing: false };
    }
    case 'groups': {
      const [groups, resources] = await Promise.all([client.groups.list(), client.configs.resources('group')]);
      const ids = groups.map((g) => g.groupId);
      if (ref.name !== null) return { names: [ref.name], missing: !ids.includes(ref.name) && !(resources ?? []).includes(ref.name) };
      const all = [...new Set([...ids, ...(resources ?? [])])];
      // A HashSet copied from the group list, then given the config resources.
      return { names: kafkaOrder ? javaHashMapOrder(all, javaStringHash, Math.max(Math.floor(ids.length / 0.75) + 1, 16)) : all.sort(), missing: false };
    }
    default:
      return { names: [], missing: false };
  }
}

async function describeResources(o: ConfigsOptions, client: KafkaClient, io: IO): Promise<number> {
  const ref = o.entities[0]!;
  const { names, missing } = await resourceNames(o, ref, client);
  if (missing) {
    // Kafka's tool says so and succeeds (it checks only without --all; with it, the describe fails).
    if (o.output === 'kafka' && !o.all) {
      await writeOut(io.stdout, `The ${singular(ref.type)} '${ref.name}' doesn't exist and doesn't have dynamic config.\n`);
      return 0;
    }
    throw notFound(`${singular(ref.type)} '${ref.name}' does not exist`, ref.type === 'topics' ? 'list them with `kafka topics --list`' : undefined);
  }
  const described: Array<{ name: string; entries: ConfigEntry[] }> = [];
  for (const name of names) {
    const all = await client.configs.describe({ type: RESOURCE_TYPES[ref.type]!, name });
    const source = o.all ? null : dynamicSource(ref.type, name);
    const entries = all.filter((e) => source === null || e.source === source).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    described.push({ name, entries });
  }
  if (o.output === 'kafka') {
    const text = described.map(({ name, entries }) => {
      const header = name === '' ? `Default configs for ${ref.type} in the cluster are:` : `${o.all ? 'All' : 'Dynamic'} configs for ${singular(ref.type)} ${name} are:`;
      return kafkaResourceText(header, entries);
    });
    await writeOut(io.stdout, text.join(''));
    return 0;
  }
  if (o.output === 'json') {
    const entities = described.map(({ name, entries }) => ({
      type: singular(ref.type),
      name: name === '' ? null : name,
      default: name === '',
      configs: entries.map((e) => ({ name: e.name, value: e.value, source: e.source, sensitive: e.sensitive, readOnly: e.readOnly, synonyms: e.synonyms })),
    }));
    await writeOut(io.stdout, renderJson({ entities }));
    return 0;
  }
  const rows = described.flatMap(({ name, entries }) => entries.map((e) => ({ entity: entityLabel(ref.type, name), name: e.name, value: e.value, source: e.source, sensitive: e.sensitive })));
  if (o.output === 'csv') await writeOut(io.stdout, renderCsv(COLUMNS, rows));
  else if (rows.length) await writeOut(io.stdout, await renderTable(io, COLUMNS, rows));
  else {
    const what = names.length === 1 ? entityLabel(ref.type, names[0]!) : `any ${singular(ref.type)}`;
    await writeOut(io.stderr, `No ${o.all ? '' : 'dynamic '}configs set for ${what}${o.all ? '' : ' (--all shows every config)'}.\n`);
  }
  return 0;
}

/** The quota filter for the named entities; a type named without a name matches every entity of it. */
function quotaFilter(o: ConfigsOptions): Array<{ type: QuotaEntityType; name?: string | null }> {
  return o.entities.map((e) => ({ type: QUOTA_TYPES[e.type]!, ...(e.name === null ? {} : { name: e.name === '' ? null : e.name }) }));
}

function quotaEntityOf(o: ConfigsOptions): QuotaEntity {
  return Object.fromEntries(o.entities.map((e) => [QUOTA_TYPES[e.type]!, e.name === '' ? null : e.name])) as QuotaEntity;
}

async function describeQuotas(o: ConfigsOptions, client: KafkaClient, io: IO): Promise<number> {
  const quotas = await client.quotas.describe(quotaFilter(o), true);
  // SCRAM credentials belong to users alone, and never to the default user.
  const names = o.entities.map((e) => e.name);
  const withScram = o.entities.every((e) => e.type === 'users') && !names.includes('');
  const scram = withScram ? await client.scram.describe(names.filter((n): n is string => n !== null)) : null;
  if (o.output === 'kafka') {
    await writeOut(io.stdout, kafkaQuotaText(quotas, scram));
    return 0;
  }
  if (o.output === 'json') {
    await writeOut(io.stdout, renderJson({ quotas: quotas.map((q) => ({ entity: q.entity, values: Object.fromEntries(q.values) })), ...(scram ? { scramCredentials: scram } : {}) }));
    return 0;
  }
  const rows: ConfigRow[] = [
    ...sortedQuotas(quotas).flatMap((q) => [...q.values].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, value]) => ({ entity: quotaEntityText(q.entity), name, value: String(value), source: 'CLIENT_QUOTA', sensitive: false }))),
    ...(scram ?? []).flatMap((u: ScramUser) => u.credentials.map((c) => ({ entity: `user-principal '${u.user}'`, name: c.mechanism, value: `iterations=${c.iterations}`, source: 'SCRAM_CREDENTIAL', sensitive: false }))),
  ];
  if (o.output === 'csv') await writeOut(io.stdout, renderCsv(COLUMNS, rows));
  else if (rows.length) await writeOut(io.stdout, await renderTable(io, COLUMNS, rows));
  else await writeOut(io.stderr, `No quotas${withScram ? ' or SCRAM credentials' : ''} set for ${o.entities.map((e) => (e.name === null ? `any ${singular(e.type)}` : entityLabel(e.type, e.name))).join(', ')}.\n`);
  return 0;
}

function sortedQuotas(quotas: QuotaEntry[]): QuotaEntry[] {
  return [...quotas].sort((a, b) => quotaEntityText(a.entity).localeCompare(quotaEntityText(b.entity)));
}

/** Kafka's line, on stdout under every format but JSON: scripts written for kafka-configs read it. */
async function altered(o: ConfigsOptions, io: IO): Promise<number> {
  const { type, name } = o.entities[0]!;
  if (o.output === 'json') {
    await writeOut(io.stdout, renderJson({ entity: o.entities.map((e) => ({ type: singular(e.type), name: e.name === '' ? null : e.name, default: e.name === '' })), set: Object.fromEntries(o.add), deleted: o.delete }));
    return 0;
  }
  await writeOut(io.stdout, name === '' ? `Completed updating default config for ${type} in the cluster.\n` : `Completed updating config for ${singular(type)} ${name}.\n`);
  return 0;
}

async function alterResource(o: ConfigsOptions, client: KafkaClient, io: IO): Promise<number> {
  const { type, name } = o.entities[0]!;
  const resource: ConfigResource = { type: RESOURCE_TYPES[type]!, name: name! };
  if (type === 'broker-loggers') {
    // A logger the broker does not have is refused here, as Kafka's tool does: the broker would create it.
    const loggers = new Set((await client.configs.describe(resource)).map((e) => e.name));
    const unknown = [...o.delete.filter((k) => !loggers.has(k)), ...o.add.map(([k]) => k).filter((k) => !loggers.has(k))];
    if (unknown.length) throw invalid(`Invalid broker logger(s): ${unknown.join(',')}`, `see them with \`kafka configs --describe --broker-logger ${name}\``);
  }
  await client.configs.alter(resource, [...o.delete.map((k) => ({ op: 'delete' as const, name: k })), ...o.add.map(([k, v]) => ({ op: 'set' as const, name: k, value: v }))]);
  return altered(o, io);
}

/** `iterations=8192,password=secret` or `password=secret` (ConfigCommand.parseIterationsAndPasswordBytes). */
export function parseScramCredential(mechanism: ScramMechanism, text: string): { iterations: number; password: string } {
  const match = /^(?:iterations=(-?[0-9]*),)?password=(.*)$/s.exec(text);
  if (!match) throw usage(`Invalid credential property ${mechanism}=${text}`, `use ${mechanism}=[iterations=8192,password=…] or ${mechanism}=[password=…]`);
  const iterations = match[1] !== undefined && match[1] !== '-1' ? Number(match[1]) : DEFAULT_SCRAM_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < MIN_SCRAM_ITERATIONS) throw usage(`Iterations ${match[1]} is less than the minimum ${MIN_SCRAM_ITERATIONS} required for ${mechanism}`);
  return { iterations, password: match[2]! };
}

async function alterQuotasOrScram(o: ConfigsOptions, client: KafkaClient, io: IO): Promise<number> {
  const types = o.entities.map((e) => e.type);
  const isScram = (k: string) => (SCRAM_MECHANISMS as string[]).includes(k);
  const quotaKeys = types.includes('ips') ? IP_QUOTAS : USER_CLIENT_QUOTAS;
  const added = o.add.map(([k]) => k);
  if (types.includes('ips')) {
    const unknown = [...new Set([...added, ...o.delete])].filter((k) => !IP_QUOTAS.includes(k));
    if (unknown.length) throw usage(`Only connection quota configs can be added for 'ips' using --bootstrap-server. Unexpected config names: ${unknown.join(', ')}`);
  } else if (types.includes('clients')) {
    const addedBad = added.filter((k) => !quotaKeys.includes(k));
    if (addedBad.length) throw usage(`Only quota configs can be added for 'clients' using --bootstrap-server. Unexpected config names: ${addedBad.join(',')}`);
    const deletedBad = o.delete.filter((k) => !quotaKeys.includes(k));
    if (deletedBad.length) throw usage(`Only quota configs can be deleted for 'clients' using --bootstrap-server. Unexpected config names: ${deletedBad.join(',')}`);
  } else {
    const addedBad = added.filter((k) => !quotaKeys.includes(k) && !isScram(k));
    if (addedBad.length) throw usage(`Only quota and SCRAM credential configs can be added for 'users' using --bootstrap-server. Unexpected config names: ${addedBad.join(',')}`);
    const deletedBad = o.delete.filter((k) => !quotaKeys.includes(k) && !isScram(k));
    if (deletedBad.length) throw usage(`Only quota and SCRAM credential configs can be deleted for 'users' using --bootstrap-server. Unexpected config names: ${deletedBad.join(',')}`);
  }
  const scramChange = added.some(isScram) || o.delete.some(isScram);
  if (scramChange) {
    const user = o.entities[0]!.name!;
    if (user === '') throw usage('The use of --entity-default or --user-defaults is not allowed with User SCRAM Credentials using --bootstrap-server.');
    if (added.some((k) => quotaKeys.includes(k)) || o.delete.some((k) => quotaKeys.includes(k))) throw usage("Cannot alter both quota and SCRAM credential configs simultaneously for 'users' using --bootstrap-server.");
    const changes: ScramChange[] = [
      ...o.delete.map((k) => ({ op: 'delete' as const, user, mechanism: k as ScramMechanism })),
      ...o.add.map(([k, v]) => ({ op: 'upsert' as const, user, mechanism: k as ScramMechanism, ...parseScramCredential(k as ScramMechanism, v) })),
    ];
    await client.scram.alter(changes);
    return altered(o, io);
  }
  const values = o.add.map(([k, v]): [string, number] => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw usage(`Cannot parse quota configuration value for ${k}: ${v}`);
    return [k, n];
  });
  // Deleting a quota that is not set is refused, as Kafka's tool does.
  if (o.delete.length) {
    const current = (await client.quotas.describe(quotaFilter(o), true))[0];
    const set = new Set((current?.values ?? []).map(([k]) => k));
    const missing = o.delete.filter((k) => !set.has(k));
    if (missing.length) throw invalid(`Invalid config(s): ${missing.join(',')}`, 'only quotas that are set can be deleted');
  }
  await client.quotas.alter(quotaEntityOf(o), [...values, ...o.delete.map((k): [string, null] => [k, null])]);
  return altered(o, io);
}
