import { describe, expect, it } from 'vitest';
import { securityFromProperties } from '../../src/core/connection.js';
import { maskSecrets, securityProperties } from '../../src/commands/config/security-properties.js';

describe('profile security settings as Kafka client properties', () => {
  it('PLAINTEXT needs no properties', () => {
    expect(securityProperties({ protocol: 'PLAINTEXT' })).toEqual({});
  });

  it('SASL_SSL with SCRAM round-trips through the reader, whatever the password holds', () => {
    const password = 'a"b\\c d;';
    const props = securityProperties({ protocol: 'SASL_SSL', mechanism: 'SCRAM-SHA-512', username: 'app', password, caLocation: '/etc/ca.pem', verifyHostname: false });
    expect(props).toMatchObject({ 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'SCRAM-SHA-512', 'ssl.truststore.type': 'PEM', 'ssl.truststore.location': '/etc/ca.pem', 'ssl.endpoint.identification.algorithm': '' });
    expect(props['sasl.jaas.config']).toMatch(/^org\.apache\.kafka\.common\.security\.scram\.ScramLoginModule required username="app" password=".*";$/);
    const { sasl } = securityFromProperties({ ...props, 'ssl.truststore.location': '' });
    expect(sasl).toEqual({ mechanism: 'scram-sha-512', username: 'app', password });
  });

  it('PLAIN uses the PlainLoginModule', () => {
    expect(securityProperties({ protocol: 'SASL_PLAINTEXT', mechanism: 'PLAIN', username: 'u', password: 'p' })['sasl.jaas.config']).toBe(
      'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";',
    );
  });

  it('masks JAAS passwords and *password* properties only', () => {
    expect(
      maskSecrets({ 'sasl.jaas.config': 'X required username="u" password="p\\"q";', 'ssl.key.password': 'k', 'client.id': 'c' }),
    ).toEqual({ 'sasl.jaas.config': 'X required username="u" password="********";', 'ssl.key.password': '********', 'client.id': 'c' });
  });
});
