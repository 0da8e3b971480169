import type { Argv } from 'yargs';
import { usage } from '../core/errors.js';
import type { Profile } from '../core/profiles.js';
import { CONFIG_ACTIONS, type ConfigAction, type ConfigOptions } from '../commands/config/options.js';
import { SASL_MECHANISMS, SECURITY_PROTOCOLS, type SecurityProtocol } from '../commands/config/security-properties.js';
import type { CliContext } from './context.js';
import { last, outputFormat, strings, withOutputFlag, type Args } from './shared-flags.js';

export function configCommand(ctx: CliContext) {
  return {
    command: 'config <action> [name]',
    describe: 'Manage named cluster profiles (bootstrap servers, SASL/TLS) in the config file',
    builder: (y: Argv) =>
      withOutputFlag(y, ['table', 'json', 'csv'])
        .positional('action', { type: 'string', choices: CONFIG_ACTIONS, describe: 'init (interactive) | add | use | list | show | current | delete' })
        .positional('name', { type: 'string', describe: 'Profile name' })
        .option('bootstrap-server', { type: 'string', describe: 'add: broker(s), host:port, repeatable or comma-separated' })
        .option('command-config', { type: 'string', describe: 'add: a Kafka client .properties file the profile reads at each use' })
        .option('property', { type: 'string', describe: 'add: a client property key=value stored in the profile (repeatable)' })
        .option('security-protocol', { type: 'string', choices: SECURITY_PROTOCOLS, describe: 'add: security.protocol' })
        .option('sasl-mechanism', { type: 'string', choices: SASL_MECHANISMS, describe: 'add: sasl.mechanism [default SCRAM-SHA-512]' })
        .option('sasl-username', { type: 'string', describe: 'add: SASL user' })
        .option('oauth-token-endpoint-url', { type: 'string', describe: 'add --sasl-mechanism OAUTHBEARER: the identity provider\'s token endpoint (client-credentials grant)' })
        .option('oauth-client-id', { type: 'string', describe: 'add --sasl-mechanism OAUTHBEARER: the client id' })
        .option('oauth-client-secret', { type: 'string', describe: 'add --sasl-mechanism OAUTHBEARER: the client secret (stored in the config file, which only its owner may read)' })
        .option('oauth-scope', { type: 'string', describe: 'add --sasl-mechanism OAUTHBEARER: the scope to ask for' })
        .option('sasl-password', { type: 'string', describe: 'add: SASL password (stored in the config file, which only its owner may read)' })
        .option('ssl-ca-location', { type: 'string', describe: 'add: the CA certificate(s) to trust: a PEM file, or a JKS (.jks) or PKCS12 (.p12) truststore' })
        .option('ssl-truststore-password', { type: 'string', describe: 'add: password of a JKS or PKCS12 --ssl-ca-location' })
        .option('ssl-keystore-location', { type: 'string', describe: 'add: client key and certificate for mutual TLS: a JKS (.jks) or PKCS12 (.p12) keystore, or a PEM file' })
        .option('ssl-keystore-password', { type: 'string', describe: 'add: password of a JKS or PKCS12 --ssl-keystore-location' })
        .option('ssl-key-password', { type: 'string', describe: 'add: password of the key, where it differs from the keystore password (or of an encrypted PEM key)' })
        .option('hostname-verification', { type: 'boolean', describe: 'add: check broker host names against certificates (--no-hostname-verification to skip)' })
        .option('use', { type: 'boolean', describe: 'add: also make it the current profile' })
        .option('overwrite', { type: 'boolean', describe: 'add: replace a profile of the same name' })
        .option('show-secrets', { type: 'boolean', describe: 'show: print passwords instead of ********' })
        .example('$0 config init', 'Answer a few questions; the profile is tested and saved')
        .example('$0 config add prod --bootstrap-server b1:9093,b2:9093 --security-protocol SASL_SSL --sasl-username app --sasl-password "$PW" --use', 'A SASL_SSL cluster, made current')
        .example('$0 config add staging --bootstrap-server s1:9092 --command-config ~/staging.properties', 'Settings from a Kafka client.properties file')
        .example('$0 config list', 'Profiles, the current one starred')
        .example('$0 topics --list --profile prod', 'Any command, against a named profile (or KAFKA_CLI_PROFILE=prod)'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

const SSL_FLAGS = ['ssl-ca-location', 'ssl-truststore-password', 'ssl-keystore-location', 'ssl-keystore-password', 'ssl-key-password', 'hostname-verification'];
const OAUTH_FLAGS = ['oauth-token-endpoint-url', 'oauth-client-id', 'oauth-client-secret', 'oauth-scope'];
const ADD_ONLY = ['bootstrap-server', 'command-config', 'property', 'security-protocol', 'sasl-mechanism', 'sasl-username', 'sasl-password', ...OAUTH_FLAGS, ...SSL_FLAGS, 'use', 'overwrite'];

export async function configOptions(args: Args): Promise<ConfigOptions> {
  const action = args.action as ConfigAction;
  if (action !== 'add') {
    const misplaced = ADD_ONLY.find((flag) => args[flag] !== undefined);
    if (misplaced) throw usage(`--${misplaced} belongs to \`kafka config add\``);
  }
  const options: ConfigOptions = {
    action,
    name: args.name as string | undefined,
    use: Boolean(args.use),
    overwrite: Boolean(args.overwrite),
    showSecrets: Boolean(args['show-secrets']),
    output: outputFormat(args, false, ['table', 'json', 'csv']),
  };
  if (action === 'add') options.profile = await profileFromFlags(args);
  return options;
}

async function profileFromFlags(args: Args): Promise<Profile> {
  const { parseKeyValues } = await import('../core/properties-file.js');
  const { securityProperties } = await import('../commands/config/security-properties.js');
  const { splitServers } = await import('../core/connection.js');
  const bootstrapServers = splitServers(strings(args['bootstrap-server']));
  if (bootstrapServers.length === 0) throw usage('kafka config add needs --bootstrap-server', 'e.g. kafka config add prod --bootstrap-server b1:9092');
  const protocol = last(args['security-protocol']) as SecurityProtocol | undefined;
  const sasl = ['sasl-mechanism', 'sasl-username', 'sasl-password', ...OAUTH_FLAGS].filter((flag) => args[flag] !== undefined);
  if (sasl.length && !protocol?.startsWith('SASL_')) throw usage(`--${sasl[0]} needs --security-protocol SASL_SSL or SASL_PLAINTEXT`);
  const oauthbearer = last(args['sasl-mechanism']) === 'OAUTHBEARER';
  const oauthFlag = OAUTH_FLAGS.find((flag) => args[flag] !== undefined);
  if (oauthFlag && !oauthbearer) throw usage(`--${oauthFlag} needs --sasl-mechanism OAUTHBEARER`);
  if (oauthbearer && ['oauth-token-endpoint-url', 'oauth-client-id', 'oauth-client-secret'].some((flag) => args[flag] === undefined)) {
    throw usage('--sasl-mechanism OAUTHBEARER needs --oauth-token-endpoint-url, --oauth-client-id and --oauth-client-secret', 'or give its settings with --property / --command-config');
  }
  if (protocol?.startsWith('SASL_') && !oauthbearer && (args['sasl-username'] === undefined || args['sasl-password'] === undefined)) {
    throw usage(`--security-protocol ${protocol} needs --sasl-username and --sasl-password`);
  }
  const ssl = SSL_FLAGS.find((flag) => args[flag] !== undefined);
  if (ssl && protocol !== 'SSL' && protocol !== 'SASL_SSL') throw usage(`--${ssl} needs --security-protocol SSL or SASL_SSL`);
  const properties = {
    ...(protocol
      ? securityProperties({
          protocol,
          mechanism: last(args['sasl-mechanism']),
          username: last(args['sasl-username']),
          password: last(args['sasl-password']),
          ...(oauthbearer
            ? { oauth: { tokenEndpointUrl: last(args['oauth-token-endpoint-url'])!, clientId: last(args['oauth-client-id'])!, clientSecret: last(args['oauth-client-secret'])!, ...(args['oauth-scope'] !== undefined ? { scope: last(args['oauth-scope'])! } : {}) } }
            : {}),
          caLocation: last(args['ssl-ca-location']),
          truststorePassword: last(args['ssl-truststore-password']),
          keystoreLocation: last(args['ssl-keystore-location']),
          keystorePassword: last(args['ssl-keystore-password']),
          keyPassword: last(args['ssl-key-password']),
          verifyHostname: args['hostname-verification'] as boolean | undefined,
        })
      : {}),
    ...parseKeyValues(strings(args.property)),
  };
  const profile: Profile = { bootstrapServers };
  const commandConfig = last(args['command-config']);
  if (commandConfig) profile.commandConfig = commandConfig;
  if (Object.keys(properties).length) profile.properties = properties;
  return profile;
}

async function handle(ctx: CliContext, args: Args): Promise<number> {
  const options = await configOptions(args);
  const { runConfig } = await import('../commands/config/run.js');
  return runConfig(options, ctx.io, async (profile) => {
    const { connect } = await import('../core/client.js');
    const { resolveConnection } = await import('../core/connection.js');
    const connection = resolveConnection({ timeoutMs: 10_000 }, {}, { name: 'new', profile });
    const client = await connect(connection, () => undefined);
    try {
      const cluster = await client.cluster.describe();
      return `cluster ${cluster.clusterId}, ${cluster.brokers.length} broker${cluster.brokers.length === 1 ? '' : 's'}`;
    } finally {
      await client.close();
    }
  });
}
