import { existsSync } from 'node:fs';
import { isCliError, usage } from '../../core/errors.js';
import { splitServers, validateServer } from '../../core/connection.js';
import type { Profile, ProfilesFile } from '../../core/profiles.js';
import { writeOut, type IO } from '../../render/io.js';
import { confirm, input, password, select } from '../../render/prompt.js';
import { storeProfile } from './store.js';
import { SASL_MECHANISMS, SECURITY_PROTOCOLS, securityProperties, storeTypeOfFile, type SecurityChoice } from './security-properties.js';

/** Connects with a profile and says what answered (e.g. "cluster abc, 3 brokers"); throws when nothing does. */
export type Probe = (profile: Profile) => Promise<string>;

const validServers = (value: string): string | true => {
  try {
    for (const server of splitServers([value])) validateServer(server);
    return value.trim() ? true : 'at least one host:port';
  } catch (err) {
    return isCliError(err) ? err.message : String(err);
  }
};

/** `kafka config init`: the questions a person answers once, then a saved (and tested) profile. */
export async function runInitWizard(io: IO, file: ProfilesFile, probe: Probe): Promise<number> {
  if (!io.canPrompt) {
    throw usage('kafka config init asks questions on a terminal', 'in scripts use `kafka config add NAME --bootstrap-server HOST:PORT [--security-protocol ...]`');
  }
  const name = await input(io, 'Profile name', {
    default: file.profiles.local ? undefined : 'local',
    validate: (v) => (/^[A-Za-z0-9._-]+$/.test(v) ? true : 'letters, digits, dot, dash and underscore'),
  });
  if (file.profiles[name] && !(await confirm(io, `Profile '${name}' exists. Replace it?`))) {
    await writeOut(io.stderr, 'Nothing saved.\n');
    return 1;
  }
  const servers = await input(io, 'Bootstrap servers (host:port, comma-separated)', { default: 'localhost:9092', validate: validServers });
  const choice: SecurityChoice = { protocol: await select(io, 'Security protocol', SECURITY_PROTOCOLS) };
  if (choice.protocol.startsWith('SASL_')) {
    choice.mechanism = await select(io, 'SASL mechanism', SASL_MECHANISMS);
    if (choice.mechanism === 'OAUTHBEARER') {
      const tokenEndpointUrl = await input(io, 'OAuth token endpoint URL', { validate: (v) => (/^https?:\/\/\S+$/.test(v) ? true : 'an http(s) URL') });
      const clientId = await input(io, 'OAuth client id', { validate: (v) => (v ? true : 'a client id is needed') });
      const clientSecret = await password(io, 'OAuth client secret');
      const scope = await input(io, 'OAuth scope (empty = none)');
      choice.oauth = { tokenEndpointUrl, clientId, clientSecret, ...(scope ? { scope } : {}) };
    } else {
      choice.username = await input(io, 'SASL username', { validate: (v) => (v ? true : 'a username is needed') });
      choice.password = await password(io, 'SASL password');
    }
  }
  if (choice.protocol === 'SSL' || choice.protocol === 'SASL_SSL') {
    const ca = await input(io, 'CA certificate (PEM file, or JKS/PKCS12 truststore; empty = the system CAs)', { validate: (v) => (!v || existsSync(v) ? true : `no file ${v}`) });
    if (ca) {
      choice.caLocation = ca;
      if (storeTypeOfFile(ca) !== 'PEM') choice.truststorePassword = await password(io, 'Truststore password');
    }
    if (choice.protocol === 'SSL') {
      const keystore = await input(io, 'Client keystore for mutual TLS (JKS, PKCS12 or PEM file; empty = none)', { validate: (v) => (!v || existsSync(v) ? true : `no file ${v}`) });
      if (keystore) {
        choice.keystoreLocation = keystore;
        if (storeTypeOfFile(keystore) !== 'PEM') choice.keystorePassword = await password(io, 'Keystore password');
      }
    }
    choice.verifyHostname = await confirm(io, 'Verify the broker host names against their certificates?', true);
  }
  const profile: Profile = { bootstrapServers: splitServers([servers]) };
  const properties = securityProperties(choice);
  if (Object.keys(properties).length) profile.properties = properties;
  if (await confirm(io, 'Test the connection now?', true)) {
    try {
      await writeOut(io.stderr, `Connected: ${await probe(profile)}.\n`);
    } catch (err) {
      await writeOut(io.stderr, `Could not connect: ${err instanceof Error ? err.message : String(err)}${isCliError(err) && err.hint ? ` — ${err.hint}` : ''}\n`);
      if (!(await confirm(io, 'Save the profile anyway?', false))) {
        await writeOut(io.stderr, 'Nothing saved.\n');
        return 1;
      }
    }
  }
  const makeCurrent = await confirm(io, `Make '${name}' the current profile?`, true);
  await storeProfile(io, file, name, profile, makeCurrent);
  return 0;
}

