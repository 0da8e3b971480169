import { CliError, type ErrorKind } from '../errors.js';
import type { ConnectionSettings, OAuthSettings } from '../connection.js';
import { retryWithBackoff } from '../retry.js';
import { errorText, errorType } from './requests.js';

interface KafkaJsError extends Error {
  type?: string;
  cause?: unknown;
  originalError?: unknown;
  code?: string;
}

const protocolKinds: Record<string, ErrorKind> = {
  TOPIC_ALREADY_EXISTS: 'already-exists',
  UNKNOWN_TOPIC_OR_PARTITION: 'not-found',
  UNKNOWN_TOPIC_ID: 'not-found',
  GROUP_ID_NOT_FOUND: 'not-found',
  INVALID_TOPIC_EXCEPTION: 'invalid',
  INVALID_PARTITIONS: 'invalid',
  INVALID_REPLICATION_FACTOR: 'invalid',
  INVALID_REPLICA_ASSIGNMENT: 'invalid',
  INVALID_CONFIG: 'invalid',
  INVALID_REQUEST: 'invalid',
  INVALID_UPDATE_VERSION: 'invalid',
  RESOURCE_NOT_FOUND: 'not-found',
  UNSUPPORTED_SASL_MECHANISM_SCRAM: 'invalid',
  POLICY_VIOLATION: 'invalid',
  MESSAGE_TOO_LARGE: 'invalid',
  RECORD_LIST_TOO_LARGE: 'invalid',
  INVALID_RECORD: 'invalid',
  SASL_AUTHENTICATION_FAILED: 'auth',
  TOPIC_AUTHORIZATION_FAILED: 'auth',
  GROUP_AUTHORIZATION_FAILED: 'auth',
  CLUSTER_AUTHORIZATION_FAILED: 'auth',
  ILLEGAL_SASL_STATE: 'auth',
  UNSUPPORTED_SASL_MECHANISM: 'auth',
  REQUEST_TIMED_OUT: 'timeout',
};

/** The outcome a broker's error code means for the user: by its name (UNKNOWN_TOPIC_OR_PARTITION …). */
export function errorKindOf(type: string): ErrorKind {
  return protocolKinds[type] ?? (type.endsWith('AUTHORIZATION_FAILED') ? 'auth' : 'failed');
}

/** Walks kafkajs's wrapper chain down to the error that says what happened. */
function rootCause(err: KafkaJsError): KafkaJsError {
  let current = err;
  for (let depth = 0; depth < 10; depth++) {
    const aggregated = (current as { errors?: unknown[] }).errors;
    const next = (current.originalError ?? current.cause ?? aggregated?.[0]) as KafkaJsError | undefined;
    if (!next || !(next instanceof Error)) break;
    current = next;
  }
  return current;
}

/** A broker's error code in an answer, as the outcome it means, with the broker's message where it sent one. */
export function brokerRefusal(code: number, message: string | null): CliError {
  return new CliError(errorKindOf(errorType(code)), message || errorText(code)!);
}

/** The broker's error name (TOPIC_AUTHORIZATION_FAILED …) under kafkajs's wrappers, if a broker said no. */
export function brokerErrorType(err: unknown): string | undefined {
  return err instanceof Error ? rootCause(err as KafkaJsError).type : undefined;
}

/** The principal this client authenticates as, for the ACL an admin would grant: User:NAME, or a placeholder. */
export function principalOf(connection: ConnectionSettings): string {
  const sasl = connection.security.sasl;
  return sasl && 'username' in sasl ? `User:${sasl.username}` : 'User:NAME';
}

/** Refused by an authorizer: what was refused on which resource, and the command that would allow it. */
export function notAuthorized(action: string, resource: string, grant: string): CliError {
  return new CliError('auth', `not authorized to ${action} ${resource}`, `an admin can allow it: ${grant}`);
}

/**
 * What the system said at once about the last connection attempt (refused, no such host, no
 * route), in words; null when it said nothing and the attempt ran out of time.
 */
function connectFailure(message: string): string | null {
  if (/ECONNREFUSED/.test(message)) return 'connection refused';
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return 'host name not found';
  if (/EHOSTUNREACH|ENETUNREACH/.test(message)) return 'no route to host';
  return null;
}

/** No bootstrap server could be reached: why, when the system said at once, else within how long. */
export function unreachable(connection: ConnectionSettings, withinMs: number, lastFailure: string | null = null): CliError {
  const servers = connection.bootstrapServers.join(',');
  const hint =
    connection.source === 'default'
      ? 'is the cluster up? try `kafka cluster up`, or pass --bootstrap-server'
      : `is the cluster up? check the bootstrap servers (from ${connection.source === 'flag' ? '--bootstrap-server' : connection.source === 'env' ? 'KAFKA_BOOTSTRAP_SERVERS' : `profile '${connection.profileName}'`})`;
  const why = lastFailure === null ? ` within ${Math.round(withinMs / 1000)}s` : ` (${lastFailure})`;
  return new CliError('unreachable', `cannot reach broker at ${servers}${why}`, hint);
}

/** Turns anything kafkajs throws into one of our errors with a one-line message; the original is its cause. */
function oauthIdentity(oauth: OAuthSettings): string {
  return oauth.clientCredentials ? `client '${oauth.clientCredentials.clientId}'` : `unsecured token for '${oauth.unsecured?.subject}'`;
}

export function mapKafkaJsError(err: unknown, connection: ConnectionSettings, withinMs: number): CliError {
  // Ours, raised inside kafkajs (e.g. by the OAUTHBEARER token provider) and wrapped by it.
  for (let current = err, depth = 0; current instanceof Error && depth < 10; current = (current as KafkaJsError).originalError ?? current.cause, depth++) {
    if (current instanceof CliError) return current;
  }
  const mapped = describeKafkaJsError(err, connection, withinMs);
  return mapped.cause === undefined ? new CliError(mapped.kind, mapped.message, mapped.hint, err) : mapped;
}

function describeKafkaJsError(err: unknown, connection: ConnectionSettings, withinMs: number): CliError {
  if (!(err instanceof Error)) return new CliError('failed', String(err));
  const root = rootCause(err as KafkaJsError);
  const names = new Set([err.name, root.name]);
  if (names.has('KafkaJSSASLAuthenticationError') || /SASL|authenticat/i.test(root.message)) {
    const sasl = connection.security.sasl;
    const who = !sasl ? '' : sasl.mechanism !== 'oauthbearer' ? ` for user '${sasl.username}' with ${sasl.mechanism.toUpperCase()}` : ` with OAUTHBEARER (${oauthIdentity(sasl.oauth)})`;
    const why = root.message.replace(/^SASL [\w -]+ authentication failed: /, '');
    return new CliError('auth', `authentication failed${who}: ${why}`, `check the SASL username, password and mechanism (${connection.settingsFrom})`);
  }
  if (root.name === 'NotKafkaPeerError') {
    const tls = (root as Error & { speaksTls?: boolean }).speaksTls;
    return new CliError('unreachable', root.message, tls ? 'connect with TLS: security.protocol=SSL or SASL_SSL (--command-config or a profile)' : 'check the host and port: they must be a Kafka listener');
  }
  if (root.name === 'CoordinatorUnavailableError') {
    return new CliError('timeout', root.message, 'the cluster cannot make or lead __consumer_offsets: is offsets.topic.replication.factor above the live brokers? see the brokers\' logs');
  }
  if (root.type && protocolKinds[root.type]) return new CliError(protocolKinds[root.type]!, root.message);
  if (root.type === 'TOPIC_AUTHORIZATION_FAILED' || root.type?.endsWith('AUTHORIZATION_FAILED')) {
    return new CliError('auth', root.message, 'the principal lacks an ACL for this operation');
  }
  if (
    names.has('KafkaJSConnectionError') ||
    names.has('KafkaJSBrokerNotFound') ||
    names.has('KafkaJSConnectionClosedError') ||
    /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|Connection timeout|Closed connection|Connection error/i.test(root.message)
  ) {
    if (/certificate|self.signed|SSL|TLS|EPROTO/i.test(root.message)) {
      // OpenSSL's text can span lines; a TLS alert 42/116 is the broker refusing our certificate.
      const detail = root.message.replace(/\s+/g, ' ').trim();
      if (/alert (bad certificate|certificate required)|alert number (42|116)\b/i.test(detail)) {
        return new CliError('auth', 'TLS handshake failed: the broker wants a client certificate it trusts', `set ssl.keystore.location to a keystore (JKS, PKCS12 or PEM) with the key and certificate (${connection.settingsFrom})`);
      }
      // The peer hung up on our ClientHello: a plaintext listener does that.
      if (/disconnected before secure TLS connection/i.test(detail)) {
        return new CliError('unreachable', `the broker closed the connection during the TLS handshake: ${detail}`, `is it a plaintext listener? then drop security.protocol SSL/SASL_SSL (${connection.settingsFrom})`);
      }
      return new CliError('auth', `TLS handshake failed: ${detail}`, `check the ssl.truststore settings (${connection.settingsFrom})`);
    }
    return unreachable(connection, withinMs, connectFailure(root.message));
  }
  if (names.has('KafkaJSRequestTimeoutError') || names.has('KafkaJSTimeout')) {
    return new CliError('timeout', `request timed out after ${Math.round(withinMs / 1000)}s: ${root.message}`, 'the broker is slow or unreachable; raise --request-timeout-ms');
  }
  return new CliError('failed', root.message);
}

const COORDINATOR_NOT_READY = new Set(['NOT_COORDINATOR', 'NOT_COORDINATOR_FOR_GROUP', 'COORDINATOR_LOAD_IN_PROGRESS', 'GROUP_LOAD_IN_PROGRESS', 'COORDINATOR_NOT_AVAILABLE', 'GROUP_COORDINATOR_NOT_AVAILABLE']);

/**
 * Retries while the broker a request needs is not there: a group coordinator still loading (a
 * fresh cluster creates __consumer_offsets), or a coordinator or controller whose broker just died
 * and that metadata still names (until the cluster fences it). The client is connected by now, so
 * some broker answers: an unreachable one is worth waiting for, within the deadline.
 */
export async function whileBrokersSettle<T>(withinMs: number, attempt: () => Promise<T>): Promise<T> {
  return retryWithBackoff(withinMs, attempt, (o) => !o.ok && (coordinatorNotReady(rootCause(o.error as KafkaJsError).type) || (o.error instanceof CliError && o.error.kind === 'unreachable')));
}

/** A group coordinator loading, moving or not made yet (by kafkajs's error type names, old and new). */
export function coordinatorNotReady(type: string | undefined): boolean {
  return COORDINATOR_NOT_READY.has(type ?? '');
}
