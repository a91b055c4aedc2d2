import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The API's helmet options: its headers on every answer (the web pages and the API's docs add a Content-Security-Policy of their own). */
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

/** The headers helmet sets with these options, by lower-case name (also written on what fastify refuses before any hook: app.ts). */
export const secureHeaders = (options: Readonly<HelmetOptions> = API_HELMET): Record<string, string> =>
  Object.fromEntries(helmetHeaders(options).set.map(([name, value]) => [name.toLowerCase(), value]));

/**
 * helmet's headers on every answer, set as the constant list they are, on the reply: running helmet's middleware chain for
 * every request (eleven middlewares setting each header on the raw response, and a `removeHeader` of `X-Powered-By` that
 * deletes a key of the response's header map, which turns it slow) was a seventh of the gateway's work on `/health`. On the
 * reply, fastify writes them with its own in one `writeHead` (nothing set on the raw response: Node's quick path). Fastify
 * sends no X-Powered-By and computes no ETag; the routes that revalidate set their own. The web pages, which bypass the
 * reply, copy its headers (pages-on-fastify.ts).
 */
export function useSecureHeaders(fastify: FastifyInstance, options: Readonly<HelmetOptions> = API_HELMET): void {
  const headers = secureHeaders(options);
  fastify.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}

/**
 * The `<style>` Swagger UI itself renders at run time (its logo's colours, in swagger-ui-dist's
 * swagger-ui-standalone-preset.js; secure-headers.unit.spec.ts checks it is still there): allowed by its hash too.
 */
export const SWAGGER_UI_RUNTIME_STYLES: readonly string[] = ['.logo_small_svg__cls-2{fill:#fff}.logo_small_svg__cls-3{fill:#85ea2d}'];

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The Content-Security-Policy of an API docs page (Swagger UI): its scripts are the files the gateway serves beside it
 * (no inline script at all: swagger-ui-init.js carries the document), its inline `<style>` elements and `style`
 * attributes (the page's own few, and the one Swagger UI renders) allowed by their hashes, images from the gateway and `data:` (the stylesheet's icons),
 * requests ("Try it out") to the gateway only, never framed.
 */
export function docsSecurityPolicy(html: string): string {
  const inline = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
  const elements = [...new Set([...inline, ...SWAGGER_UI_RUNTIME_STYLES].map(sha256))];
  const attributes = [...new Set([...html.matchAll(/\sstyle="([^"]*)"/g)].map((m) => sha256(m[1]!)))];
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' ${elements.join(' ')}`.trimEnd(),
    attributes.length ? `style-src-attr 'unsafe-hashes' ${attributes.join(' ')}` : "style-src-attr 'none'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The Content-Security-Policy of the printable indicators report (HTML the reporting service renders, served by the API and the
 * secretariat's pages): its own `<style>` allowed by its hash, no script, nothing loaded from elsewhere, never framed.
 */
export function printableReportPolicy(html: string): string {
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => sha256(m[1]!));
  return `default-src 'none'; style-src ${styles.join(' ') || "'none'"}; img-src 'self'; script-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;
}

/**
 * The API's docs (Swagger UI at `<prefix>`, its files below it) get a Content-Security-Policy of their own (the rest of the
 * API answers JSON and sets none): the page's, computed once from the HTML it is (docsSecurityPolicy), and the same without
 * hashes on its files.
 */
export function useDocsSecurityPolicy(fastify: FastifyInstance, prefix: string): void {
  const base = `/${prefix.replace(/^\/+|\/+$/g, '')}`.toLowerCase();
  const underDocs = (url: string) => {
    const path = url.split('?', 1)[0]!.toLowerCase();
    return path === base || path.startsWith(`${base}/`);
  };
  let known: { html: string; policy: string } | undefined;
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (!underDocs(request.url)) return done(null, payload);
    const html = typeof payload === 'string' && /^text\/html/.test(String(reply.getHeader('content-type') ?? '')) ? payload : '';
    if (known?.html !== html) known = { html, policy: docsSecurityPolicy(html) };
    reply.header('content-security-policy', known.policy);
    done(null, payload);
  });
}
