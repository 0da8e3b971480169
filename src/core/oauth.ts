import type { OAuthSettings } from './connection.js';
import { CliError } from './errors.js';

/** What kafkajs's OAUTHBEARER login sends: the token, and any SASL extensions. */
export interface BearerToken {
  value: string;
  extensions?: Record<string, string>;
}

interface HeldToken {
  value: string;
  obtainedAt: number;
  expiresAt: number;
}

/** A token is replaced once this share of its lifetime has passed: Kafka's sasl.login.refresh.window.factor default. */
const REFRESH_WINDOW = 0.8;
/**
 * kafkajs re-authenticates a connection 10 s before its session (the token's remaining lifetime)
 * ends: a token handed to it must have more left than that, or each request re-authenticates.
 */
const MIN_REMAINING_MS = 15_000;

/**
 * kafkajs's oauthBearerProvider: called at every (re)authentication of every connection. One token
 * is shared until its refresh time, and one request to the identity provider serves all callers.
 */
export function oauthTokenProvider(settings: OAuthSettings, timeoutMs: number, now: () => number = Date.now): () => Promise<BearerToken> {
  let held: HeldToken | null = null;
  let obtaining: Promise<HeldToken> | null = null;
  const bearer = (token: HeldToken): BearerToken => ({ value: token.value, ...(Object.keys(settings.extensions).length ? { extensions: settings.extensions } : {}) });
  return async () => {
    if (held && now() < refreshAt(held)) return bearer(held);
    obtaining ??= obtainToken(settings, timeoutMs, now).finally(() => (obtaining = null));
    held = await obtaining;
    return bearer(held);
  };
}

function refreshAt(token: HeldToken): number {
  return Math.min(token.obtainedAt + REFRESH_WINDOW * (token.expiresAt - token.obtainedAt), token.expiresAt - MIN_REMAINING_MS);
}

async function obtainToken(settings: OAuthSettings, timeoutMs: number, now: () => number): Promise<HeldToken> {
  const obtainedAt = now();
  if (settings.unsecured) {
    const { subject, lifetimeSeconds, scope } = settings.unsecured;
    const expiresAt = obtainedAt + lifetimeSeconds * 1000;
    // As Kafka's unsecured login: an unsigned JWS (alg none) with sub, iat and exp in seconds.
    const claims = { sub: subject, iat: Math.floor(obtainedAt / 1000), exp: Math.floor(expiresAt / 1000), ...(scope ? { scope: scope.split(',').map((s) => s.trim()) } : {}) };
    const part = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');
    return { value: `${part({ alg: 'none' })}.${part(claims)}.`, obtainedAt, expiresAt };
  }
  const grant = settings.clientCredentials!;
  const body = new URLSearchParams({ grant_type: 'client_credentials', ...(grant.scope ? { scope: grant.scope } : {}) });
  // As Kafka's client: HTTP Basic with the form-encoded id and secret.
  const formEncode = (v: string) => new URLSearchParams({ v }).toString().slice(2);
  const authorization = `Basic ${Buffer.from(`${formEncode(grant.clientId)}:${formEncode(grant.clientSecret)}`).toString('base64')}`;
  let response: Response;
  try {
    response = await fetch(grant.tokenEndpointUrl, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${Math.round(timeoutMs / 1000)}s` : (((err as Error).cause as Error | undefined)?.message ?? (err as Error).message);
    throw new CliError('unreachable', `the OAuth token endpoint ${grant.tokenEndpointUrl} cannot be reached: ${reason}`, 'check sasl.oauthbearer.token.endpoint.url', err);
  }
  const text = await response.text();
  let answer: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    // not JSON: said below
  }
  if (!response.ok) {
    const said = [answer.error, answer.error_description].filter((v) => typeof v === 'string').join(': ') || text.slice(0, 200).trim();
    throw new CliError('auth', `the OAuth token endpoint refused client '${grant.clientId}' (HTTP ${response.status}${said ? `: ${said}` : ''})`, 'check the client id, secret and scope (sasl.jaas.config or sasl.oauthbearer.*)');
  }
  if (typeof answer.access_token !== 'string' || answer.access_token === '') {
    throw new CliError('auth', `the OAuth token endpoint ${grant.tokenEndpointUrl} answered without an access_token`, 'is it the identity provider\'s token endpoint?');
  }
  const expiresAt = jwtExpiry(answer.access_token) ?? (typeof answer.expires_in === 'number' ? obtainedAt + answer.expires_in * 1000 : null);
  if (expiresAt === null) throw new CliError('auth', 'the OAuth access token has no expiry (no exp claim, no expires_in)', 'Kafka needs a JWT with an exp claim');
  return { value: answer.access_token, obtainedAt, expiresAt };
}

/** The exp claim of a JWT, in ms; null when the token is not a JWT with one. */
function jwtExpiry(token: string): number | null {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}
