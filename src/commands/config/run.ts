import { alreadyExists, notFound, usage } from '../../core/errors.js';
import { loadProfiles, profilesPath, saveProfiles, type Profile, type ProfilesFile } from '../../core/profiles.js';
import { storeProfile } from './store.js';
import { writeOut, type IO } from '../../render/io.js';
import { renderCsv, renderJson, renderTable, type Column } from '../../render/print.js';
import { runInitWizard, type Probe } from './init.js';
import type { ConfigOptions } from './options.js';
import { maskSecrets } from './security-properties.js';

export async function runConfig(o: ConfigOptions, io: IO, probe: Probe): Promise<number> {
  const file = loadProfiles(io.env);
  switch (o.action) {
    case 'init':
      return runInitWizard(io, file, probe);
    case 'add':
      return add(o, io, file);
    case 'use':
      return use(o, io, file);
    case 'list':
      return list(o, io, file);
    case 'show':
      return show(o, io, file);
    case 'current':
      return current(io, file);
    case 'delete':
      return remove(o, io, file);
  }
}

function requireName(o: ConfigOptions): string {
  if (!o.name) throw usage(`kafka config ${o.action} needs a profile name`, `e.g. kafka config ${o.action} prod`);
  return o.name;
}

function existing(file: ProfilesFile, name: string, io: IO): Profile {
  const profile = file.profiles[name];
  if (!profile) throw notFound(`no profile named '${name}'`, `known: ${Object.keys(file.profiles).join(', ') || 'none'} (${profilesPath(io.env)})`);
  return profile;
}

async function add(o: ConfigOptions, io: IO, file: ProfilesFile): Promise<number> {
  const name = requireName(o);
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw usage(`invalid profile name '${name}'`, 'use letters, digits, dot, dash and underscore');
  if (file.profiles[name] && !o.overwrite) throw alreadyExists(`profile '${name}' already exists`, 'pass --overwrite to replace it, or delete it first');
  await storeProfile(io, file, name, o.profile!, o.use);
  return 0;
}

async function use(o: ConfigOptions, io: IO, file: ProfilesFile): Promise<number> {
  const name = requireName(o);
  existing(file, name, io);
  file.currentProfile = name;
  saveProfiles(io.env, file);
  await writeOut(io.stderr, `Switched to profile '${name}'.\n`);
  return 0;
}

interface ProfileRow {
  name: string;
  current: boolean;
  bootstrapServers: string;
  security: string;
}

const COLUMNS: Column<ProfileRow>[] = [
  { header: 'CURRENT', value: (r) => (r.current ? '*' : '') },
  { header: 'NAME', value: (r) => r.name },
  { header: 'BOOTSTRAP SERVERS', value: (r) => r.bootstrapServers },
  { header: 'SECURITY', value: (r) => r.security },
];

async function list(o: ConfigOptions, io: IO, file: ProfilesFile): Promise<number> {
  const rows: ProfileRow[] = Object.entries(file.profiles)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, p]) => ({
      name,
      current: name === file.currentProfile,
      bootstrapServers: p.bootstrapServers.join(','),
      security: [p.properties?.['security.protocol'] ?? (p.commandConfig ? 'from command-config' : 'PLAINTEXT'), p.properties?.['sasl.mechanism']].filter(Boolean).join(' '),
    }));
  if (o.output === 'json') await writeOut(io.stdout, renderJson({ path: profilesPath(io.env), currentProfile: file.currentProfile ?? null, profiles: rows }));
  else if (rows.length === 0) await writeOut(io.stderr, `No profiles in ${profilesPath(io.env)} — add one with \`kafka config add NAME --bootstrap-server HOST:PORT\` or \`kafka config init\`.\n`);
  else await writeOut(io.stdout, o.output === 'csv' ? renderCsv(COLUMNS, rows) : await renderTable(io, COLUMNS, rows));
  return 0;
}

async function show(o: ConfigOptions, io: IO, file: ProfilesFile): Promise<number> {
  const name = o.name ?? file.currentProfile;
  if (!name) throw notFound('no current profile', 'name one (kafka config show NAME) or pick one with `kafka config use NAME`');
  const profile = existing(file, name, io);
  const properties = o.showSecrets ? (profile.properties ?? {}) : maskSecrets(profile.properties ?? {});
  if (o.output === 'json') {
    await writeOut(io.stdout, renderJson({ name, current: name === file.currentProfile, ...profile, properties }));
    return 0;
  }
  const lines = [`name: ${name}${name === file.currentProfile ? ' (current)' : ''}`, `bootstrap-servers: ${profile.bootstrapServers.join(',')}`];
  if (profile.commandConfig) lines.push(`command-config: ${profile.commandConfig}`);
  for (const [key, value] of Object.entries(properties)) lines.push(`${key}=${value}`);
  await writeOut(io.stdout, lines.join('\n') + '\n');
  return 0;
}

async function current(io: IO, file: ProfilesFile): Promise<number> {
  if (!file.currentProfile) throw notFound('no current profile', 'pick one with `kafka config use NAME`');
  await writeOut(io.stdout, `${file.currentProfile}\n`);
  return 0;
}

async function remove(o: ConfigOptions, io: IO, file: ProfilesFile): Promise<number> {
  const name = requireName(o);
  existing(file, name, io);
  delete file.profiles[name];
  if (file.currentProfile === name) delete file.currentProfile;
  saveProfiles(io.env, file);
  await writeOut(io.stderr, `Deleted profile '${name}'.\n`);
  return 0;
}
