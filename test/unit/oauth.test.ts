import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../../src/commands/config/security-properties.js';
import { securityFromProperties, type OAuthSettings } from '../../src/core/connection.js';
import { oauthTokenProvider } from '../../src/core/oauth.js';

const jaas = (options: string) => `org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required ${options};`;
const oauthOf = (props: Record<string, string>) => {
  const sasl = securityFromProperties({ 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'OAUTHBEARER', ...props }).sasl!;
  if (sasl.mechanism !== 'oauthbearer') throw new Error('not oauth');
  return sasl.oauth;
};

describe('OAUTHBEARER settings from client properties', () => {
  it('client credentials from the JAAS options, or from Kafka 4’s sasl.oauthbearer.* properties (which win); SASL extensions', () => {
    expect(oauthOf({ 'sasl.oauthbearer.token.endpoint.url': 'https://idp/token', 'sasl.jaas.config': jaas('clientId="c" clientSecret="s" scope="kafka" extension_logicalCluster="lkc-1"') })).toEqual({
      clientCredentials: { tokenEndpointUrl: 'https://idp/token', clientId: 'c', clientSecret: 's', scope: 'kafka' },
      extensions: { logicalCluster: 'lkc-1' },
    });
    expect(
      oauthOf({
        'sasl.oauthbearer.token.endpoint.url': 'https://idp/token',
        'sasl.oauthbearer.client.credentials.client.id': 'c2',
        'sasl.oauthbearer.client.credentials.client.secret': 's2',
        'sasl.oauthbearer.scope': 'other',
        'sasl.jaas.config': jaas('clientId="c" clientSecret="s"'),
      }).clientCredentials,
    ).toEqual({ tokenEndpointUrl: 'https://idp/token', clientId: 'c2', clientSecret: 's2', scope: 'other' });
  });

  it('the unsecured login, and one line for what is missing', () => {
    expect(oauthOf({ 'sasl.jaas.config': jaas('unsecuredLoginStringClaim_sub="alice"') })).toEqual({ unsecured: { subject: 'alice', lifetimeSeconds: 3600 }, extensions: {} });
    expect(() => oauthOf({ 'sasl.jaas.config': jaas('') })).toThrow('sasl.mechanism=OAUTHBEARER needs a token endpoint or an unsecured login');
    expect(() => oauthOf({ 'sasl.oauthbearer.token.endpoint.url': 'https://idp/token', 'sasl.jaas.config': jaas('clientId="c"') })).toThrow('needs a client id and secret');
    expect(() => oauthOf({ 'sasl.oauthbearer.token.endpoint.url': 'file:/etc/passwd', 'sasl.jaas.config': jaas('clientId="c" clientSecret="s"') })).toThrow('is not an http(s) URL');
  });

  it('config show masks the client secret wherever it is', () => {
    expect(maskSecrets({ 'sasl.jaas.config': jaas('clientId="c" clientSecret="s3cret"'), 'sasl.oauthbearer.client.credentials.client.secret': 'x' })).toEqual({
      'sasl.jaas.config': jaas('clientId="c" clientSecret="********"'),
      'sasl.oauthbearer.client.credentials.client.secret': '********',
    });
  });
});

describe('the OAUTHBEARER token provider', () => {
  it('an unsecured token is an unsigned JWS with sub, iat and exp, as Kafka’s unsecured login makes it', async () => {
    const token = await oauthTokenProvider({ unsecured: { subject: 'alice', lifetimeSeconds: 60 }, extensions: {} }, 1000, () => 1_000_000)();
    const [header, claims, signature] = token.value.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'none' });
    expect(JSON.parse(Buffer.from(claims!, 'base64url').toString())).toEqual({ sub: 'alice', iat: 1000, exp: 1060 });
    expect(signature).toBe('');
  });

  it('asks the endpoint once for concurrent logins, reuses the token, and replaces it before kafkajs would re-authenticate with it', async () => {
    let requests = 0;
    let seen: { authorization?: string; body: string } = { body: '' };
    const server = createServer((request, response) => {
      requests++;
      let body = '';
      request.on('data', (d) => (body += d));
      request.on('end', () => {
        seen = { authorization: request.headers.authorization, body };
        const exp = Math.floor(clock / 1000) + 60;
        const jwt = `e30.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.sig`;
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: jwt }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    let clock = 10_000_000;
    const settings: OAuthSettings = {
      clientCredentials: { tokenEndpointUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}/token`, clientId: 'my app', clientSecret: 'p&ss', scope: 'kafka' },
      extensions: { logicalCluster: 'lkc-1' },
    };
    try {
      const provide = oauthTokenProvider(settings, 5000, () => clock);
      const [a, b] = await Promise.all([provide(), provide()]);
      expect(requests).toBe(1);
      expect(a).toEqual(b);
      expect(a.extensions).toEqual({ logicalCluster: 'lkc-1' });
      expect(seen.body).toBe('grant_type=client_credentials&scope=kafka');
      expect(Buffer.from(seen.authorization!.replace('Basic ', ''), 'base64').toString()).toBe('my+app:p%26ss');
      clock += 44_000; // 16 s left: still above the 15 s kafkajs needs
      await provide();
      expect(requests).toBe(1);
      clock += 2_000; // 14 s left
      await provide();
      expect(requests).toBe(2);
    } finally {
      server.close();
    }
  });
});
