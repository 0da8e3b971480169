import type { AclBinding, AclOperation, AclPermission, AclResourceType } from '../../core/client.js';
import { usage } from '../../core/errors.js';
import type { OutputFormat } from '../../render/print.js';

export type PatternChoice = 'LITERAL' | 'PREFIXED' | 'ANY' | 'MATCH';

/** Who may (or may not) do what: an ACL without its resource (Kafka's AccessControlEntry). */
export type AclEntry = Pick<AclBinding, 'principal' | 'host' | 'operation' | 'permission'>;

/** A resource (or, listing and removing, a resource filter) with the entries that go with it. */
export interface ResourceAcls {
  resourceType: AclResourceType;
  name: string;
  patternType: PatternChoice;
  entries: AclEntry[];
}

export interface AclsOptions {
  action: 'list' | 'add' | 'remove';
  /** add/remove: per resource, its entries (none: remove every ACL of the resource). list: the resources to list (none: all). */
  resources: ResourceAcls[];
  /** list --principal: only these principals' ACLs. */
  principals: string[];
  force: boolean;
  output: OutputFormat;
}

export interface AclsFlags {
  add: boolean;
  remove: boolean;
  list: boolean;
  topics: string[];
  groups: string[];
  cluster: boolean;
  transactionalIds: string[];
  delegationTokens: string[];
  userPrincipals: string[];
  patternType: string | undefined;
  operations: string[];
  allowPrincipals: string[];
  denyPrincipals: string[];
  allowHosts: string[];
  denyHosts: string[];
  listPrincipals: string[];
  producer: boolean;
  consumer: boolean;
  idempotent: boolean;
  force: boolean;
  output: OutputFormat;
}

const OPERATIONS: AclOperation[] = ['ALL', 'READ', 'WRITE', 'CREATE', 'DELETE', 'ALTER', 'DESCRIBE', 'CLUSTER_ACTION', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS', 'IDEMPOTENT_WRITE', 'CREATE_TOKENS', 'DESCRIBE_TOKENS', 'TWO_PHASE_COMMIT'];

/** AclEntry.supportedOperations (ALL goes with every type). */
export const SUPPORTED_OPERATIONS: Record<AclResourceType, AclOperation[]> = {
  TOPIC: ['READ', 'WRITE', 'CREATE', 'DESCRIBE', 'DELETE', 'ALTER', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS'],
  GROUP: ['READ', 'DESCRIBE', 'DELETE', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS'],
  CLUSTER: ['CREATE', 'CLUSTER_ACTION', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS', 'IDEMPOTENT_WRITE', 'ALTER', 'DESCRIBE'],
  TRANSACTIONAL_ID: ['DESCRIBE', 'WRITE', 'TWO_PHASE_COMMIT'],
  DELEGATION_TOKEN: ['DESCRIBE'],
  USER: ['CREATE_TOKENS', 'DESCRIBE_TOKENS'],
};

/** Kafka's names (Read, IdempotentWrite) in any case, or the enum's (IDEMPOTENT_WRITE). */
export function parseOperation(text: string): AclOperation {
  const wanted = text.trim().replace(/[_-]/g, '').toLowerCase();
  const found = OPERATIONS.find((o) => o.replace(/_/g, '').toLowerCase() === wanted);
  if (!found) throw usage(`unknown --operation '${text}'`, `use one of ${OPERATIONS.map((o) => o.split('_').map((w) => w[0] + w.slice(1).toLowerCase()).join('')).join(', ')}`);
  return found;
}

/** principalType:name (User:alice), as SecurityUtils.parseKafkaPrincipal reads it. */
export function parsePrincipal(text: string): string {
  const trimmed = text.trim();
  if (!/^[^:]+:.*$/.test(trimmed)) throw usage(`expected a string in format principalType:principalName but got ${trimmed}`, 'e.g. --allow-principal User:alice');
  return trimmed;
}

function parsePatternType(text: string | undefined): PatternChoice {
  const value = (text ?? 'literal').trim().toUpperCase();
  if (value !== 'LITERAL' && value !== 'PREFIXED' && value !== 'ANY' && value !== 'MATCH') throw usage(`Unknown resource-pattern-type: ${text}`, 'use literal, prefixed, any or match');
  return value;
}

function entriesFor(principals: string[], permission: AclPermission, operations: AclOperation[], hosts: string[]): AclEntry[] {
  return principals.flatMap((principal) => operations.flatMap((operation) => hosts.map((host) => ({ principal, host, operation, permission }))));
}

const uniqueEntries = (entries: AclEntry[]) => [...new Map(entries.map((e) => [`${e.principal}\u0000${e.host}\u0000${e.operation}\u0000${e.permission}`, e])).values()];

/** AclCommandOptions.checkArgs, then the resources and entries AclCommand makes of the flags. */
export function aclsOptions(f: AclsFlags): AclsOptions {
  if (Number(f.add) + Number(f.remove) + Number(f.list) !== 1) throw usage('Command must include exactly one action: --list, --add, --remove.');
  if (f.list) {
    const offending = (['producer', 'consumer', 'allow-host', 'allow-principal', 'deny-host', 'deny-principal'] as const).find((o) =>
      o === 'producer' ? f.producer : o === 'consumer' ? f.consumer : o === 'allow-host' ? f.allowHosts.length : o === 'allow-principal' ? f.allowPrincipals.length : o === 'deny-host' ? f.denyHosts.length : f.denyPrincipals.length,
    );
    if (offending) throw usage(`Option "[list]" can't be used with option "[${offending}]"`);
  }
  for (const [on, name] of [[f.producer, 'producer'], [f.consumer, 'consumer']] as const) {
    if (!on) continue;
    if (f.operations.length) throw usage(`Option "[${name}]" can't be used with option "[operation]"`, `--${name} sets the operations itself`);
    if (f.denyPrincipals.length || f.denyHosts.length) throw usage(`Option "[${name}]" can't be used with option "[${f.denyPrincipals.length ? 'deny-principal' : 'deny-host'}]"`);
  }
  if (f.listPrincipals.length && !f.list) throw usage('The --principal option is only available if --list is set');
  if (f.producer && !f.topics.length) throw usage('With --producer you must specify a --topic');
  if (f.idempotent && !f.producer) throw usage('The --idempotent option is only available if --producer is set');
  if (f.consumer && (!f.topics.length || !f.groups.length || (!f.producer && (f.cluster || f.transactionalIds.length)))) {
    throw usage('With --consumer you must specify a --topic and a --group and no --cluster or --transactional-id option should be specified.');
  }

  const patternType = parsePatternType(f.patternType);
  if (f.add && (patternType === 'ANY' || patternType === 'MATCH')) throw usage(`A '--resource-pattern-type' value of '${patternType}' is not valid when adding acls.`, 'use literal or prefixed');
  const resources: Array<{ resourceType: AclResourceType; name: string; patternType: PatternChoice }> = [
    ...f.topics.map((name) => ({ resourceType: 'TOPIC' as const, name: name.trim(), patternType })),
    // The cluster is one literal resource named kafka-cluster.
    ...(patternType === 'LITERAL' && (f.cluster || f.idempotent) ? [{ resourceType: 'CLUSTER' as const, name: 'kafka-cluster', patternType }] : []),
    ...f.groups.map((name) => ({ resourceType: 'GROUP' as const, name: name.trim(), patternType })),
    ...f.transactionalIds.map((name) => ({ resourceType: 'TRANSACTIONAL_ID' as const, name, patternType })),
    ...f.delegationTokens.map((name) => ({ resourceType: 'DELEGATION_TOKEN' as const, name: name.trim(), patternType })),
    ...f.userPrincipals.map((name) => ({ resourceType: 'USER' as const, name: name.trim(), patternType })),
  ];
  const principals = f.listPrincipals.map(parsePrincipal);
  if (f.list) return { action: 'list', resources: resources.map((r) => ({ ...r, entries: [] })), principals, force: f.force, output: f.output };
  if (resources.length === 0) throw usage('You must provide at least one resource: --topic <topic> or --cluster or --group <group> or --delegation-token <Delegation Token ID>');

  const allow = f.allowPrincipals.map(parsePrincipal);
  const deny = f.denyPrincipals.map(parsePrincipal);
  const allowHosts = f.allowHosts.length ? f.allowHosts.map((h) => h.trim()) : allow.length ? ['*'] : [];
  const denyHosts = f.denyHosts.length ? f.denyHosts.map((h) => h.trim()) : deny.length ? ['*'] : [];
  const entries = (operations: AclOperation[]) => uniqueEntries([...entriesFor(allow, 'ALLOW', operations, allowHosts), ...entriesFor(deny, 'DENY', operations, denyHosts)]);

  let withEntries: ResourceAcls[];
  if (!f.producer && !f.consumer) {
    const operations = f.operations.length ? [...new Set(f.operations.map(parseOperation))] : ['ALL' as const];
    withEntries = resources.map((r) => ({ ...r, entries: entries(operations) }));
  } else {
    const byResource = new Map<string, ResourceAcls>();
    const give = (r: (typeof resources)[number], operations: AclOperation[]) => {
      const key = `${r.resourceType}\u0000${r.name}`;
      const current = byResource.get(key) ?? { ...r, entries: [] };
      current.entries = uniqueEntries([...current.entries, ...entries(operations)]);
      byResource.set(key, current);
    };
    // --producer: write, describe and create on topics, write and describe on transactional ids, idempotent write on the cluster.
    if (f.producer) {
      for (const r of resources) {
        if (r.resourceType === 'TOPIC') give(r, ['WRITE', 'DESCRIBE', 'CREATE']);
        if (r.resourceType === 'TRANSACTIONAL_ID') give(r, ['WRITE', 'DESCRIBE']);
        if (r.resourceType === 'CLUSTER' && f.idempotent) give(r, ['IDEMPOTENT_WRITE']);
      }
    }
    // --consumer: read and describe on topics, read on groups.
    if (f.consumer) {
      for (const r of resources) {
        if (r.resourceType === 'TOPIC') give(r, ['READ', 'DESCRIBE']);
        if (r.resourceType === 'GROUP') give(r, ['READ']);
      }
    }
    withEntries = [...byResource.values()];
  }
  for (const r of withEntries) {
    const supported = SUPPORTED_OPERATIONS[r.resourceType];
    const bad = r.entries.map((e) => e.operation).filter((o) => o !== 'ALL' && !supported.includes(o));
    if (bad.length) throw usage(`ResourceType ${r.resourceType} only supports operations ${['ALL', ...supported].join(', ')}`, `${[...new Set(bad)].join(', ')} does not apply to a ${r.resourceType.toLowerCase().replace('_', ' ')}`);
  }
  if (f.add && withEntries.some((r) => r.entries.length === 0)) throw usage('You must specify one of: --allow-principal, --deny-principal when trying to add ACLs.');
  return { action: f.add ? 'add' : 'remove', resources: withEntries, principals, force: f.force, output: f.output };
}
