import { describe, expect, it } from 'vitest';
import { aclsOptions, parseOperation, type AclsFlags } from '../../src/commands/acls/options.js';

const flags = (over: Partial<AclsFlags>): AclsFlags => ({
  add: false,
  remove: false,
  list: false,
  topics: [],
  groups: [],
  cluster: false,
  transactionalIds: [],
  delegationTokens: [],
  userPrincipals: [],
  patternType: undefined,
  operations: [],
  allowPrincipals: [],
  denyPrincipals: [],
  allowHosts: [],
  denyHosts: [],
  listPrincipals: [],
  producer: false,
  consumer: false,
  idempotent: false,
  force: false,
  output: 'table',
  ...over,
});

const ops = (o: ReturnType<typeof aclsOptions>) => o.resources.map((r) => `${r.resourceType}:${r.name}:${r.patternType} ${r.entries.map((e) => `${e.permission} ${e.principal}@${e.host} ${e.operation}`).sort().join(', ')}`);

describe('kafka-acls arguments', () => {
  it('operations by Kafka’s names in any case', () => {
    expect(['Read', 'IdempotentWrite', 'describe_configs', 'ALL', 'twophasecommit'].map(parseOperation)).toEqual(['READ', 'IDEMPOTENT_WRITE', 'DESCRIBE_CONFIGS', 'ALL', 'TWO_PHASE_COMMIT']);
  });

  it('--producer and --consumer make the ACLs AclCommand makes; hosts default to *', () => {
    const both = aclsOptions(flags({ add: true, producer: true, consumer: true, idempotent: true, topics: ['t'], groups: ['g'], transactionalIds: ['tx'], allowPrincipals: ['User:a'] }));
    expect(ops(both).sort()).toEqual([
      'CLUSTER:kafka-cluster:LITERAL ALLOW User:a@* IDEMPOTENT_WRITE',
      'GROUP:g:LITERAL ALLOW User:a@* READ',
      'TOPIC:t:LITERAL ALLOW User:a@* CREATE, ALLOW User:a@* DESCRIBE, ALLOW User:a@* READ, ALLOW User:a@* WRITE',
      'TRANSACTIONAL_ID:tx:LITERAL ALLOW User:a@* DESCRIBE, ALLOW User:a@* WRITE',
    ]);
  });

  it('principals × operations × hosts, allow and deny', () => {
    const o = aclsOptions(flags({ add: true, topics: ['t'], operations: ['Read', 'Write'], allowPrincipals: ['User:a', 'User:b'], allowHosts: ['10.0.0.1'], denyPrincipals: ['User:c'] }));
    expect(ops(o)).toEqual(['TOPIC:t:LITERAL ALLOW User:a@10.0.0.1 READ, ALLOW User:a@10.0.0.1 WRITE, ALLOW User:b@10.0.0.1 READ, ALLOW User:b@10.0.0.1 WRITE, DENY User:c@* READ, DENY User:c@* WRITE']);
  });

  it('remove without principals removes every ACL of the resource; list without resources lists all', () => {
    expect(aclsOptions(flags({ remove: true, topics: ['t'], patternType: 'any' })).resources).toEqual([{ resourceType: 'TOPIC', name: 't', patternType: 'ANY', entries: [] }]);
    expect(aclsOptions(flags({ list: true })).resources).toEqual([]);
  });

  it.each([
    [{ add: true, list: true }, /exactly one action/],
    [{ add: true, topics: ['t'] }, /You must specify one of: --allow-principal, --deny-principal/],
    [{ add: true, allowPrincipals: ['User:a'] }, /You must provide at least one resource/],
    [{ add: true, topics: ['t'], allowPrincipals: ['alice'] }, /expected a string in format principalType:principalName but got alice/],
    [{ add: true, groups: ['g'], operations: ['Write'], allowPrincipals: ['User:a'] }, /ResourceType GROUP only supports operations/],
    [{ add: true, topics: ['t'], patternType: 'any', allowPrincipals: ['User:a'] }, /'--resource-pattern-type' value of 'ANY' is not valid when adding acls/],
    [{ add: true, topics: ['t'], patternType: 'glob', allowPrincipals: ['User:a'] }, /Unknown resource-pattern-type: glob/],
    [{ add: true, producer: true, operations: ['Read'], topics: ['t'], allowPrincipals: ['User:a'] }, /Option "\[producer\]" can't be used with option "\[operation\]"/],
    [{ add: true, idempotent: true, topics: ['t'], allowPrincipals: ['User:a'] }, /The --idempotent option is only available if --producer is set/],
    [{ remove: true, listPrincipals: ['User:a'], topics: ['t'] }, /The --principal option is only available if --list is set/],
  ])('refused as Kafka refuses it: %j', (over, message) => {
    expect(() => aclsOptions(flags(over))).toThrow(message);
  });
});
