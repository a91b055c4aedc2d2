import type { FastifyInstance } from 'fastify';
import { httpRequestDuration, httpRequests } from '@banat/metrics';

/**
 * Counts and times every HTTP answer (`banat_http_requests_total`, `_duration_seconds`) by method,
 * route template (`/api/v1/organisations/:id`, never the raw path: ids would explode the series)
 * and status. Requests no route matched are `unmatched` (404).
 */
export function useHttpMetrics(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched');
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    httpRequests.inc(labels);
    httpRequestDuration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
}
