import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The platform's Prometheus metrics (prom-client), one registry per process. Every name is listed
 * with its labels in deploy/README.md (Metrics); a process serves them on its metrics listener
 * (libs/messaging metrics-listener.ts), never on the gateway's public port.
 */
export const metricsRegistry = new Registry();

let defaultsCollected = false;
/** Node.js process metrics (CPU, memory, event loop lag, GC), added once per process. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics({ register: metricsRegistry });
}

/** Seconds: from 1 ms (an RPC answered from memory) to 10 s (a timed-out command). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const registers = [metricsRegistry];

// --- HTTP (gateway) ---
export const httpRequests = new Counter({
  name: 'banat_http_requests_total',
  help: 'HTTP requests answered by the gateway, by method, route template and status code',
  labelNames: ['method', 'route', 'status'] as const,
  registers,
});
export const httpRequestDuration = new Histogram({
  name: 'banat_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method, route template and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: LATENCY_BUCKETS,
  registers,
});

// --- RPC (each service's handlers; the gateway's calls to them) ---
export const rpcRequests = new Counter({
  name: 'banat_rpc_requests_total',
  help: 'RPC requests answered by a service, by service, pattern (subject) and code (OK or the coded error)',
  labelNames: ['service', 'pattern', 'code'] as const,
  registers,
});
export const rpcRequestDuration = new Histogram({
  name: 'banat_rpc_request_duration_seconds',
  help: 'Time from receiving an RPC request to sending its answer, by service, pattern and code',
  labelNames: ['service', 'pattern', 'code'] as const,
  buckets: LATENCY_BUCKETS,
  registers,
});
export const rpcClientRequests = new Counter({
  name: 'banat_rpc_client_requests_total',
  help: "RPC requests sent by the gateway, by target service, pattern and code (OK, the service's coded error, or UNAVAILABLE when none answered)",
  labelNames: ['service', 'pattern', 'code'] as const,
  registers,
});
export const rpcClientDuration = new Histogram({
  name: 'banat_rpc_client_request_duration_seconds',
  help: 'Round trip of an RPC request sent by the gateway, by target service, pattern and code',
  labelNames: ['service', 'pattern', 'code'] as const,
  buckets: LATENCY_BUCKETS,
  registers,
});

// --- Event store (certification history) ---
export const eventStoreAppends = new Counter({
  name: 'banat_event_store_appends_total',
  help: 'Appends to the event store, by store (jetstream, esdb, memory) and outcome (written, duplicate, conflict, error)',
  labelNames: ['store', 'outcome'] as const,
  registers,
});
export const eventStoreAppendDuration = new Histogram({
  name: 'banat_event_store_append_duration_seconds',
  help: 'Time of an append to the event store (retries included), by store and outcome',
  labelNames: ['store', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers,
});
export const eventStoreConflicts = new Counter({
  name: 'banat_event_store_conflicts_total',
  help: "Concurrency conflicts at append, by store and kind: expected_revision (the caller's revision was stale: the append failed) or concurrent_write (another writer went first: retried)",
  labelNames: ['store', 'kind'] as const,
  registers,
});

// --- Projections ---
export const projectionEventsApplied = new Counter({
  name: 'banat_projection_events_applied_total',
  help: 'Events applied by a projection in this process',
  labelNames: ['projection'] as const,
  registers,
});

export const projectionBatchesWritten = new Counter({
  name: 'banat_projection_batches_total',
  help: 'Batches a batched projection wrote in this process (events per batch: events applied / batches)',
  labelNames: ['projection'] as const,
  registers,
});

export const projectionDocumentsWritten = new Counter({
  name: 'banat_projection_documents_written_total',
  help: 'Read-model documents a batched projection inserted or replaced in this process',
  labelNames: ['projection'] as const,
  registers,
});

export const projectionCheckpointSaves = new Counter({
  name: 'banat_projection_checkpoint_saves_total',
  help: 'Checkpoint writes of a projection in this process',
  labelNames: ['projection'] as const,
  registers,
});

/**
 * One read shared by the gauges a scrape collects together: prom-client starts every metric's
 * collect at once, so a read still in flight is reused, and the next scrape reads anew.
 */
function sharedRead<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => {
    if (!inFlight) {
      const current = read();
      inFlight = current;
      const done = () => {
        if (inFlight === current) inFlight = undefined;
      };
      current.then(done, done);
    }
    return inFlight;
  };
}

/** What a running projector tells the scrape: its position, the history's head and the events between. */
export interface ProjectionGaugeSource {
  readonly name: string;
  status(): Promise<{ position: number; head: number; lag: number; state: string }>;
}
const projectionSources = new Set<ProjectionGaugeSource>();
/** Registers a running projector for the position/lag gauges; the returned function unregisters it. */
export function watchProjection(source: ProjectionGaugeSource): () => void {
  projectionSources.add(source);
  return () => projectionSources.delete(source);
}
const projectionStatuses = sharedRead(async () => {
  const results = await Promise.allSettled([...projectionSources].map(async (s) => ({ name: s.name, status: await s.status() })));
  return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
});
/** A gauge per projection, set at scrape time from its status. */
const projectionGauge = (name: string, help: string, value: (status: Awaited<ReturnType<ProjectionGaugeSource['status']>>) => number) =>
  new Gauge({
    name,
    help,
    labelNames: ['projection'] as const,
    registers,
    async collect() {
      const statuses = await projectionStatuses();
      this.reset();
      for (const { name: projection, status } of statuses) this.set({ projection }, value(status));
    },
  });
export const projectionPosition = projectionGauge('banat_projection_position', 'Position (in the history) of the last event a projection applied', (s) => s.position);
export const projectionHead = projectionGauge('banat_projection_head_position', "Position of the history's last event, as seen by a projection at scrape time", (s) => s.head);
export const projectionLag = projectionGauge('banat_projection_lag_events', 'Events in the history a projection has not applied yet (counted up to 10,000)', (s) => s.lag);
export const projectionRunning = projectionGauge('banat_projection_running', '1 while a projection runs, 0 when stopped or halted on a poison event', (s) => (s.state === 'running' ? 1 : 0));

// --- Public events (BANAT_PUBLIC) ---
export const publicEventsPublished = new Counter({
  name: 'banat_public_events_published_total',
  help: 'Public events published on BANAT_PUBLIC, by service, CloudEvents type and outcome (stored, duplicate: the stream already had this id)',
  labelNames: ['service', 'type', 'outcome'] as const,
  registers,
});

// --- Durable consumers of public events (network, exhibition) ---
export const consumerMessages = new Counter({
  name: 'banat_consumer_messages_total',
  help: 'Messages handled by a durable consumer, by consumer and outcome (ack, retry_outage, retry, poison)',
  labelNames: ['consumer', 'outcome'] as const,
  registers,
});

/** A durable consumer's server-side counts, read at scrape time. */
export interface ConsumerGaugeSource {
  readonly name: string;
  info(): Promise<{ num_pending: number; num_ack_pending: number }>;
}
const consumerSources = new Set<ConsumerGaugeSource>();
export function watchConsumer(source: ConsumerGaugeSource): () => void {
  consumerSources.add(source);
  return () => consumerSources.delete(source);
}
const consumerInfos = sharedRead(async () => {
  const results = await Promise.allSettled([...consumerSources].map(async (s) => ({ name: s.name, info: await s.info() })));
  return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
});
const consumerGauge = (name: string, help: string, value: (info: Awaited<ReturnType<ConsumerGaugeSource['info']>>) => number) =>
  new Gauge({
    name,
    help,
    labelNames: ['consumer'] as const,
    registers,
    async collect() {
      const infos = await consumerInfos();
      this.reset();
      for (const { name: consumer, info } of infos) this.set({ consumer }, value(info));
    },
  });
export const consumerPending = consumerGauge('banat_consumer_pending_messages', 'Messages in the stream a durable consumer has not been delivered yet (its lag), from the server at scrape time', (i) => i.num_pending);
export const consumerAckPending = consumerGauge('banat_consumer_ack_pending_messages', 'Messages delivered to a durable consumer and not acknowledged yet', (i) => i.num_ack_pending);

/** Seconds since `start` (process.hrtime.bigint()). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
