import type { AclBinding, AclFilter, KafkaClient } from '../../core/client.js';
import { failed, usage } from '../../core/errors.js';
import { writeOut, type IO } from '../../render/io.js';
import { renderCsv, renderJson, renderTable, type Column } from '../../render/print.js';
import { confirm } from '../../render/prompt.js';
import { brokerRelease } from '../cluster/kafka-release.js';
import type { AclEntry, AclsOptions, ResourceAcls } from './options.js';

/** ResourcePattern.toString / ResourcePatternFilter.toString. */
function kafkaPattern(r: Pick<ResourceAcls, 'resourceType' | 'name' | 'patternType'>, filter = false): string {
  return `${filter ? 'ResourcePatternFilter' : 'ResourcePattern'}(resourceType=${r.resourceType}, name=${r.name}, patternType=${r.patternType})`;
}

/** AccessControlEntry.toString. */
function kafkaEntry(e: AclEntry): string {
  return `(principal=${e.principal}, host=${e.host}, operation=${e.operation}, permissionType=${e.permission})`;
}

const bindingKey = (b: AclBinding) => [b.resourceType, b.name, b.patternType, b.principal, b.host, b.operation, b.permission].join('\u0000');

function compareBindings(a: AclBinding, b: AclBinding): number {
  const x = bindingKey(a);
  const y = bindingKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const COLUMNS: Column<AclBinding>[] = [
  { header: 'RESOURCE-TYPE', value: (b) => b.resourceType },
  { header: 'NAME', value: (b) => b.name },
  { header: 'PATTERN', value: (b) => b.patternType },
  { header: 'PRINCIPAL', value: (b) => b.principal },
  { header: 'HOST', value: (b) => b.host },
  { header: 'OPERATION', value: (b) => b.operation },
  { header: 'PERMISSION', value: (b) => b.permission, style: (b) => (b.permission === 'DENY' ? 'red' : undefined) },
];

function filterOf(r: ResourceAcls, entry: AclEntry | null): AclFilter {
  return {
    resourceType: r.resourceType,
    name: r.name,
    patternType: r.patternType,
    principal: entry?.principal ?? null,
    host: entry?.host ?? null,
    operation: entry?.operation ?? null,
    permission: entry?.permission ?? null,
  };
}

const ANY_ACL: AclFilter = { resourceType: null, name: null, patternType: 'ANY', principal: null, host: null, operation: null, permission: null };

async function printBindings(o: AclsOptions, io: IO, bindings: AclBinding[], key: string, none: string): Promise<void> {
  const sorted = [...bindings].sort(compareBindings);
  if (o.output === 'json') await writeOut(io.stdout, renderJson({ [key]: sorted }));
  else if (o.output === 'csv') await writeOut(io.stdout, renderCsv(COLUMNS, sorted));
  else if (sorted.length) await writeOut(io.stdout, await renderTable(io, COLUMNS, sorted));
  else await writeOut(io.stderr, `${none}\n`);
}

/**
 * Which AclCommand to print as: Kafka 4's (Java, in tools) or 3.x's (Scala, in core), which puts a
 * space after the colon and before the last newline of each block, and adds without asking what exists.
 */
type AclLayout = 'kafka4' | 'kafka3';

async function aclLayout(client: KafkaClient): Promise<AclLayout> {
  const releases = (await client.cluster.apiVersions()).map(brokerRelease).filter((r): r is string => r !== null);
  return releases.length > 0 && releases.every((r) => Number(r.split('.')[0]) < 4) ? 'kafka3' : 'kafka4';
}

/** One block of AclCommand's: a header naming the resource, then its entries a tab in. */
function kafkaBlock(layout: AclLayout, header: string, entries: AclEntry[]): string {
  const lines = entries.map((e) => `\t${kafkaEntry(e)}`).join('\n');
  return layout === 'kafka3' ? `${header}: \n ${lines} \n\n` : `${header}:\n${lines}\n\n`;
}

/** AclCommand's list. Kafka's order is its HashMaps' (of enum hashes, new in each JVM): ours is sorted. */
function kafkaListText(layout: AclLayout, bindings: AclBinding[]): string {
  const byResource = new Map<string, AclBinding[]>();
  for (const b of [...bindings].sort(compareBindings)) {
    const key = kafkaPattern(b);
    byResource.set(key, [...(byResource.get(key) ?? []), b]);
  }
  return [...byResource].map(([pattern, acls]) => kafkaBlock(layout, `Current ACLs for resource \`${pattern}\``, acls)).join('');
}

export async function runAcls(o: AclsOptions, client: KafkaClient, io: IO): Promise<number> {
  if (o.action === 'list') return list(o, client, io);
  if (o.action === 'add') return add(o, client, io);
  return remove(o, client, io);
}

async function list(o: AclsOptions, client: KafkaClient, io: IO): Promise<number> {
  const filters = o.resources.length ? o.resources.map((r) => filterOf(r, null)) : [ANY_ACL];
  const found = (await Promise.all(filters.map((f) => client.acls.describe(f)))).flat();
  const unique = [...new Map(found.map((b) => [bindingKey(b), b])).values()];
  if (o.output === 'kafka') {
    const layout = await aclLayout(client);
    const text = o.principals.length
      ? o.principals.map((p) => `ACLs for principal \`${p}\`\n${kafkaListText(layout, unique.filter((b) => b.principal === p))}`).join('')
      : kafkaListText(layout, unique);
    await writeOut(io.stdout, text);
    return 0;
  }
  const shown = o.principals.length ? unique.filter((b) => o.principals.includes(b.principal)) : unique;
  await printBindings(o, io, shown, 'acls', 'No ACLs match.');
  return 0;
}

async function add(o: AclsOptions, client: KafkaClient, io: IO): Promise<number> {
  const added: AclBinding[] = [];
  const existing: AclBinding[] = [];
  const layout = o.output === 'kafka' ? await aclLayout(client) : 'kafka4';
  let kafkaText = '';
  for (const r of o.resources) {
    const present = new Set((await client.acls.describe(filterOf(r, null))).map(bindingKey));
    const fresh: AclBinding[] = [];
    const bindings = [...r.entries].map((e): AclBinding => ({ resourceType: r.resourceType, name: r.name, patternType: r.patternType as AclBinding['patternType'], ...e })).sort(compareBindings);
    for (const binding of bindings) {
      if (present.has(bindingKey(binding))) {
        existing.push(binding);
        // Kafka 3's tool adds again what exists, and says nothing of it.
        if (layout === 'kafka4') kafkaText += `Acl (pattern=${kafkaPattern(r)}, entry=${kafkaEntry(binding)}) already exists.\n`;
      } else fresh.push(binding);
    }
    const announced = layout === 'kafka3' ? bindings : fresh;
    if (announced.length) {
      // Kafka 4 keeps 3's space after the colon and before the first entry, not the one at the end.
      kafkaText += layout === 'kafka3' ? kafkaBlock(layout, `Adding ACLs for resource \`${kafkaPattern(r)}\``, announced) : `Adding ACLs for resource \`${kafkaPattern(r)}\`: \n ${announced.map((b) => `\t${kafkaEntry(b)}`).join('\n')}\n\n`;
    }
    if (fresh.length) {
      await client.acls.create(fresh);
      added.push(...fresh);
    }
  }
  if (o.output === 'kafka') await writeOut(io.stdout, kafkaText);
  else if (o.output === 'json') await writeOut(io.stdout, renderJson({ added: added.sort(compareBindings), existing: existing.sort(compareBindings) }));
  else {
    if (existing.length) await writeOut(io.stderr, `${existing.length} ACL(s) already existed.\n`);
    await printBindings(o, io, added, 'added', 'Nothing added: every ACL already existed.');
  }
  return 0;
}

async function remove(o: AclsOptions, client: KafkaClient, io: IO): Promise<number> {
  if (!o.force) {
    if (!io.canPrompt) throw usage('removing ACLs asks first: pass --force where nobody can answer', 'e.g. in a script: kafka acls --remove … --force');
    const what = o.resources
      .map((r) => (r.entries.length ? `${r.entries.length} ACL(s) of ${r.resourceType.toLowerCase()} '${r.name}' (${r.patternType.toLowerCase()})` : `every ACL of ${r.resourceType.toLowerCase()} '${r.name}' (${r.patternType.toLowerCase()})`))
      .join(', ');
    if (!(await confirm(io, `Remove ${what}?`))) throw failed('nothing removed (not confirmed)', 'pass --force to skip the question');
  }
  const filters = o.resources.flatMap((r) => (r.entries.length ? r.entries.map((e) => filterOf(r, e)) : [filterOf(r, null)]));
  const removed = (await client.acls.delete(filters)).flat();
  // Kafka's tool says nothing once it has removed them.
  if (o.output === 'kafka') return 0;
  await printBindings(o, io, removed, 'removed', 'No ACLs matched: nothing removed.');
  return 0;
}
