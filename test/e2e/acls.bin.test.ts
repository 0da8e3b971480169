import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_KAFKA_VERSION } from '../../src/cluster/local/paths.js';
import { kafkaTool, TOOLS } from '../support/kafka-tool.js';
import { BIN, runKafka } from '../support/run-kafka.js';
import { until } from '../support/until.js';
import { watchCluster } from '../support/watch-cluster.js';

/**
 * A broker of its own that enforces ACLs (`cluster up --authorizer`): clients on PLAINTEXT are
 * super users (the admin here), bob on SASL_SSL may do only what an ACL allows.
 */
describe('kafka acls: ACLs enforced by a real authorizer, compared with kafka-acls', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'kafka-cli-acls-'));
  watchCluster(stateDir);
  const dir = mkdtempSync(join(tmpdir(), 'links-'));
  const asKafkaTool = join(dir, 'kafka-acls');
  symlinkSync(BIN, asKafkaTool);
  let admin = '';
  let secure = '';
  let bobProperties = '';
  const asAdmin = (args: string[], input?: string) => runKafka(args, { bootstrap: admin, input });
  const asBob = (args: string[], input?: string) => runKafka([...args, '--bootstrap-server', secure, '--command-config', bobProperties], { noBootstrap: true, input, timeoutMs: 60_000 });
  const theirs = (args: string[]) => kafkaTool(TOOLS.acls, args, { bootstrap: admin, version: DEFAULT_KAFKA_VERSION });

  beforeAll(async () => {
    const up = await runKafka(
      ['cluster', 'up', '--runtime', 'local', '--state-dir', stateDir, '--port', '0', '--heap-mb', '384', '--sasl-ssl', '--sasl-user', 'admin=admin-secret', '--sasl-user', 'bob=bob-secret', '--authorizer', '-o', 'json'],
      { noBootstrap: true, timeoutMs: 240_000 },
    );
    expect(up.code, up.stderr).toBe(0);
    const state = JSON.parse(up.stdout);
    admin = state.bootstrapServers;
    secure = state.saslSsl.bootstrapServers;
    bobProperties = join(stateDir, 'bob.properties');
    writeFileSync(bobProperties, readFileSync(state.saslSsl.clientProperties, 'utf8').replace('username="admin"', 'username="bob"').replace('admin-secret', 'bob-secret'));
    expect((await asAdmin(['topics', 'create', 'payments', '--partitions', '3'])).code).toBe(0);
    expect((await asAdmin(['console-producer', '--topic', 'payments'], 'one\ntwo\n')).code).toBe(0);
  }, 240_000);

  afterAll(async () => {
    await runKafka(['cluster', 'down', '--wipe', '--runtime', 'local', '--state-dir', stateDir], { noBootstrap: true });
  });

  it('bob is refused without an ACL (exit 4, naming what and where), allowed once added, refused again once removed', async () => {
    const read = () => asBob(['console-consumer', '--topic', 'payments', '--group', 'billing', '--from-beginning', '-e']);
    const write = () => asBob(['console-producer', '--topic', 'payments'], 'three\n');
    const refusedRead = await read();
    expect(refusedRead.code).toBe(4);
    expect(refusedRead.stderr).toBe("error: not authorized to read topic 'payments' — an admin can allow it: `kafka acls --add --allow-principal User:bob --consumer --topic payments --group billing`\n");
    const refusedWrite = await write();
    expect(refusedWrite.code).toBe(4);
    expect(refusedWrite.stderr).toMatch(/not authorized to write to topic 'payments'\n$/);

    const added = await asAdmin(['acls', '--add', '--allow-principal', 'User:bob', '--consumer', '--topic', 'payments', '--group', 'billing', '-o', 'json']);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout).added).toEqual([
      { resourceType: 'GROUP', name: 'billing', patternType: 'LITERAL', principal: 'User:bob', host: '*', operation: 'READ', permission: 'ALLOW' },
      { resourceType: 'TOPIC', name: 'payments', patternType: 'LITERAL', principal: 'User:bob', host: '*', operation: 'DESCRIBE', permission: 'ALLOW' },
      { resourceType: 'TOPIC', name: 'payments', patternType: 'LITERAL', principal: 'User:bob', host: '*', operation: 'READ', permission: 'ALLOW' },
    ]);
    // An ACL reaches the authorizer through the metadata log: the first attempts may come too early.
    let readBack = '';
    await until('bob to read payments', async () => {
      const r = await read();
      readBack = r.stdout;
      return r.code === 0;
    }, 60_000);
    expect(readBack.split('\n').filter(Boolean).sort()).toEqual(['one', 'two']);
    expect((await write()).code).toBe(4);

    expect((await asAdmin(['acls', '--add', '--allow-principal', 'User:bob', '--producer', '--topic', 'payments'])).code).toBe(0);
    await until('bob to write to payments', async () => (await write()).code === 0, 60_000);

    const removed = await asAdmin(['acls', '--remove', '--allow-principal', 'User:bob', '--consumer', '--topic', 'payments', '--group', 'billing', '--force', '-o', 'json']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(JSON.parse(removed.stdout).removed).toHaveLength(3);
    await until('bob to be refused again', async () => (await read()).code === 4, 60_000);
  }, 180_000);

  it('a deny wins over an allow; prefixed resources cover every name they start', async () => {
    const topic = 'audit-events';
    expect((await asAdmin(['topics', 'create', topic])).code).toBe(0);
    // A record to fetch: on an empty topic -e ends before any fetch, where a read is refused.
    expect((await asAdmin(['console-producer', '--topic', topic], 'logged\n')).code).toBe(0);
    expect((await asAdmin(['acls', '--add', '--allow-principal', 'User:bob', '--operation', 'Describe', '--operation', 'Read', '--topic', 'audit-', '--resource-pattern-type', 'prefixed'])).code).toBe(0);
    const read = () => asBob(['console-consumer', '--topic', topic, '--from-beginning', '-e']);
    await until('bob to read the prefixed topic', async () => (await read()).code === 0, 60_000);
    expect((await asAdmin(['acls', '--add', '--deny-principal', 'User:bob', '--operation', 'Read', '--topic', topic])).code).toBe(0);
    let denied = '';
    await until('the deny to win', async () => {
      const r = await read();
      denied = r.stderr;
      return r.code === 4;
    }, 60_000);
    expect(denied.split('\n').at(-2)).toBe("error: not authorized to read topic 'audit-events' — an admin can allow it: `kafka acls --add --allow-principal User:bob --operation Read --topic audit-events`");
    const matching = JSON.parse((await asAdmin(['acls', '--list', '--topic', topic, '--resource-pattern-type', 'match', '-o', 'json'])).stdout).acls;
    expect(matching.map((a: { name: string; patternType: string; operation: string; permission: string }) => `${a.name}/${a.patternType}/${a.operation}/${a.permission}`)).toEqual([
      'audit-/PREFIXED/DESCRIBE/ALLOW',
      'audit-/PREFIXED/READ/ALLOW',
      'audit-events/LITERAL/READ/DENY',
    ]);
  }, 120_000);

  it('as kafka-acls, -o kafka by default: AclCommand’s lines (its HashMap order is new in every JVM: compared in order where there is one)', async () => {
    const args = (topic: string) => ['--add', '--allow-principal', 'User:carol', '--operation', 'Write', '--topic', topic];
    const ours = await runKafka(args('ours-t'), { binary: asKafkaTool, bootstrap: admin });
    const kafka = await theirs(args('theirs-t'));
    expect(ours.code, ours.stderr).toBe(0);
    expect(ours.stdout).toBe(kafka.stdout.replaceAll('theirs-t', 'ours-t'));
    expect(ours.stdout).toBe("Adding ACLs for resource `ResourcePattern(resourceType=TOPIC, name=ours-t, patternType=LITERAL)`: \n \t(principal=User:carol, host=*, operation=WRITE, permissionType=ALLOW)\n\n");
    const again = await runKafka(args('ours-t'), { binary: asKafkaTool, bootstrap: admin });
    expect(again.stdout).toBe((await theirs(args('theirs-t'))).stdout.replaceAll('theirs-t', 'ours-t'));
    expect(again.stdout).toMatch(/^Acl \(pattern=ResourcePattern\(resourceType=TOPIC, name=ours-t, patternType=LITERAL\), entry=\(principal=User:carol, host=\*, operation=WRITE, permissionType=ALLOW\)\) already exists\.\n$/);
    for (const list of [['--list', '--topic', 'ours-t'], ['--list'], ['--list', '--principal', 'User:bob'], ['--list', '--topic', 'audit-events', '--resource-pattern-type', 'match']]) {
      const mine = await runKafka(list, { binary: asKafkaTool, bootstrap: admin });
      const java = await theirs(list);
      expect(java.status, java.stderr).toBe(0);
      expect(mine.stdout.split('\n').sort(), JSON.stringify(list)).toEqual(java.stdout.split('\n').sort());
      if (list[1] === '--topic' && list.length === 3) expect(mine.stdout, JSON.stringify(list)).toBe(java.stdout);
    }
  }, 120_000);

  it('--bootstrap-controller: ACLs added and removed through the controllers, listed as AclCommand lists them through the controllers', async () => {
    const status = JSON.parse((await asAdmin(['metadata-quorum', 'describe', '--status', '-o', 'json'])).stdout) as { voters: Array<{ endpoints: string[] }> };
    const controller = status.voters[0]!.endpoints[0]!.replace(/^CONTROLLER:\/\//, '');
    const viaController = (args: string[]) => runKafka([...args, '--bootstrap-controller', controller], { binary: asKafkaTool, noBootstrap: true });
    const add = ['--add', '--allow-principal', 'User:dave', '--operation', 'Read', '--topic', 'controller-t'];
    const added = await viaController(add);
    expect(added, added.stderr).toMatchObject({ code: 0, stdout: "Adding ACLs for resource `ResourcePattern(resourceType=TOPIC, name=controller-t, patternType=LITERAL)`: \n \t(principal=User:dave, host=*, operation=READ, permissionType=ALLOW)\n\n" });
    const list = ['--list', '--topic', 'controller-t'];
    const java = await kafkaTool(TOOLS.acls, list, { controller, version: DEFAULT_KAFKA_VERSION });
    expect(java.status, java.stderr).toBe(0);
    expect((await viaController(list)).stdout).toBe(java.stdout);
    expect(java.stdout).toContain('(principal=User:dave, host=*, operation=READ, permissionType=ALLOW)');
    expect(await viaController(['--remove', ...add.slice(1), '--force'])).toMatchObject({ code: 0, stderr: '' });
    expect((await kafkaTool(TOOLS.acls, list, { controller, version: DEFAULT_KAFKA_VERSION })).stdout).not.toContain('User:dave');
  }, 120_000);

  it.each([
    [['acls', '--topic', 't'], /^error: Command must include exactly one action: --list, --add, --remove\./],
    [['acls', '--add', '--topic', 't'], /^error: You must specify one of: --allow-principal, --deny-principal when trying to add ACLs\./],
    [['acls', '--add', '--allow-principal', 'bob', '--topic', 't'], /^error: expected a string in format principalType:principalName but got bob/],
    [['acls', '--add', '--allow-principal', 'User:bob'], /^error: You must provide at least one resource/],
    [['acls', '--add', '--allow-principal', 'User:bob', '--operation', 'IdempotentWrite', '--topic', 't'], /^error: ResourceType TOPIC only supports operations/],
    [['acls', '--add', '--allow-principal', 'User:bob', '--operation', 'Fly', '--topic', 't'], /^error: unknown --operation 'Fly'/],
    [['acls', '--add', '--allow-principal', 'User:bob', '--topic', 't', '--resource-pattern-type', 'match'], /^error: A '--resource-pattern-type' value of 'MATCH' is not valid when adding acls\./],
    [['acls', '--add', '--allow-principal', 'User:bob', '--consumer', '--topic', 't'], /^error: With --consumer you must specify a --topic and a --group/],
    [['acls', '--list', '--producer', '--topic', 't'], /^error: Option "\[list\]" can't be used with option "\[producer\]"/],
    [['acls', '--remove', '--topic', 't'], /^error: removing ACLs asks first: pass --force where nobody can answer/],
  ])('bad input is one line and exit 2: %j', async (args, line) => {
    const r = await asAdmin(args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(line);
    expect(r.stdout).toBe('');
  });
});

describe('kafka acls on a cluster without an authorizer', () => {
  it('says so in one line, exit 1', async () => {
    const r = await runKafka(['acls', '--list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: this cluster has no authorizer: it keeps no ACLs — set authorizer.class.name on the brokers (`kafka cluster up --authorizer` for a local one)\n');
  });
});
