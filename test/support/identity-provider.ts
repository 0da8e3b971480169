import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/**
 * An OAuth identity provider on 127.0.0.1, as brokers and clients meet one: a JWKS endpoint with
 * the public key, and a client-credentials token endpoint that signs RS256 JWTs. Clients:
 * - `app`/`app-secret`: valid tokens for `lifetimeSeconds`;
 * - `expired`/`x`: tokens that expired a minute ago;
 * - `forger`/`x`: tokens signed with a key the JWKS does not hold.
 */
export interface IdentityProvider {
  jwksUrl: string;
  tokenUrl: string;
  issuer: string;
  audience: string;
  /** Tokens issued so far, per client id. */
  issued: Map<string, number>;
  close(): Promise<void>;
}

const KID = 'kafka-cli-test';

export async function startIdentityProvider(lifetimeSeconds: number): Promise<IdentityProvider> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forgery = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const audience = 'kafka';
  const issued = new Map<string, number>();
  let issuer = '';
  const sign = (key: KeyObject, claims: object) => {
    const part = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');
    const unsigned = `${part({ alg: 'RS256', typ: 'JWT', kid: KID })}.${part(claims)}`;
    return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url')}`;
  };
  const server: Server = createServer((request, response) => {
    const json = (status: number, body: object) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (request.url === '/jwks') return json(200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' }] });
    if (request.url !== '/token' || request.method !== 'POST') return json(404, { error: 'not_found' });
    const [id, secret] = Buffer.from((request.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':').map(decodeURIComponent);
    const known: Record<string, string> = { app: 'app-secret', expired: 'x', forger: 'x' };
    if (!id || known[id] !== secret) return json(401, { error: 'invalid_client', error_description: 'unknown client or wrong secret' });
    issued.set(id, (issued.get(id) ?? 0) + 1);
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: id, aud: audience, iss: issuer, iat: now, exp: now + lifetimeSeconds, scope: 'kafka' };
    if (id === 'expired') Object.assign(claims, { iat: now - 120, exp: now - 60 });
    return json(200, { access_token: sign(id === 'forger' ? forgery : privateKey, claims), token_type: 'Bearer', expires_in: lifetimeSeconds });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  issuer = base;
  return {
    jwksUrl: `${base}/jwks`,
    tokenUrl: `${base}/token`,
    issuer,
    audience,
    issued,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
