import type { AclBinding, AclFilter, AclOperation, AclOps, AclPermission, AclResourceType } from '../client.js';
import { CliError, failed } from '../errors.js';
import { versionFor } from './configs.js';
import type { AdapterContext, BrokerFinder } from './context.js';
import { brokerRefusal } from './errors.js';
import { ACLS, ApiKey, createAcls, deleteAcls, describeAcls, errorType, type WireAcl } from './requests.js';

/** Kafka's enum codes (ResourceType, PatternType, AclOperation, AclPermissionType). */
const RESOURCE_TYPES: Record<AclResourceType, number> = { TOPIC: 2, GROUP: 3, CLUSTER: 4, TRANSACTIONAL_ID: 5, DELEGATION_TOKEN: 6, USER: 7 };
const PATTERN_TYPES = { ANY: 1, MATCH: 2, LITERAL: 3, PREFIXED: 4 } as const;
const OPERATIONS: Record<AclOperation, number> = {
  ALL: 2,
  READ: 3,
  WRITE: 4,
  CREATE: 5,
  DELETE: 6,
  ALTER: 7,
  DESCRIBE: 8,
  CLUSTER_ACTION: 9,
  DESCRIBE_CONFIGS: 10,
  ALTER_CONFIGS: 11,
  IDEMPOTENT_WRITE: 12,
  CREATE_TOKENS: 13,
  DESCRIBE_TOKENS: 14,
  TWO_PHASE_COMMIT: 15,
};
const PERMISSIONS: Record<AclPermission, number> = { DENY: 2, ALLOW: 3 };
const ANY = 1;

const nameOf = <K extends string>(codes: Record<K, number>, code: number): K => (Object.keys(codes) as K[]).find((k) => codes[k] === code)!;

function toWire(f: AclFilter): WireAcl {
  return {
    resourceType: f.resourceType === null ? ANY : RESOURCE_TYPES[f.resourceType],
    resourceName: f.name,
    patternType: PATTERN_TYPES[f.patternType],
    principal: f.principal,
    host: f.host,
    operation: f.operation === null ? ANY : OPERATIONS[f.operation],
    permissionType: f.permission === null ? ANY : PERMISSIONS[f.permission],
  };
}

function fromWire(a: WireAcl): AclBinding {
  return {
    resourceType: nameOf(RESOURCE_TYPES, a.resourceType),
    name: a.resourceName ?? '',
    patternType: a.patternType === PATTERN_TYPES.PREFIXED ? 'PREFIXED' : 'LITERAL',
    principal: a.principal ?? '',
    host: a.host ?? '',
    operation: nameOf(OPERATIONS, a.operation),
    permission: nameOf(PERMISSIONS, a.permissionType),
  };
}

function aclError(code: number, message: string | null): CliError {
  if (errorType(code) === 'SECURITY_DISABLED') return failed('this cluster has no authorizer: it keeps no ACLs', 'set authorizer.class.name on the brokers (`kafka cluster up --authorizer` for a local one)');
  return brokerRefusal(code, message);
}

export function aclOps(ctx: AdapterContext, brokers: BrokerFinder): AclOps {
  const broker = async () => {
    const b = await brokers.anyBroker();
    return { b, version: versionFor(b, ApiKey.DescribeAcls, ACLS, 'ACLs with pattern types (Kafka 2.0+)') };
  };
  return {
    async describe(filter) {
      const { b, version } = await broker();
      const answer = await ctx.run(b.connectionPool.send(describeAcls(version, toWire(filter))));
      if (answer.errorCode) throw aclError(answer.errorCode, answer.errorMessage);
      return answer.acls.map(fromWire);
    },
    async create(bindings) {
      if (bindings.length === 0) return;
      const { b, version } = await broker();
      const results = await ctx.run(b.connectionPool.send(createAcls(version, bindings.map((x) => toWire(x)))));
      const bad = results.find((r) => r.errorCode);
      if (bad) throw aclError(bad.errorCode, bad.errorMessage);
    },
    async delete(filters) {
      if (filters.length === 0) return [];
      const { b, version } = await broker();
      const results = await ctx.run(b.connectionPool.send(deleteAcls(version, filters.map(toWire))));
      const bad = results.find((r) => r.errorCode) ?? results.flatMap((r) => r.deleted).find((d) => d.errorCode);
      if (bad) throw aclError(bad.errorCode, bad.errorMessage);
      return results.map((r) => r.deleted.map(fromWire));
    },
  };
}
