import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The API's helmet options: its headers on every answer (the web pages add a Content-Security-Policy of their own). */
export const API_HELMET: Readonly<HelmetOptions> = { contentSecurityPolicy: false };

/**
 * The headers helmet sets with these options, learned once by running it on a response that records them (they depend on
 * nothing in the request), and the ones it removes.
 */
export function helmetHeaders(options: Readonly<HelmetOptions>): { set: [string, string][]; removed: string[] } {
  const set = new Map<string, string>();
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => set.set(name, String(value)),
    removeHeader: (name: string) => (set.delete(name), removed.push(name)),
    getHeader: (name: string) => set.get(name),
  };
  let called = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    called = true;
  });
  // helmet's middleware is synchronous: headers learned after a later turn would be missing.
  if (!called) throw new Error('helmet did not finish synchronously: its headers cannot be learned once');
  return { set: [...set], removed };
}

/**
 * helmet's headers on every answer, set as the constant list they are, on the reply: running helmet's middleware chain for
 * every request (eleven middlewares setting each header on the raw response, and a `removeHeader` of `X-Powered-By` that
 * deletes a key of the response's header map, which turns it slow) was a seventh of the gateway's work on `/health`. On the
 * reply, fastify writes them with its own in one `writeHead` (nothing set on the raw response: Node's quick path). Fastify
 * sends no X-Powered-By and computes no ETag; the routes that revalidate set their own. The web pages, which bypass the
 * reply, copy its headers (pages-on-fastify.ts).
 */
export function useSecureHeaders(fastify: FastifyInstance, options: Readonly<HelmetOptions> = API_HELMET): void {
  const headers = Object.fromEntries(helmetHeaders(options).set.map(([name, value]) => [name.toLowerCase(), value]));
  fastify.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}
