import { jaasConfig, type SaslMechanism } from '../../core/connection.js';

export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];
export const SASL_MECHANISMS = ['SCRAM-SHA-512', 'SCRAM-SHA-256', 'PLAIN'] as const;

export interface SecurityChoice {
  protocol: SecurityProtocol;
  mechanism?: string;
  username?: string;
  password?: string;
  /** PEM file with the CA certificate(s); absent: the system's CAs. */
  caLocation?: string;
  verifyHostname?: boolean;
}

/** The Kafka client properties a Java client would need for the same settings. */
export function securityProperties(choice: SecurityChoice): Record<string, string> {
  const props: Record<string, string> = {};
  if (choice.protocol === 'PLAINTEXT') return props;
  props['security.protocol'] = choice.protocol;
  if (choice.protocol.startsWith('SASL_')) {
    const mechanism = (choice.mechanism ?? 'SCRAM-SHA-512').toUpperCase();
    props['sasl.mechanism'] = mechanism;
    props['sasl.jaas.config'] = jaasConfig(mechanism.toLowerCase() as SaslMechanism, choice.username ?? '', choice.password ?? '');
  }
  if (choice.protocol === 'SSL' || choice.protocol === 'SASL_SSL') {
    if (choice.caLocation) {
      props['ssl.truststore.type'] = 'PEM';
      props['ssl.truststore.location'] = choice.caLocation;
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
      if (key === 'sasl.jaas.config') return [key, value.replace(/(\bpassword\s*=\s*)"(?:[^"\\]|\\.)*"/, `$1"${MASK}"`)];
      return [key, /password/i.test(key) ? MASK : value];
    }),
  );
}
