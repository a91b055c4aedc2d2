import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { RunningPlatform, startPlatform } from '@banat/testing';

/** `npm start` with METRICS_PORT: each process its own Prometheus listener, from that port on, in the launcher's order. */
const ORDER = ['registry', 'certification', 'network', 'events', 'exhibition', 'gateway'] as const;

const CONSUMERS: Partial<Record<(typeof ORDER)[number], string[]>> = { network: ['network-directory', 'network-brand-holders'], exhibition: ['exhibition-booths'] };

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** The kernel's range for the local ports of outgoing connections (Linux), where a listener picked early can be taken. */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low! > 0 && high! >= low!) return [low!, high!];
  } catch {
    // not Linux: the IANA dynamic range
  }
  return [49152, 65535];
}

/**
 * A first port with the `count - 1` after it free too, below the ephemeral range: the platform takes a minute to
 * start, and meanwhile its processes' own connections (to nats-server, FerretDB, PostgreSQL) get local ports from that
 * range. One of them held the gateway's port, picked by the kernel from the same range, and the gateway failed with
 * EADDRINUSE on every restart (a CI run).
 */
async function consecutiveFreePorts(count: number): Promise<number> {
  const [low] = ephemeralRange();
  const floor = Math.min(20_000, low - 2_000);
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = floor + Math.floor(Math.random() * (low - floor - count));
    let free = true;
    for (let i = 0; i < count && free; i++) free = await isFree(base + i);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free ports between ${floor} and ${low}`);
}

describe('npm start: a metrics port per process (METRICS_PORT)', () => {
  let platform: RunningPlatform;
  let base: number;

  beforeAll(async () => {
    // The gateway's HTTP port is the one after the metrics ports: picked on its own, it could be one of them (free
    // until that process listened), and the gateway then failed with EADDRINUSE on every restart (a CI run did).
    base = await consecutiveFreePorts(ORDER.length + 1);
    platform = await startPlatform({ natsAuth: true, env: { METRICS_PORT: String(base), PORT: String(base + ORDER.length) } });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it.each(ORDER.map((service, i) => [service, i] as const))('%s serves its own metrics', async (service, i) => {
    // /ready (answered before the platform counted as started) pinged every service through the gateway.
    expect((await fetch(`${platform.baseUrl}/ready`)).status).toBe(200);
    const res = await fetch(`http://127.0.0.1:${base + i}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    if (service === 'gateway') {
      expect(text).toMatch(/^banat_http_requests_total\{method="GET",route="\/ready",status="200"\} [1-9]/m);
      expect(text).toMatch(/^banat_rpc_client_requests_total\{service="registry",pattern="banat\.rpc\.registry\.ping",code="OK"\} [1-9]/m);
    } else {
      expect(text).toMatch(new RegExp(`^banat_rpc_requests_total\\{service="${service}",pattern="banat\\.rpc\\.${service}\\.ping",code="OK"\\} [1-9]`, 'm'));
      // Only its own: no other service's RPC series in this process.
      const others = [...text.matchAll(/^banat_rpc_requests_total\{service="([^"]+)"/gm)].map((m) => m[1]).filter((s) => s !== service);
      expect(others).toEqual([]);
    }
    // Gauges read at scrape time through the deployment's accounts: durable consumers' lag, projections' position.
    for (const consumer of CONSUMERS[service] ?? []) expect(text).toMatch(new RegExp(`^banat_consumer_pending_messages\\{consumer="${consumer}"\\} \\d+`, 'm'));
    if (service === 'certification') expect(text).toMatch(/^banat_projection_running\{projection="certification-register"\} 1$/m);
  });

  it('does not serve /metrics on the public port', async () => {
    expect((await fetch(`${platform.baseUrl}/metrics`)).status).toBe(404);
  });
});
