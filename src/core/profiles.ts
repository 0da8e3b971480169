import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { makeDirectory } from './directories.js';
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
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { profiles: {} };
    throw usage(`config file ${path} cannot be read (${code})`, 'fix or remove it, or point KAFKA_CLI_CONFIG at another file');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw usage(`config file ${path} is not valid JSON: ${(err as Error).message}`, 'fix or remove it');
  }
  const wrong = shapeProblem(parsed);
  if (wrong) throw usage(`config file ${path} is not a kafka-cli config: ${wrong}`, 'fix or remove it');
  const file = parsed as ProfilesFile;
  return { currentProfile: file.currentProfile, profiles: file.profiles ?? {} };
}

/** What is wrong with a parsed config file, or null: a file of another shape is never read as empty. */
function shapeProblem(parsed: unknown): string | null {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(parsed)) return 'it is not a JSON object';
  if (parsed.currentProfile !== undefined && typeof parsed.currentProfile !== 'string') return '"currentProfile" is not a string';
  if (parsed.profiles === undefined) return null;
  if (!isObject(parsed.profiles)) return '"profiles" is not an object';
  for (const [name, profile] of Object.entries(parsed.profiles)) {
    if (!isObject(profile)) return `profile '${name}' is not an object`;
    if (!Array.isArray(profile.bootstrapServers) || !profile.bootstrapServers.every((s) => typeof s === 'string')) return `profile '${name}' has no "bootstrapServers" list`;
    if (profile.commandConfig !== undefined && typeof profile.commandConfig !== 'string') return `profile '${name}': "commandConfig" is not a string`;
    if (profile.properties !== undefined && (!isObject(profile.properties) || !Object.values(profile.properties).every((v) => typeof v === 'string'))) return `profile '${name}': "properties" is not an object of strings`;
  }
  return null;
}

/** `--profile` wins over KAFKA_CLI_PROFILE, which wins over the file's current profile. */
export function activeProfile(flag: string | undefined, env: Env): { name: string; profile: Profile } | null {
  const file = loadProfiles(env);
  const name = flag ?? env.KAFKA_CLI_PROFILE ?? file.currentProfile;
  if (!name) return null;
  const profile = Object.hasOwn(file.profiles, name) ? file.profiles[name] : undefined;
  if (!profile) {
    const known = `known profiles: ${Object.keys(file.profiles).join(', ') || 'none'} (${profilesPath(env)})`;
    if (flag !== undefined || env.KAFKA_CLI_PROFILE !== undefined) throw usage(`unknown profile '${name}'`, known);
    throw usage(`the config file's current profile '${name}' does not exist`, `${known}; pick one with \`kafka config use NAME\``);
  }
  return { name, profile };
}

/** Writes the whole file atomically, readable by its owner only (it may hold SASL passwords). */
export function saveProfiles(env: Env, file: ProfilesFile): string {
  const path = profilesPath(env);
  makeDirectory(dirname(path), 'the config directory', 0o700);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  return path;
}
