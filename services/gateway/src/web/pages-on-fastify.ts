import express, { NextFunction, Request, Response, Router } from 'express';
import { Logger, NotFoundException } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CORRELATION_HEADER, currentContext } from '@banat/messaging';
import { errorAnswer } from '../http/http-exception.filter';

type RouteLayer = { route?: { path: unknown; methods: Record<string, boolean> } };

/** A handler handing a request fastify took to the web pages (express). */
export type ToWebPages = (request: FastifyRequest, reply: FastifyReply) => void;

/**
 * The public web pages stay an express router (cookies, forms, Eta views) behind fastify: each of its
 * routes is a fastify route (so fastify's router, hooks and metrics see it) whose handler hands the raw
 * request and response to express. Express runs for these pages only, and for the paths no route serves
 * that the gateway hands it (app.ts: outside /api/); the handler that does is returned. The router answers
 * those itself (its "not found" page, web-pages.ts); what it leaves is the API's JSON 404.
 */
export function serveWebPages(fastify: FastifyInstance, pages: Router): ToWebPages {
  const site = express();
  site.disable('x-powered-by');
  site.set('etag', false);
  site.use(pages);
  site.use((req: Request, _res: Response, next: NextFunction) => next(new NotFoundException(`Cannot ${req.method} ${req.path}`)));
  // What the router did not answer, or failed on, is answered in the API's error shape.
  const logger = new Logger('http');
  site.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const { status, body } = errorAnswer(error);
    if (status >= 500) logger.error(error instanceof Error ? error.stack : String(error));
    res.status(status).json({ ...body, correlationId: currentContext()?.correlationId ?? res.getHeader(CORRELATION_HEADER) });
  });
  const toSite: ToWebPages = (request, reply) => {
    // The headers set on the reply so far (helmet's, the correlation id, the rate limit's) go on the response express writes.
    const headers = reply.getHeaders();
    for (const name in headers) if (headers[name] !== undefined) reply.raw.setHeader(name, headers[name]);
    reply.hijack();
    site(request.raw as Request, reply.raw as Response);
  };
  const routes = new Set((pages.stack as RouteLayer[]).flatMap((layer) => (layer.route && typeof layer.route.path === 'string' ? Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`) : [])));
  for (const route of routes) {
    const [method, url] = route.split(' ') as [string, string];
    fastify.route({ method, url, handler: toSite });
  }
  return toSite;
}
