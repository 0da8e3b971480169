import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { KafkaClient } from '../../core/client.js';
import { usage } from '../../core/errors.js';
import { writeOut, type IO } from '../../render/io.js';
import { PROMETHEUS_CONTENT_TYPE } from '../../render/prometheus.js';
import { groupLag } from './lag.js';
import type { ConsumerGroupsOptions } from './options.js';
import { consumerGroupIds } from './listing.js';
import { lagMetricsText } from './run.js';

/**
 * A lag exporter: /metrics reads the cluster on a scrape (at most once per --min-interval; scrapes
 * that arrive meanwhile share one reading), over the one connection of this process, and keeps
 * only the last text. A failed reading answers 503 (Prometheus records the scrape as down) and
 * /healthz says why. SIGTERM or Ctrl-C closes the listener and ends with 0.
 */
export async function serveMetrics(o: ConsumerGroupsOptions, client: KafkaClient, io: IO): Promise<number> {
  const { host, port, minRefreshMs } = o.serve!;
  let last: { at: number; text: string } | null = null;
  let reading: Promise<string> | null = null;
  let failure: string | null = null;

  const read = async (): Promise<string> => {
    const ids = o.groups.length ? [...new Set(o.groups)].sort() : await consumerGroupIds(client);
    // A named group that does not exist (yet) has no series rather than failing every scrape.
    const groups = ids.length ? (await client.groups.describe(ids)).filter((g) => g.state !== 'Dead').sort((a, b) => (a.groupId < b.groupId ? -1 : 1)) : [];
    const lags = [];
    for (const g of groups) lags.push(await groupLag(client, g));
    return lagMetricsText(client, lags);
  };
  const metrics = async (): Promise<string> => {
    if (last && Date.now() - last.at < minRefreshMs) return last.text;
    reading ??= read()
      .then((text) => {
        last = { at: Date.now(), text };
        if (failure !== null) void writeOut(io.stderr, 'metrics: the cluster answers again\n');
        failure = null;
        return text;
      })
      .catch((err: Error) => {
        if (failure !== err.message) void writeOut(io.stderr, `metrics: cannot read the cluster: ${err.message}\n`);
        failure = err.message;
        throw err;
      })
      .finally(() => (reading = null));
    return reading;
  };

  // The first reading before listening: a wrong address or credentials end the command with their own error.
  await metrics();

  const answer = (res: ServerResponse, status: number, type: string, body: string, head: boolean) => {
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
    res.end(head ? undefined : body);
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) return answer(res, 405, 'text/plain', 'only GET and HEAD\n', false);
    if (path === '/metrics') {
      try {
        return answer(res, 200, PROMETHEUS_CONTENT_TYPE, await metrics(), head);
      } catch (err) {
        return answer(res, 503, 'text/plain', `cannot read the cluster: ${(err as Error).message}\n`, head);
      }
    }
    if (path === '/healthz') return failure === null ? answer(res, 200, 'text/plain', 'ok\n', head) : answer(res, 503, 'text/plain', `cannot read the cluster: ${failure}\n`, head);
    if (path === '/') return answer(res, 200, 'text/html', '<html><body><a href="/metrics">metrics</a> <a href="/healthz">healthz</a></body></html>\n', head);
    return answer(res, 404, 'text/plain', 'not found: try /metrics or /healthz\n', head);
  };

  const server = createServer((req, res) => void handle(req, res));
  server.maxConnections = 64;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(usage(`cannot serve metrics on ${host}:${port}: ${err.code === 'EADDRINUSE' ? 'the port is in use' : err.code === 'EADDRNOTAVAIL' ? 'no such local address' : err.code ?? err.message}`, 'pick another address with --serve [HOST:]PORT')),
    );
    server.listen(port, host, () => resolve());
  });
  const bound = server.address();
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const boundPort = typeof bound === 'object' && bound ? bound.port : port;
  const which = o.groups.length ? `group${o.groups.length > 1 ? 's' : ''} ${o.groups.join(', ')}` : 'all consumer groups';
  await writeOut(io.stderr, `Serving lag metrics of ${which} at http://${shownHost}:${boundPort}/metrics (Ctrl-C to stop)\n`);

  await new Promise<void>((resolve) => {
    if (io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return 0;
}
