import type { Authenticator, AuthenticationProviderArgs } from 'kafkajs';
import type { BearerToken } from '../oauth.js';
import { kafkajs } from './load.js';

const SOH = '\u0001';

/** kafkajs sends and reads SASL bytes as Kafka BYTES: an int32 length, then the bytes. */
const asBytes = (text: string) => {
  const body = Buffer.from(text, 'utf8');
  const framed = Buffer.alloc(4 + body.length);
  framed.writeInt32BE(body.length, 0);
  body.copy(framed, 4);
  return framed;
};
const fromBytes = (framed: Buffer) => (framed.length > 4 ? framed.subarray(4, 4 + framed.readInt32BE(0)).toString('utf8') : '');

/**
 * OAUTHBEARER (RFC 7628) as Kafka's client speaks it. kafkajs's own login ends after the first
 * message whatever the broker answers, so a refused token (the broker's error challenge, which
 * waits for the client's acknowledgement) surfaced later as a dropped connection. Here the
 * challenge is acknowledged and the login fails with the broker's reason.
 */
export function oauthBearerAuthenticator(token: () => Promise<BearerToken>) {
  return ({ saslAuthenticate }: AuthenticationProviderArgs): Authenticator => ({
    authenticate: async () => {
      const { value, extensions } = await token();
      const extensionText = Object.entries(extensions ?? {}).map(([k, v]) => `${SOH}${k}=${v}`).join('');
      const raw = { decode: async (b: Buffer) => b, parse: (b: Buffer) => b };
      const challenge = await saslAuthenticate<Buffer>({ request: { encode: async () => asBytes(`n,,${SOH}auth=Bearer ${value}${extensionText}${SOH}${SOH}`) }, response: raw });
      const error = challenge ? fromBytes(challenge) : '';
      if (error === '') return;
      let status = error;
      try {
        status = (JSON.parse(error) as { status?: string }).status ?? error;
      } catch {
        // not JSON: kept as it came
      }
      let reason = '';
      try {
        await saslAuthenticate({ request: { encode: async () => asBytes(SOH) }, response: raw });
      } catch (err) {
        reason = `: ${(err as Error).message}`;
      }
      throw new (kafkajs.KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error)(`SASL OAUTHBEARER authentication failed: the broker refused the token (${status})${reason}`);
    },
  });
}
