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
 * helmet's headers on every answer, set as the constant list they are: running helmet's middleware chain for every request
 * (eleven middlewares, and a `removeHeader` of `X-Powered-By` that deletes a key of the response's header map, which turns
 * it slow) was a seventh of the gateway's work on `/health`. Fastify sends no X-Powered-By and computes no ETag; the routes
 * that revalidate set their own.
 */
export function useSecureHeaders(fastify: FastifyInstance, options: Readonly<HelmetOptions> = API_HELMET): void {
  const { set } = helmetHeaders(options);
  fastify.addHook('onRequest', (_req, reply, done) => {
    const res = reply.raw;
    for (let i = 0; i < set.length; i++) res.setHeader(set[i]![0], set[i]![1]);
    done();
  });
}
