import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A cluster started by this process is stopped by a watchdog if the process dies before its teardown. */
export function watchCluster(stateDir: string): { stop(): void } {
  const watchdog = spawn(process.execPath, [fileURLToPath(new URL('./watchdog.mjs', import.meta.url)), String(process.pid), stateDir], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  return { stop: () => void watchdog.kill() };
}
