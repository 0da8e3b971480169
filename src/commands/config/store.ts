import { resolveConnection } from '../../core/connection.js';
import { saveProfiles, type Profile, type ProfilesFile } from '../../core/profiles.js';
import { writeOut, type IO } from '../../render/io.js';

/** A profile is checked as it will be used: servers parsed, security properties mapped, files read. */
export function validateProfile(name: string, profile: Profile): void {
  resolveConnection({}, {}, { name, profile });
}

/** Adds (or replaces) a profile and saves the file; shared by `add` and the wizard. */
export async function storeProfile(io: IO, file: ProfilesFile, name: string, profile: Profile, makeCurrent: boolean): Promise<void> {
  validateProfile(name, profile);
  file.profiles[name] = profile;
  if (makeCurrent || !file.currentProfile) file.currentProfile = name;
  const path = saveProfiles(io.env, file);
  const currentNote = file.currentProfile === name ? ' (current)' : '';
  await writeOut(io.stderr, `Saved profile '${name}'${currentNote} to ${path}.\n`);
}

