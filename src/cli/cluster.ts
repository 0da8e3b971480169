import type { Argv } from 'yargs';
import { usage } from '../core/errors.js';
import type { ClusterOptions } from '../commands/cluster/options.js';
import type { CliContext } from './context.js';
import { connectionFlags, last, optionalInt, outputFormat, strings, withConnectionFlags, withOutputFlag, type Args } from './shared-flags.js';
import { OAUTH_PORT_OFFSET, SASL_SSL_PORT_OFFSET, SSL_PORT_OFFSET, type OAuthListener, type SaslUser } from '../cluster/local/local-cluster.js';
import { WITH_PROMETHEUS, type OutputFormat } from '../render/print.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CHECKS, type CheckName } from '../commands/cluster/check-names.js';
import type { ClusterCheckOptions } from '../commands/cluster/check.js';
import { DEFAULT_KAFKA_VERSION, DEFAULT_ZOOKEEPER_KAFKA_VERSION, defaultStateDir, majorVersion } from '../cluster/local/paths.js';

export function clusterCommand(ctx: CliContext) {
  return {
    command: 'cluster <action>',
    describe: 'Start, stop and inspect a local Kafka (JVM from Maven Central, or docker compose); describe any cluster',
    builder: (y: Argv) =>
      withOutputFlag(withConnectionFlags(y), WITH_PROMETHEUS)
        .positional('action', { type: 'string', choices: ACTIONS, describe: 'up | down | status | logs (local cluster); describe | api-versions | check (any cluster)' })
        .option('runtime', { type: 'string', choices: ['auto', 'local', 'docker'], describe: 'local = Kafka on this JVM, docker = bundled docker-compose.yml [default auto: docker if an engine answers]' })
        .option('kafka-version', { type: 'string', describe: `Apache Kafka release to run (local runtime) [default ${DEFAULT_KAFKA_VERSION}; with --zookeeper ${DEFAULT_ZOOKEEPER_KAFKA_VERSION}]` })
        .option('zookeeper', { type: 'boolean', describe: 'up (local): brokers coordinated by a ZooKeeper server instead of KRaft (Kafka 3.x and earlier)' })
        .option('brokers', { type: 'string', describe: 'Number of brokers (local runtime) [default 1]' })
        .option('port', { type: 'string', describe: 'Port of the first broker; 0 = any free port [default 9092]' })
        .option('state-dir', { type: 'string', describe: 'Where the local cluster keeps data and logs [env KAFKA_CLI_STATE_DIR]' })
        .option('heap-mb', { type: 'string', describe: 'JVM heap per broker in MiB [default 1024]' })
        .option('sasl-ssl', { type: 'boolean', describe: `up (local): also listen with SASL_SSL (SCRAM-SHA-256/512, PLAIN) behind a generated CA, on port+${SASL_SSL_PORT_OFFSET}` })
        .option('ssl', { type: 'boolean', describe: `up (local): also an SSL listener that requires a client certificate (mutual TLS), on port+${SSL_PORT_OFFSET}` })
        .option('oauth', { type: 'boolean', describe: `up (local): also an OAUTHBEARER listener (SASL_PLAINTEXT) on port+${OAUTH_PORT_OFFSET}; unsecured (development) tokens unless --oauth-jwks-url` })
        .option('oauth-jwks-url', { type: 'string', describe: 'up --oauth: validate tokens with Kafka\'s own validator against this JWKS endpoint' })
        .option('oauth-audience', { type: 'string', describe: 'up --oauth-jwks-url: the audience tokens must name' })
        .option('oauth-issuer', { type: 'string', describe: 'up --oauth-jwks-url: the issuer tokens must name' })
        .option('authorizer', { type: 'boolean', describe: 'up (local): enforce ACLs, nothing allowed without one; super users: PLAINTEXT clients and the first --sasl-user' })
        .option('sasl-user', { type: 'string', describe: 'up --sasl-ssl: a user as name=password (repeatable) [default admin=admin-secret]' })
        .option('wipe', { type: 'boolean', describe: 'down: also delete data and logs' })
        .option('kraft', { type: 'boolean', describe: 'docker: use the KRaft compose profile instead of ZooKeeper (its default)' })
        .option('node', { type: 'string', describe: 'logs: which broker id [default 1]' })
        .option('max-partitions-per-broker', { type: 'string', describe: `check: partition replicas a broker may host [default ${CHECK_DEFAULTS.maxPartitionsPerBroker}]` })
        .option('log-dir-warning-percent', { type: 'string', describe: `check: disk use of a log dir that is a warning [default ${CHECK_DEFAULTS.logDirWarningPercent}]` })
        .option('log-dir-critical-percent', { type: 'string', describe: `check: disk use of a log dir that is critical [default ${CHECK_DEFAULTS.logDirCriticalPercent}]` })
        .option('full-within-hours', { type: 'string', describe: `check: warn when a log dir, growing as since the last check (at least 10 min earlier), fills within this many hours [default ${CHECK_DEFAULTS.fullWithinHours}]` })
        .option('lag-threshold', { type: 'string', describe: 'check: a group more records behind than this is a warning' })
        .option('lag-threshold-seconds', { type: 'string', describe: `check: a group further behind in time than this is a warning [default ${CHECK_DEFAULTS.lagThresholdSeconds}]` })
        .option('ignore', { type: 'string', describe: 'check: leave out these checks (repeatable, or comma-separated)' })
        .option('output-file', { type: 'string', describe: 'check: write the output to this file atomically (a node_exporter textfile)' })
        .example('$0 cluster up', 'Start Kafka on localhost:9092 (no Docker needed)')
        .example('$0 cluster up --brokers 3 --kafka-version 3.9.1', 'Three brokers of Kafka 3.9.1')
        .example('$0 cluster up --zookeeper --kafka-version 3.6.2', 'The tutorial stack: ZooKeeper and a 3.6 broker, on the JVM')
        .example('$0 cluster up --sasl-ssl --sasl-user alice=alice-secret', 'Also a SASL_SSL listener; status names its client.properties')
        .example('$0 cluster up --oauth-jwks-url https://idp.example/jwks --oauth-audience kafka', 'Also an OAUTHBEARER listener checking tokens against an identity provider')
        .example('$0 cluster up --ssl', 'Also a mutual-TLS listener, with a client certificate in its client.properties')
        .example('$0 cluster status -o json', 'Bootstrap servers and brokers as JSON')
        .example('$0 cluster down --wipe', 'Stop and delete all data')
        .example('$0 cluster describe --bootstrap-server b1:9092', 'Cluster id, controller, brokers, version, partition health')
        .example('$0 cluster api-versions -o kafka', 'API versions per broker, as kafka-broker-api-versions prints them')
        .example('$0 cluster check', 'The classic mistakes: under-replicated, offline, under-min-ISR partitions, RF 1, no retention, full disks, lagging groups')
        .example('$0 cluster check -o prometheus --ignore group-inactive', 'The same findings as metrics'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

const ACTIONS = ['up', 'down', 'status', 'logs', 'describe', 'api-versions', 'check'] as const;
const CHECK_DEFAULTS = { maxPartitionsPerBroker: 4000, logDirWarningPercent: 80, logDirCriticalPercent: 90, fullWithinHours: 24, lagThresholdSeconds: 300 };
const CHECK_FLAGS = ['max-partitions-per-broker', 'log-dir-warning-percent', 'log-dir-critical-percent', 'full-within-hours', 'lag-threshold', 'lag-threshold-seconds', 'ignore', 'output-file'];
const RUNTIME_OUTPUTS: OutputFormat[] = ['table', 'json'];

export function clusterOptions(args: Args, env: CliContext['io']['env']): ClusterOptions {
  const brokers = optionalInt(args, 'brokers', 1, 9) ?? 1;
  const port = optionalInt(args, 'port', 0, 65535) ?? 9092;
  // Brokers take consecutive ports; the SASL_SSL and SSL listeners sit 100 and 200 above them.
  const oauth = oauthListener(args);
  const highest = port + brokers - 1 + (oauth ? OAUTH_PORT_OFFSET : args.ssl ? SSL_PORT_OFFSET : args['sasl-ssl'] ? SASL_SSL_PORT_OFFSET : 0);
  if (port !== 0 && highest > 65535) throw usage(`--port ${port} leaves no room for the cluster's listeners (they would need ports up to ${highest})`, 'pick a lower --port, or 0 for any free ports');
  if (args['sasl-user'] !== undefined && !args['sasl-ssl']) throw usage('--sasl-user needs --sasl-ssl');
  const zookeeper = Boolean(args.zookeeper);
  if (zookeeper && args.kraft) throw usage('--zookeeper and --kraft ask for different clusters', 'give one of them');
  const kafkaVersion = last(args['kafka-version']) ?? (zookeeper ? DEFAULT_ZOOKEEPER_KAFKA_VERSION : DEFAULT_KAFKA_VERSION);
  if (!/^\d+\.\d+\.\d+$/.test(kafkaVersion)) throw usage(`invalid Kafka version '${kafkaVersion}'`, 'use a release such as 4.4.0 or 3.9.1');
  if (zookeeper && majorVersion(kafkaVersion) >= 4) throw usage(`Kafka ${kafkaVersion} has no ZooKeeper mode (Kafka 4 runs on KRaft only)`, `use a 3.x or 2.x release with --zookeeper, e.g. --kafka-version ${DEFAULT_ZOOKEEPER_KAFKA_VERSION}`);
  if (zookeeper && args['sasl-ssl']) throw usage('--sasl-ssl keeps its SCRAM users in KRaft metadata: it cannot be combined with --zookeeper', 'drop one of them (--ssl works with --zookeeper)');
  return {
    action: args.action as ClusterOptions['action'],
    runtime: (last(args.runtime) as ClusterOptions['runtime']) ?? 'auto',
    kafkaVersion,
    brokers,
    port,
    stateDir: last(args['state-dir']) ?? defaultStateDir(env),
    heapMb: optionalInt(args, 'heap-mb', 128, 65536) ?? 1024,
    wipe: Boolean(args.wipe),
    kraft: Boolean(args.kraft),
    node: optionalInt(args, 'node', 1, 9) ?? 1,
    saslSsl: args['sasl-ssl'] ? saslUsers(strings(args['sasl-user'])) : null,
    mtls: Boolean(args.ssl),
    zookeeper,
    authorizer: Boolean(args.authorizer),
    oauth,
    output: outputFormat(args, false, RUNTIME_OUTPUTS),
  };
}

function oauthListener(args: Args): OAuthListener | null {
  const jwksUrl = last(args['oauth-jwks-url']);
  const audience = last(args['oauth-audience']);
  const issuer = last(args['oauth-issuer']);
  if (!args.oauth && jwksUrl === undefined && audience === undefined && issuer === undefined) return null;
  if (jwksUrl !== undefined && !/^https?:\/\/\S+$/.test(jwksUrl)) throw usage(`--oauth-jwks-url '${jwksUrl}' is not an http(s) URL`, 'give the identity provider\'s JWKS endpoint');
  if ((audience !== undefined || issuer !== undefined) && jwksUrl === undefined) throw usage('--oauth-audience and --oauth-issuer need --oauth-jwks-url', 'unsecured tokens are not checked');
  return { ...(jwksUrl ? { jwksUrl } : {}), ...(audience ? { audience } : {}), ...(issuer ? { issuer } : {}) };
}

function saslUsers(pairs: string[]): SaslUser[] {
  const users = (pairs.length ? pairs : ['admin=admin-secret']).map((pair) => {
    const [name, password] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
    if (!pair.includes('=') || !/^[A-Za-z0-9._-]+$/.test(name) || !/^[A-Za-z0-9._-]+$/.test(password)) {
      throw usage(`invalid --sasl-user '${pair}'`, 'use name=password with letters, digits, dot, dash or underscore');
    }
    return { name, password };
  });
  return users;
}

export function clusterCheckOptions(args: Args, env: CliContext['io']['env']): ClusterCheckOptions {
  const ignore = strings(args.ignore).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const unknown = ignore.find((c) => !(c in CHECKS));
  if (unknown) throw usage(`unknown check '${unknown}'`, `the checks are ${Object.keys(CHECKS).join(', ')}`);
  const warning = optionalInt(args, 'log-dir-warning-percent', 0, 100) ?? CHECK_DEFAULTS.logDirWarningPercent;
  const critical = optionalInt(args, 'log-dir-critical-percent', 0, 100) ?? Math.max(warning, CHECK_DEFAULTS.logDirCriticalPercent);
  if (critical < warning) throw usage(`--log-dir-critical-percent ${critical} is below --log-dir-warning-percent ${warning}`);
  const outputFile = last(args['output-file']);
  if (outputFile === '') throw usage('--output-file needs a file name');
  return {
    outputFile,
    output: outputFormat(args, false, ['table', 'json', 'csv', 'prometheus'] as const),
    maxPartitionsPerBroker: optionalInt(args, 'max-partitions-per-broker', 0, Number.MAX_SAFE_INTEGER) ?? CHECK_DEFAULTS.maxPartitionsPerBroker,
    logDirWarningPercent: warning,
    logDirCriticalPercent: critical,
    fullWithinHours: optionalInt(args, 'full-within-hours', 0, 1_000_000) ?? CHECK_DEFAULTS.fullWithinHours,
    lagThreshold: optionalInt(args, 'lag-threshold', 0, Number.MAX_SAFE_INTEGER),
    lagThresholdSeconds: optionalInt(args, 'lag-threshold-seconds', 0, Number.MAX_SAFE_INTEGER) ?? CHECK_DEFAULTS.lagThresholdSeconds,
    ignore: ignore as CheckName[],
    historyDir: join(env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state'), 'kafka-cli', 'check'),
  };
}

async function handle(ctx: CliContext, args: Args): Promise<number> {
  const misplaced = CHECK_FLAGS.find((f) => args[f] !== undefined);
  if (misplaced && args.action !== 'check') throw usage(`--${misplaced} goes with \`cluster check\``);
  if (args.output === 'prometheus' && args.action !== 'check') throw usage('-o prometheus goes with `cluster check`');
  if (args.action === 'check') {
    const options = clusterCheckOptions(args, ctx.io.env);
    const { runClusterCheck } = await import('../commands/cluster/check.js');
    return ctx.withClient(connectionFlags(args), (client) => runClusterCheck(options, client, ctx.io));
  }
  if (args.action === 'describe') {
    const options = { output: outputFormat(args, false, ['table', 'json', 'csv']) };
    const { runClusterDescribe } = await import('../commands/cluster/describe.js');
    return ctx.withClient(connectionFlags(args), (client) => runClusterDescribe(options, client, ctx.io));
  }
  if (args.action === 'api-versions') {
    const options = { output: outputFormat(args, ctx.kafkaToolName) };
    const { runApiVersions } = await import('../commands/cluster/api-versions.js');
    return ctx.withClient(connectionFlags(args), (client) => runApiVersions(options, client, ctx.io));
  }
  const options = clusterOptions(args, ctx.io.env);
  const { runCluster } = await import('../commands/cluster/run.js');
  return runCluster(options, ctx.io);
}
