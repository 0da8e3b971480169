import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { usage } from './errors.js';

/** A named cluster, like a kafkactl context or an rpk profile. */
export interface Profile {
  bootstrapServers: string[];
  /** A Kafka client.properties file (SASL/TLS settings). */
  commandConfig?: string;
  /** Client properties inline; they win over commandConfig. */
  properties?: Record<string, string>;
}

export interface ProfilesFile {
  currentProfile?: string;
  profiles: Record<string, Profile>;
}

type Env = Readonly<Record<string, string | undefined>>;

export function profilesPath(env: Env): string {
  if (env.KAFKA_CLI_CONFIG) return env.KAFKA_CLI_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'kafka-cli', 'config.json');
}

export function loadProfiles(env: Env): ProfilesFile {
  const path = profilesPath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { profiles: {} };
  }
  try {
    const parsed = JSON.parse(text) as ProfilesFile;
    return { currentProfile: parsed.currentProfile, profiles: parsed.profiles ?? {} };
  } catch (err) {
    throw usage(`config file ${path} is not valid JSON: ${(err as Error).message}`, 'fix or remove it');
  }
}

/** `--profile` wins over KAFKA_CLI_PROFILE, which wins over the file's current profile. */
export function activeProfile(flag: string | undefined, env: Env): { name: string; profile: Profile } | null {
  const file = loadProfiles(env);
  const name = flag ?? env.KAFKA_CLI_PROFILE ?? file.currentProfile;
  if (!name) return null;
  const profile = file.profiles[name];
  if (!profile) {
    if (flag === undefined && env.KAFKA_CLI_PROFILE === undefined) return null;
    throw usage(`unknown profile '${name}'`, `known profiles: ${Object.keys(file.profiles).join(', ') || 'none'} (${profilesPath(env)})`);
  }
  return { name, profile };
}

/** Writes the whole file atomically, readable by its owner only (it may hold SASL passwords). */
export function saveProfiles(env: Env, file: ProfilesFile): string {
  const path = profilesPath(env);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  return path;
}
