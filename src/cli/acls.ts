import type { Argv } from 'yargs';
import { aclsOptions, type AclsFlags } from '../commands/acls/options.js';
import type { CliContext } from './context.js';
import { connectionFlags, last, outputFormat, strings, withConnectionFlags, withControllerFlag, withOutputFlag, type Args } from './shared-flags.js';

export function aclsCommand(ctx: CliContext) {
  return {
    command: 'acls',
    describe: 'List, add and remove ACLs (kafka-acls)',
    builder: (y: Argv) =>
      withOutputFlag(withControllerFlag(withConnectionFlags(y)))
        .option('list', { type: 'boolean', describe: 'List ACLs (of the resources named, or all)' })
        .option('add', { type: 'boolean', describe: 'Add ACLs' })
        .option('remove', { type: 'boolean', describe: 'Remove ACLs (asks first unless --force)' })
        .option('topic', { type: 'string', describe: "A topic ('*' for all) (repeatable)" })
        .option('group', { type: 'string', describe: "A consumer group ('*' for all) (repeatable)" })
        .option('cluster', { type: 'boolean', describe: 'The cluster' })
        .option('transactional-id', { type: 'string', describe: "A transactional id ('*' for all) (repeatable)" })
        .option('delegation-token', { type: 'string', describe: "A delegation token ('*' for all) (repeatable)" })
        .option('user-principal', { type: 'string', describe: 'A user principal, as a resource for token operations (repeatable)' })
        .option('resource-pattern-type', { type: 'string', describe: 'literal or prefixed; listing and removing also any (exact name, any pattern) or match (every ACL that applies) [default literal]' })
        .option('operation', { type: 'string', describe: 'Read, Write, Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, CreateTokens, DescribeTokens, TwoPhaseCommit or All (repeatable) [default All]' })
        .option('allow-principal', { type: 'string', describe: "Allow this principal (User:alice; User:'*' for everyone) (repeatable)" })
        .option('deny-principal', { type: 'string', describe: 'Deny this principal (deny wins over allow) (repeatable)' })
        .option('allow-host', { type: 'string', describe: 'From these hosts only [default * with --allow-principal] (repeatable)' })
        .option('deny-host', { type: 'string', describe: 'Denied from these hosts [default * with --deny-principal] (repeatable)' })
        .option('principal', { type: 'string', describe: 'list: only the ACLs of this principal (repeatable)' })
        .option('producer', { type: 'boolean', describe: 'The ACLs a producer needs: Write, Describe, Create on the topics (Write, Describe on --transactional-id)' })
        .option('consumer', { type: 'boolean', describe: 'The ACLs a consumer needs: Read, Describe on the topics, Read on the group' })
        .option('idempotent', { type: 'boolean', describe: 'With --producer: IdempotentWrite on the cluster too' })
        .option('force', { type: 'boolean', describe: 'Do not ask before removing' })
        .example("$0 acls --add --allow-principal User:alice --producer --topic orders", 'Let alice produce to orders')
        .example("$0 acls --add --allow-principal User:bob --consumer --topic orders --group billing", 'Let bob consume orders in group billing')
        .example("$0 acls --add --allow-principal User:ops --operation Read --topic logs- --resource-pattern-type prefixed", 'Read every topic named logs-…')
        .example('$0 acls --list --topic orders --resource-pattern-type match', 'Every ACL that applies to orders')
        .example('$0 acls --remove --allow-principal User:bob --consumer --topic orders --group billing --force', 'Take it back'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

export function aclsFlags(args: Args, kafkaToolName: boolean): AclsFlags {
  return {
    add: Boolean(args.add),
    remove: Boolean(args.remove),
    list: Boolean(args.list),
    topics: strings(args.topic),
    groups: strings(args.group),
    cluster: Boolean(args.cluster),
    transactionalIds: strings(args['transactional-id']),
    delegationTokens: strings(args['delegation-token']),
    userPrincipals: strings(args['user-principal']),
    patternType: last(args['resource-pattern-type']),
    operations: strings(args.operation),
    allowPrincipals: strings(args['allow-principal']),
    denyPrincipals: strings(args['deny-principal']),
    allowHosts: strings(args['allow-host']),
    denyHosts: strings(args['deny-host']),
    listPrincipals: strings(args.principal),
    producer: Boolean(args.producer),
    consumer: Boolean(args.consumer),
    idempotent: Boolean(args.idempotent),
    force: Boolean(args.force),
    output: outputFormat(args, kafkaToolName),
  };
}

async function handle(ctx: CliContext, args: Args): Promise<number> {
  const options = aclsOptions(aclsFlags(args, ctx.kafkaToolName));
  const { runAcls } = await import('../commands/acls/run.js');
  return ctx.withClient(connectionFlags(args), (client) => runAcls(options, client, ctx.io));
}
