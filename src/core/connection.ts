import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { usage } from './errors.js';
import { readPropertiesFile } from './properties-file.js';
import { activeProfile, type Profile } from './profiles.js';

export const DEFAULT_BOOTSTRAP = 'localhost:9092';

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface SecuritySettings {
  tls?: {
    ca?: string[];
    cert?: string;
    key?: string;
    passphrase?: string;
    rejectUnauthorized: boolean;
    /** false when ssl.endpoint.identification.algorithm is empty. */
    checkHostname: boolean;
  };
  sasl?: SaslSettings;
}

export type SaslSettings = { mechanism: SaslMechanism; username: string; password: string } | { mechanism: 'oauthbearer'; oauth: OAuthSettings };

/** How an OAUTHBEARER login gets its token (Kafka's OAuthBearerLoginModule options and sasl.oauthbearer.* properties). */
export interface OAuthSettings {
  /** The client-credentials grant at an identity provider's token endpoint (KIP-768). */
  clientCredentials?: { tokenEndpointUrl: string; clientId: string; clientSecret: string; scope?: string };
  /** An unsigned token made here, for brokers that accept them (Kafka's unsecured login, for development). */
  unsecured?: { subject: string; lifetimeSeconds: number; scope?: string };
  /** SASL extensions (`extension_NAME="value"`), e.g. the logical cluster of a managed service. */
  extensions: Record<string, string>;
}

export interface ConnectionSettings {
  bootstrapServers: string[];
  /**
   * What the bootstrap servers are: brokers, or (--bootstrap-controller) the KRaft controllers,
   * which answer the quorum's and the cluster's own requests but no Metadata.
   */
  listeners: 'brokers' | 'controllers';
  /** Where the bootstrap servers came from, for hints and --verbose. */
  source: 'flag' | 'env' | 'profile' | 'default';
  profileName: string | null;
  clientId: string;
  security: SecuritySettings;
  /** Every client property from --command-config / the profile / the tool's own, for adapters that want more. */
  properties: Record<string, string>;
  /** Where the client properties can be set, for hints: `profile 'prod' or --command-config`. */
  settingsFrom: string;
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  logLevel: 'quiet' | 'verbose' | 'debug';
}

export interface ConnectionFlags {
  bootstrapServer?: readonly string[];
  /** Instead of bootstrapServer: KRaft controllers. */
  bootstrapController?: readonly string[];
  commandConfig?: string;
  /** A console tool's own client properties (--consumer.config, --producer-property …), over --command-config; `from` names the flags given. */
  clientProperties?: { properties: Readonly<Record<string, string>>; from: string };
  profile?: string;
  clientId?: string;
  timeoutMs?: number;
  verbose?: boolean;
  debug?: boolean;
}

/** Precedence: flags > KAFKA_BOOTSTRAP_SERVERS > active profile > localhost:9092. */
export function resolveConnection(
  flags: ConnectionFlags,
  env: Readonly<Record<string, string | undefined>>,
  profile: { name: string; profile: Profile } | null = activeProfile(flags.profile, env),
): ConnectionSettings {
  const controllers = flags.bootstrapController?.length ? splitServers(flags.bootstrapController) : null;
  const fromFlags = controllers ?? splitServers(flags.bootstrapServer ?? []);
  if (flags.bootstrapServer?.length && fromFlags.length === 0) throw usage(`--bootstrap-server '${flags.bootstrapServer.join(',')}' names no server`, 'use host:port, e.g. --bootstrap-server host1:9092,host2:9092');
  const fromEnv = splitServers(env.KAFKA_BOOTSTRAP_SERVERS ? [env.KAFKA_BOOTSTRAP_SERVERS] : []);
  const fromProfile = splitServers(profile?.profile.bootstrapServers ?? []);
  let bootstrapServers: string[];
  let source: ConnectionSettings['source'];
  if (fromFlags.length) [bootstrapServers, source] = [fromFlags, 'flag'];
  else if (fromEnv.length) [bootstrapServers, source] = [fromEnv, 'env'];
  else if (fromProfile.length) [bootstrapServers, source] = [fromProfile, 'profile'];
  else [bootstrapServers, source] = [[DEFAULT_BOOTSTRAP], 'default'];
  for (const server of bootstrapServers) validateServer(server);

  const properties = {
    ...(profile?.profile.commandConfig ? readPropertiesFile(profile.profile.commandConfig, 'profile command-config') : {}),
    ...(profile?.profile.properties ?? {}),
    ...(flags.commandConfig ? readPropertiesFile(flags.commandConfig, '--command-config') : {}),
    ...flags.clientProperties?.properties,
  };
  const settingsFrom = [
    ...(profile?.profile.commandConfig || profile?.profile.properties ? [`profile '${profile.name}'`] : []),
    ...(flags.commandConfig || !flags.clientProperties ? ['--command-config'] : []),
    ...(flags.clientProperties ? [flags.clientProperties.from] : []),
  ].join(' or ');
  const requestTimeoutMs = flags.timeoutMs ?? numberProperty(properties, 'request.timeout.ms') ?? 30_000;
  return {
    bootstrapServers,
    listeners: controllers ? 'controllers' : 'brokers',
    source,
    profileName: profile?.name ?? null,
    clientId: flags.clientId ?? properties['client.id'] ?? 'kafka-cli',
    security: securityFromProperties(properties),
    properties,
    settingsFrom,
    connectionTimeoutMs: Math.min(numberProperty(properties, 'socket.connection.setup.timeout.ms') ?? 5_000, requestTimeoutMs),
    requestTimeoutMs,
    logLevel: flags.debug ? 'debug' : flags.verbose ? 'verbose' : 'quiet',
  };
}

/** `a:1,b:2` and repeated flags alike, as one list of host:port. */
export function splitServers(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
}

export function validateServer(server: string): void {
  const match = /^(\[[^\]]+\]|[^:\s]+):(\d+)$/.exec(server);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
    throw usage(`invalid bootstrap server '${server}'`, 'use host:port, e.g. --bootstrap-server host1:9092,host2:9092');
  }
}

function numberProperty(props: Record<string, string>, key: string): number | undefined {
  const value = props[key];
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw usage(`client property ${key}=${value} is not a number`);
  return n;
}

/** Maps Kafka client.properties security settings onto what a Node client needs. */
export function securityFromProperties(props: Record<string, string>): SecuritySettings {
  const protocol = (props['security.protocol'] ?? 'PLAINTEXT').toUpperCase();
  if (!['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'].includes(protocol)) {
    throw usage(`unsupported security.protocol '${props['security.protocol']}'`, 'use PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL');
  }
  const settings: SecuritySettings = {};
  if (protocol === 'SSL' || protocol === 'SASL_SSL') settings.tls = tlsFromProperties(props);
  if (protocol.startsWith('SASL_')) settings.sasl = saslFromProperties(props);
  return settings;
}

function tlsFromProperties(props: Record<string, string>): NonNullable<SecuritySettings['tls']> {
  const tls: NonNullable<SecuritySettings['tls']> = {
    rejectUnauthorized: true,
    checkHostname: (props['ssl.endpoint.identification.algorithm'] ?? 'https') !== '',
  };
  if (props['ssl.truststore.certificates']) tls.ca = [props['ssl.truststore.certificates']];
  else if (props['ssl.truststore.location']) {
    const location = props['ssl.truststore.location'];
    const type = storeType(props, 'ssl.truststore');
    if (type === 'PEM') tls.ca = [readPem(location, 'ssl.truststore.location')];
    else {
      const entries = Object.values(readJavaStore(location, 'ssl.truststore', type, props['ssl.truststore.password']));
      // As Java's trust manager: trusted certificate entries, and the certificates of key entries.
      const certificates = entries.flatMap((e) => [e.ca, e.cert].filter((c): c is string => Boolean(c)));
      if (certificates.length === 0) throw usage(`ssl.truststore.location '${location}' holds no certificates`, 'point it at a truststore with the CA certificate(s) of the brokers');
      tls.ca = certificates;
    }
  }
  // A PEM key may be encrypted with ssl.key.password; a key from a Java store comes out decrypted.
  const pemKeyPassphrase = props['ssl.key.password'] ? { passphrase: props['ssl.key.password'] } : {};
  if (props['ssl.keystore.certificate.chain']) {
    Object.assign(tls, { cert: props['ssl.keystore.certificate.chain'], key: props['ssl.keystore.key'], ...pemKeyPassphrase });
  } else if (props['ssl.keystore.location']) {
    const location = props['ssl.keystore.location'];
    const type = storeType(props, 'ssl.keystore');
    if (type === 'PEM') {
      const pem = readPem(location, 'ssl.keystore.location');
      Object.assign(tls, { cert: pem, key: pem, ...pemKeyPassphrase });
    } else {
      const entries = readJavaStore(location, 'ssl.keystore', type, props['ssl.keystore.password'], props['ssl.key.password']);
      const keyEntry = Object.values(entries).find((e) => e.key && e.cert);
      if (!keyEntry) throw usage(`ssl.keystore.location '${location}' holds no private key`, 'point it at the keystore with the client key and certificate');
      Object.assign(tls, { cert: keyEntry.cert, key: keyEntry.key });
    }
  }
  return tls;
}

type StoreType = 'PEM' | 'JKS' | 'PKCS12';

/** ssl.*.type as Kafka reads it: JKS unless set. */
function storeType(props: Record<string, string>, prefix: 'ssl.truststore' | 'ssl.keystore'): StoreType {
  const type = (props[`${prefix}.type`] ?? 'JKS').toUpperCase();
  if (type === 'PEM' || type === 'JKS' || type === 'PKCS12') return type;
  throw usage(`${prefix}.type=${props[`${prefix}.type`]} is not supported`, `use JKS, PKCS12 or PEM (keytool -importkeystore -deststoretype PKCS12 converts a store)`);
}

/**
 * The entries of a Java KeyStore or PKCS#12 file as PEM (jks-js: Node reads neither format
 * itself), checked with the store password where one is given, as Java does.
 */
function readJavaStore(location: string, prefix: 'ssl.truststore' | 'ssl.keystore', type: 'JKS' | 'PKCS12', password?: string, keyPassword?: string): Record<string, { ca?: string; cert?: string; key?: string }> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(location);
  } catch (err) {
    throw usage(`cannot read ${prefix}.location '${location}': ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const jks = createRequire(import.meta.url)('jks-js') as typeof import('jks-js');
  try {
    return jks.toPem(bytes, password ?? '', keyPassword);
  } catch (err) {
    const reason = (err as Error).message.replace(/\.$/, '');
    throw usage(`${prefix}.location '${location}' cannot be read as a ${type} store (${reason})`, `check ${prefix}.password${prefix === 'ssl.keystore' ? ' and ssl.key.password' : ''} and ${prefix}.type`);
  }
}

function readPem(path: string, key: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw usage(`cannot read ${key} '${path}': ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

function saslFromProperties(props: Record<string, string>): NonNullable<SecuritySettings['sasl']> {
  const mechanism = (props['sasl.mechanism'] ?? 'GSSAPI').toLowerCase();
  const jaas = props['sasl.jaas.config'] ?? '';
  if (mechanism === 'oauthbearer') return { mechanism, oauth: oauthFromProperties(props, jaas) };
  if (mechanism !== 'plain' && mechanism !== 'scram-sha-256' && mechanism !== 'scram-sha-512') {
    throw usage(`unsupported sasl.mechanism '${props['sasl.mechanism'] ?? 'GSSAPI'}'`, 'use PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER');
  }
  const username = jaasOption(jaas, 'username');
  const password = jaasOption(jaas, 'password');
  if (username === undefined || password === undefined) {
    throw usage('sasl.jaas.config needs username="..." and password="..."', 'e.g. org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";');
  }
  return { mechanism, username, password };
}

/**
 * OAUTHBEARER as Kafka's clients configure it: a token endpoint with client credentials (the
 * sasl.oauthbearer.client.credentials.* and sasl.oauthbearer.scope properties of Kafka 4, else the
 * clientId, clientSecret and scope JAAS options), or Kafka's unsecured login.
 */
function oauthFromProperties(props: Record<string, string>, jaas: string): OAuthSettings {
  const extensions: Record<string, string> = {};
  for (const [, name, value] of jaas.matchAll(/\bextension_(\w+)\s*=\s*"((?:[^"\\]|\\.)*)"/g)) extensions[name!] = value!.replace(/\\(.)/g, '$1');
  const tokenEndpointUrl = props['sasl.oauthbearer.token.endpoint.url'];
  if (tokenEndpointUrl) {
    if (!/^https?:\/\//i.test(tokenEndpointUrl)) throw usage(`sasl.oauthbearer.token.endpoint.url '${tokenEndpointUrl}' is not an http(s) URL`, 'give the identity provider\'s token endpoint');
    const clientId = props['sasl.oauthbearer.client.credentials.client.id'] ?? jaasOption(jaas, 'clientId');
    const clientSecret = props['sasl.oauthbearer.client.credentials.client.secret'] ?? jaasOption(jaas, 'clientSecret');
    if (clientId === undefined || clientSecret === undefined) {
      throw usage('sasl.oauthbearer.token.endpoint.url needs a client id and secret', 'set clientId="..." clientSecret="..." in sasl.jaas.config (or sasl.oauthbearer.client.credentials.client.id/.secret)');
    }
    const scope = props['sasl.oauthbearer.scope'] ?? jaasOption(jaas, 'scope');
    return { clientCredentials: { tokenEndpointUrl, clientId, clientSecret, ...(scope ? { scope } : {}) }, extensions };
  }
  const subject = jaasOption(jaas, 'unsecuredLoginStringClaim_sub');
  if (subject !== undefined) {
    const lifetime = jaasOption(jaas, 'unsecuredLoginLifetimeSeconds') ?? '3600';
    if (!/^\d+$/.test(lifetime) || Number(lifetime) < 1) throw usage(`unsecuredLoginLifetimeSeconds="${lifetime}" is not a number of seconds`);
    const scope = jaasOption(jaas, 'unsecuredLoginListClaim_scope');
    return { unsecured: { subject, lifetimeSeconds: Number(lifetime), ...(scope ? { scope } : {}) }, extensions };
  }
  throw usage(
    'sasl.mechanism=OAUTHBEARER needs a token endpoint or an unsecured login',
    'set sasl.oauthbearer.token.endpoint.url with clientId="..." clientSecret="..." in sasl.jaas.config, or unsecuredLoginStringClaim_sub="..." for a development broker',
  );
}

/** A quoted JAAS option value; `\"` and `\\` are escapes inside the quotes. */
function jaasOption(jaas: string, name: string): string | undefined {
  const quoted = new RegExp(`\\b${name}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(jaas)?.[1];
  return quoted?.replace(/\\(.)/g, '$1');
}

/** JAAS text for a SASL login, quoting the values so that any password survives the round trip. */
export function jaasConfig(mechanism: SaslMechanism, username: string, password: string): string {
  const module = mechanism === 'plain' ? 'org.apache.kafka.common.security.plain.PlainLoginModule' : 'org.apache.kafka.common.security.scram.ScramLoginModule';
  return `${module} required username=${jaasQuote(username)} password=${jaasQuote(password)};`;
}

/** A JAAS option value in quotes, with `\\` and `"` escaped. */
export function jaasQuote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
