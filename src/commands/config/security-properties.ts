import { jaasConfig, jaasQuote, type SaslMechanism } from '../../core/connection.js';

export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];
export const SASL_MECHANISMS = ['SCRAM-SHA-512', 'SCRAM-SHA-256', 'PLAIN', 'OAUTHBEARER'] as const;

export interface SecurityChoice {
  protocol: SecurityProtocol;
  mechanism?: string;
  username?: string;
  password?: string;
  /** OAUTHBEARER: the client-credentials grant at an identity provider. */
  oauth?: { tokenEndpointUrl: string; clientId: string; clientSecret: string; scope?: string };
  /** The CA certificate(s): a PEM file, or a JKS or PKCS12 truststore; absent: the system's CAs. */
  caLocation?: string;
  truststorePassword?: string;
  /** The client's key and certificate (mutual TLS): a JKS or PKCS12 keystore, or a PEM file. */
  keystoreLocation?: string;
  keystorePassword?: string;
  keyPassword?: string;
  verifyHostname?: boolean;
}

/** The ssl.*.type of a store file, by its name: .jks, .p12/.pfx, else PEM. */
export function storeTypeOfFile(path: string): 'JKS' | 'PKCS12' | 'PEM' {
  if (/\.jks$/i.test(path)) return 'JKS';
  if (/\.(p12|pfx|pkcs12)$/i.test(path)) return 'PKCS12';
  return 'PEM';
}

/** The Kafka client properties a Java client would need for the same settings. */
export function securityProperties(choice: SecurityChoice): Record<string, string> {
  const props: Record<string, string> = {};
  if (choice.protocol === 'PLAINTEXT') return props;
  props['security.protocol'] = choice.protocol;
  if (choice.protocol.startsWith('SASL_')) {
    const mechanism = (choice.mechanism ?? 'SCRAM-SHA-512').toUpperCase();
    props['sasl.mechanism'] = mechanism;
    if (mechanism === 'OAUTHBEARER' && choice.oauth) {
      const { tokenEndpointUrl, clientId, clientSecret, scope } = choice.oauth;
      props['sasl.oauthbearer.token.endpoint.url'] = tokenEndpointUrl;
      const options = `clientId=${jaasQuote(clientId)} clientSecret=${jaasQuote(clientSecret)}${scope ? ` scope=${jaasQuote(scope)}` : ''}`;
      props['sasl.jaas.config'] = `org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required ${options};`;
      // Kafka's own clients need it to use the token endpoint: the file stays usable by them.
      props['sasl.login.callback.handler.class'] = 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler';
    } else props['sasl.jaas.config'] = jaasConfig(mechanism.toLowerCase() as SaslMechanism, choice.username ?? '', choice.password ?? '');
  }
  if (choice.protocol === 'SSL' || choice.protocol === 'SASL_SSL') {
    if (choice.caLocation) {
      props['ssl.truststore.type'] = storeTypeOfFile(choice.caLocation);
      props['ssl.truststore.location'] = choice.caLocation;
      if (choice.truststorePassword) props['ssl.truststore.password'] = choice.truststorePassword;
    }
    if (choice.keystoreLocation) {
      props['ssl.keystore.type'] = storeTypeOfFile(choice.keystoreLocation);
      props['ssl.keystore.location'] = choice.keystoreLocation;
      if (choice.keystorePassword) props['ssl.keystore.password'] = choice.keystorePassword;
      if (choice.keyPassword) props['ssl.key.password'] = choice.keyPassword;
    }
    if (choice.verifyHostname === false) props['ssl.endpoint.identification.algorithm'] = '';
  }
  return props;
}

const MASK = '********';

/** Client properties fit for a screen: passwords replaced, unless asked for. */
export function maskSecrets(props: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(props).map(([key, value]) => {
      if (key === 'sasl.jaas.config') return [key, value.replace(/(\b(?:password|clientSecret)\s*=\s*)"(?:[^"\\]|\\.)*"/g, `$1"${MASK}"`)];
      return [key, /password|secret/i.test(key) ? MASK : value];
    }),
  );
}
