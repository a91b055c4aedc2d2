import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { collectProcessMetrics, metricsRegistry } from './metrics';

export interface MetricsListenerOptions {
  port: number;
  host: string;
  /** When set, a scrape must send `Authorization: Bearer <token>` (else 401). */
  token?: string;
}

export interface MetricsListener {
  /** The port it listens on (the given one, or the one the system chose for 0). */
  readonly port: number;
  close(): Promise<void>;
}

function authorised(request: IncomingMessage, token: string | undefined): boolean {
  if (!token) return true;
  const given = Buffer.from(request.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A process's own HTTP listener for Prometheus: `GET /metrics` in the text exposition format, on
 * its own port (never the gateway's public one), optionally behind a bearer token; and `GET /healthz`
 * (200 while the process runs, no token) for container liveness probes.
 */
export async function startMetricsListener(options: MetricsListenerOptions): Promise<MetricsListener> {
  collectProcessMetrics();
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    // Liveness for container probes: the process answers (no token: it tells nothing).
    if (path === '/healthz' && request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics and /healthz are served here\n');
      return;
    }
    if (!authorised(request, options.token)) {
      response.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="metrics"' }).end('a bearer token is required\n');
      return;
    }
    metricsRegistry
      .metrics()
      .then((text) => response.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(request.method === 'HEAD' ? undefined : text))
      .catch((error: Error) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${error.message}\n`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
