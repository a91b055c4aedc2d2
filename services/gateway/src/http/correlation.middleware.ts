import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { acceptCorrelationId, CORRELATION_HEADER, RequestContext, requestContext } from '@banat/messaging';

const CONTEXT = Symbol('banat.requestContext');
type WithContext = FastifyRequest & { [CONTEXT]?: RequestContext };

/** Takes (or makes) the request's correlation id, echoes it, and runs `next` in its context (also for what fastify refuses before any hook: app.ts). */
export function enterCorrelation(req: WithContext, reply: FastifyReply, next: () => void): void {
  const correlationId = acceptCorrelationId(req.headers[CORRELATION_HEADER]);
  // On the reply, written with its other headers in one go (the web pages, which bypass the reply, copy them: pages-on-fastify.ts).
  reply.header(CORRELATION_HEADER, correlationId);
  const ctx: RequestContext = { correlationId, request: { method: req.method, url: req.url } };
  req[CONTEXT] = ctx;
  requestContext.run(ctx, next);
}

/**
 * Takes (or makes) the correlation id, echoes it, and keeps it (with the request's method and URL) for the request's logs and NATS calls.
 * The context is entered when the request arrives and again once its body is read (reading it leaves the async context),
 * so guards, pipes, handlers, the error filter and the web pages all see it.
 */
export function useCorrelation(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', enterCorrelation);
  fastify.addHook('preHandler', (req: WithContext, _reply, done) => {
    const ctx = req[CONTEXT];
    // A request without a body (a GET) gets here in the context it entered on arrival: entering it again is work for nothing.
    if (ctx && requestContext.getStore() !== ctx) requestContext.run(ctx, done);
    else done();
  });
}
