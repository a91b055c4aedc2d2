import type { NextFunction, Request, Response } from 'express';
import { httpRequestDuration, httpRequests, secondsSince } from '@banat/metrics';

/**
 * Counts and times every HTTP answer (`banat_http_requests_total`, `_duration_seconds`) by method,
 * route template (`/api/v1/organisations/:id`, never the raw path: ids would explode the series)
 * and status. Requests no route matched are `unmatched` (404) or `static` (the docs' files).
 */
export function httpMetricsMiddleware(request: Request, response: Response, next: NextFunction): void {
  const start = process.hrtime.bigint();
  response.once('finish', () => {
    const template = (request.route as { path?: unknown } | undefined)?.path;
    const route = typeof template === 'string' ? `${request.baseUrl}${template}` : response.statusCode === 404 ? 'unmatched' : 'static';
    const labels = { method: request.method, route, status: String(response.statusCode) };
    httpRequests.inc(labels);
    httpRequestDuration.observe(labels, secondsSince(start));
  });
  next();
}
