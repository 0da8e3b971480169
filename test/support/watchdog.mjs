// Stops a test cluster when the test run that started it dies without its teardown (killed,
// crashed): otherwise its broker JVMs would run on. Usage: node watchdog.mjs <pid> <state dir>.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const [pid, stateDir] = [Number(process.argv[2]), process.argv[3]];
const alive = (p) => {
  try {
    process.kill(p, 0);
    return true;
  } catch {
    return false;
  }
};

const timer = setInterval(() => {
  if (alive(pid)) return;
  clearInterval(timer);
  const state = join(stateDir, 'cluster.json');
  if (existsSync(state)) {
    const cluster = JSON.parse(readFileSync(state, 'utf8'));
    for (const server of [...cluster.nodes, cluster.zookeeper ?? {}]) if (server.pid && alive(server.pid)) process.kill(server.pid, 'SIGKILL');
  }
  rmSync(stateDir, { recursive: true, force: true });
}, 1000);
