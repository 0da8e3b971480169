import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirectory } from '../../core/directories.js';
import { CliError } from '../../core/errors.js';

export interface LocalCertificates {
  /** The CA clients trust (PEM). */
  caFile: string;
  /** The brokers' private key (PKCS#8) and certificate chain, as Kafka's PEM keystore reads it. */
  keystoreFile: string;
  /** A client's key and certificate (CN=kafka-cli-client), for listeners that require one. */
  clientKeystoreFile: string;
}

function openssl(args: string[], cwd: string): void {
  const result = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (result.error) throw new CliError('local-runtime', 'openssl was not found on PATH (needed to make the local CA for --sasl-ssl and --ssl)', 'install openssl, or start without --sasl-ssl/--ssl');
  if (result.status !== 0) throw new CliError('local-runtime', `openssl ${args[0]} failed: ${result.stderr.trim().split('\n').pop()}`);
}

/**
 * A throw-away CA, one broker certificate for 127.0.0.1 and localhost (so that clients can verify
 * host names against a real chain rather than switching verification off), and a client certificate.
 */
export function createLocalCertificates(dir: string): LocalCertificates {
  makeDirectory(dir, 'the certificate directory', 0o700);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650', '-subj', '/CN=kafka-cli local CA'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'broker.key', '-out', 'broker.csr', '-subj', '/CN=localhost'], dir);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  openssl(['x509', '-req', '-in', 'broker.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'broker.crt', '-days', '3650', '-extfile', 'san.ext'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=kafka-cli-client'], dir);
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  openssl(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.crt', '-days', '3650', '-extfile', 'client.ext'], dir);
  const keystore = (name: string) => {
    const file = join(dir, `${name}-keystore.pem`);
    writeFileSync(file, readFileSync(join(dir, `${name}.key`), 'utf8') + readFileSync(join(dir, `${name}.crt`), 'utf8') + readFileSync(join(dir, 'ca.pem'), 'utf8'), { mode: 0o600 });
    return file;
  };
  return { caFile: join(dir, 'ca.pem'), keystoreFile: keystore('broker'), clientKeystoreFile: keystore('client') };
}

/** The same trust and client identity as Java users get them: JKS and PKCS12 stores, as Kafka's client.properties name them. */
export interface JavaStores {
  password: string;
  truststore: Record<JavaStoreType, string>;
  clientKeystore: Record<JavaStoreType, string>;
}

export type JavaStoreType = 'JKS' | 'PKCS12';

function keytool(args: string[], cwd: string): void {
  const result = spawnSync('keytool', args, { cwd, encoding: 'utf8' });
  if (result.error) throw new CliError('local-runtime', 'keytool was not found on PATH (it comes with the Java runtime; needed for the JKS and PKCS12 stores of --sasl-ssl and --ssl)', 'put the JRE\'s bin directory on PATH');
  if (result.status !== 0) throw new CliError('local-runtime', `keytool ${args[0]} failed: ${(result.stderr || result.stdout).trim().split('\n').pop()}`);
}

/** JKS and PKCS12 truststores with the local CA, and keystores with the client's key and certificate, all under `password`. */
export function createJavaStores(dir: string, password: string): JavaStores {
  openssl(['pkcs12', '-export', '-in', 'client.crt', '-inkey', 'client.key', '-certfile', 'ca.pem', '-name', 'kafka-cli-client', '-out', 'client-openssl.p12', '-passout', `pass:${password}`], dir);
  const stores: JavaStores = { password, truststore: { JKS: '', PKCS12: '' }, clientKeystore: { JKS: '', PKCS12: '' } };
  for (const [type, extension] of [['JKS', 'jks'], ['PKCS12', 'p12']] as const) {
    stores.truststore[type] = join(dir, `truststore.${extension}`);
    stores.clientKeystore[type] = join(dir, `client-keystore.${extension}`);
    keytool(['-importcert', '-noprompt', '-alias', 'kafka-cli-ca', '-file', 'ca.pem', '-keystore', stores.truststore[type], '-storetype', type, '-storepass', password], dir);
    keytool(['-importkeystore', '-noprompt', '-srckeystore', 'client-openssl.p12', '-srcstoretype', 'PKCS12', '-srcstorepass', password, '-destkeystore', stores.clientKeystore[type], '-deststoretype', type, '-deststorepass', password], dir);
  }
  return stores;
}
