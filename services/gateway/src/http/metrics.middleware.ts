import type { FastifyInstance } from 'fastify';
import { httpRequestDuration, httpRequests } from '@banat/metrics';

/**
 * Counts and times every HTTP answer (`banat_http_requests_total`, `_duration_seconds`) by method,
 * route template (`/api/v1/organisations/:id`, never the raw path: ids would explode the series)
 * and status. Requests no route matched are `unmatched` (404).
 */
export function useHttpMetrics(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    countAnswer(request.method, request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched'), reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

/** Counts and times one answer (also those to requests fastify refuses before any route: app.ts). */
export function countAnswer(method: string, route: string, status: number, seconds: number): void {
  const labels = { method, route, status: String(status) };
  httpRequests.inc(labels);
  httpRequestDuration.observe(labels, seconds);
}
