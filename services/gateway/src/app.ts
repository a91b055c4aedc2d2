import { HttpException, HttpStatus, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { RpcErrorCodes } from '@banat/contracts';
import { acceptCorrelationId, coalesceNatsWrites, CORRELATION_HEADER, currentContext, FieldValidationPipe, fieldErrors, loadConfig, memoizeValidationMetadata, PlatformConfig, validationOptions } from '@banat/messaging';
import { buildOpenApi } from './docs/openapi';
import { IMAGE_UPLOAD_BODY_LIMIT, IMAGE_UPLOAD_PATH } from './exhibition/exhibitor-pages.controller';
import { GatewayModule } from './gateway.module';
import { CSV_IMPORT_PATH } from './registry/organisations.controller';
import { enterCorrelation, useCorrelation } from './http/correlation.middleware';
import { brokenPath, clientErrorAnswer, errorAnswer, HttpErrorFilter, jsonRequired, overlongPathSegment } from './http/http-exception.filter';
import { parseJsonBody } from './http/json-body';
import { webPages } from './web/web-pages';
import { serveWebPages, ToWebPages } from './web/pages-on-fastify';
import { countAnswer, useHttpMetrics } from './http/metrics.middleware';
import { secureHeaders, useDocsSecurityPolicy, useSecureHeaders } from './http/secure-headers';
import { JsonText } from './rpc/rpc-client.service';

export const API_PREFIX = 'api/v1';

/** '256kb' → bytes (HTTP_BODY_LIMIT's units, 1 kb = 1024 bytes as body-parser counted them). */
const bytes = (limit: string): number => {
  const [, n, unit] = /^(\d+)(b|kb|mb)$/.exec(limit)!;
  return Number(n) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
};

/**
 * The bodies the API reads: JSON (strict: an object or an array; an empty body is `{}`), and on the CSV import the CSV
 * itself as text/csv (read as `{ csv }`), each within its route's limit. A non-empty body of any other type, or of none,
 * is a 415 on the API (read as nothing, it was a 400 listing every field); the web pages' forms reach express unread.
 */
function useBodyParsers(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  // A SyntaxError with status 400 is answered by Nest as a 400 with its message (as body-parser's were).
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    let parsed: unknown;
    try {
      parsed = parseJsonBody(body as string);
    } catch (error) {
      return done(error as SyntaxError, undefined);
    }
    done(null, parsed);
  });
  // Any other body on the API: 415 (an unknown path stays a 404, an empty body of any type is no body).
  const onApi = (req: FastifyRequest) => req.routeOptions.url?.startsWith(`/${API_PREFIX}/`) === true;
  fastify.addContentTypeParser('text/csv', { parseAs: 'string' }, (req, body, done) => {
    if (req.routeOptions.url === CSV_IMPORT_PATH) return done(null, { csv: body });
    done(onApi(req) ? jsonRequired(req.headers['content-type']) : null, undefined);
  });
  fastify.addContentTypeParser('*', (req, _payload, done) => {
    const empty = req.headers['transfer-encoding'] === undefined && (req.headers['content-length'] ?? '0') === '0';
    done(onApi(req) && !empty ? jsonRequired(req.headers['content-type']) : null, undefined);
  });
}

/** `/api` and every path below it (any case, as the router matches): the API's, answered in JSON even where no route serves them. */
const API_PATH = /^\/api(?:[/?#]|$)/i;

/**
 * fastify's adapter, with Nest's not-found handler (set when the application starts; it throws the NotFoundException that
 * HttpErrorFilter answers as the API's JSON 404) kept for the API's paths: a path outside /api/ that no route serves is
 * handed to the web pages once they are served (`webPages`), which answer their own HTML "not found" page to a reader
 * (web-pages.ts says which requests get it; the others still get the API's JSON 404 from there).
 */
class GatewayAdapter extends FastifyAdapter {
  webPages?: ToWebPages;

  override setNotFoundHandler(handler: (request: FastifyRequest, reply: FastifyReply) => unknown) {
    return super.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => (this.webPages && !API_PATH.test(request.url) ? this.webPages(request, reply) : handler(request, reply)));
  }
}

/** The longest path segment (a route parameter) the router reads. */
const MAX_PARAM_LENGTH = 2048;

/**
 * What fastify refuses before any route or hook runs (FST_ERR_BAD_URL: a path with a percent-escape that is no UTF-8, `/%E0%A4%A`;
 * FST_ERR_MAX_PARAM_LENGTH: a path segment longer than MAX_PARAM_LENGTH) was fastify's own JSON (`{ error, code, message,
 * statusCode }`, the whole path echoed) without the gateway's headers. Answered as the gateway answers: the correlation id and
 * helmet's headers, the API's error body naming the path; a broken path outside /api/ goes to the web pages (once served), as
 * an unknown one does, which show a reader their 400 page in the reader's language (web-pages.ts).
 */
function answerFrameworkError(adapter: GatewayAdapter, headers: Record<string, string>, error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  // (no hook runs for these: counted here, as a request no route matched)
  const start = performance.now();
  reply.raw.once('finish', () => countAnswer(request.method, 'unmatched', reply.raw.statusCode, (performance.now() - start) / 1000));
  reply.headers(headers);
  enterCorrelation(request, reply, () => {
    if (error.code === 'FST_ERR_BAD_URL' && adapter.webPages && !API_PATH.test(request.url)) return adapter.webPages(request, reply);
    const refusal = error.code === 'FST_ERR_BAD_URL' ? brokenPath(request.url) : error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? overlongPathSegment(MAX_PARAM_LENGTH) : error;
    const { status, body } = errorAnswer(refusal);
    void reply.status(status).send({ ...body, correlationId: currentContext()?.correlationId });
  });
}

/**
 * A request Node's HTTP parser refuses before fastify sees it (http-exception.filter.ts: clientErrorAnswer) is answered in the
 * API's error shape, with helmet's headers and a correlation id, and its connection closed (as Node's and fastify's own
 * handlers do). Nothing is written when an answer on that connection has begun already (as Node checks).
 */
function answerClientError(headers: Record<string, string>) {
  return (error: Error & { code?: string }, socket: Duplex): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const answering = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (socket.writable && !answering) {
      const { status, body } = clientErrorAnswer(error, maxHeaderSize);
      const correlationId = acceptCorrelationId(undefined);
      const json = JSON.stringify({ ...body, correlationId });
      const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, `${CORRELATION_HEADER}: ${correlationId}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
      head.push('content-type: application/json; charset=utf-8', `content-length: ${Buffer.byteLength(json)}`, 'connection: close');
      socket.write(`${head.join('\r\n')}\r\n\r\n${json}`);
    }
    socket.destroy(error);
  };
}

/** An HTTP/1.1 request without a Host header (RFC 9112 §3.2): a 400 in the API's error shape, naming it, with the gateway's headers. */
function requireHost(fastify: FastifyInstance): void {
  const refusal = () =>
    new HttpException({ code: RpcErrorCodes.VALIDATION_FAILED, message: 'invalid input', fields: [{ field: 'host', reason: 'an HTTP/1.1 request must have a Host header' }] }, HttpStatus.BAD_REQUEST);
  fastify.addHook('onRequest', (req, _reply, done) => (req.headers.host === undefined && req.raw.httpVersion === '1.1' ? done(refusal()) : done()));
}

/**
 * At close the server takes no new connection and ends the idle ones (Node's server.close()); a connection with a request in
 * flight is left to answer it, then ended as soon as it is idle (checked every 50 ms), so a keep-alive client does not hold the
 * stop for the keep-alive timeout. Fastify refuses requests arriving meanwhile with 503 (return503OnClosing). The bus closes
 * after (RpcClient.onApplicationShutdown), so what is in flight still gets its service's answer.
 */
function closeGracefully(fastify: FastifyInstance): void {
  fastify.addHook('preClose', (done) => {
    const server = fastify.server;
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    server.once('close', () => clearInterval(sweep));
    done();
  });
}

/** Builds the gateway (used by main.ts and by the end-to-end tests). */
export async function createGateway(config: PlatformConfig = loadConfig()): Promise<NestFastifyApplication> {
  // Requests of the HTTP clients served in one event-loop turn go to the bus in one socket write.
  coalesceNatsWrites();
  // Paths match as express matched them: case-insensitive, with or without a trailing slash. No Nest middleware: no middie.
  // Stopped (SIGTERM), the gateway answers the requests it has taken: fastify's default destroys every connection at close,
  // those in flight too (see closeGracefully).
  // What fastify and Node's parser refuse before any hook: in the API's error shape too (answerFrameworkError, answerClientError).
  const headers = secureHeaders();
  const adapter: GatewayAdapter = new GatewayAdapter({
    bodyLimit: bytes(config.HTTP_BODY_LIMIT),
    skipMiddie: true,
    forceCloseConnections: false,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => answerFrameworkError(adapter, headers, error, request, reply),
    clientErrorHandler: answerClientError(headers),
    // (Node's own check answered an HTTP/1.1 request without Host with an empty 400: requireHost answers it.)
    http: { requireHostHeader: false },
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config), adapter, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  useCorrelation(fastify);
  useHttpMetrics(fastify);
  useBodyParsers(fastify);
  closeGracefully(fastify);
  // A service's answer passed through (RpcClient.sendJson) is written as the JSON bytes it sent (fastify sends a Buffer from the
  // serializer as it is, with the JSON content type and its length; its typing says string); anything else as JSON.stringify would.
  fastify.setReplySerializer((payload) => (payload instanceof JsonText ? (payload.bytes as unknown as string) : JSON.stringify(payload)));
  // Image uploads (base64 JSON) get a larger limit of their own.
  fastify.addHook('onRoute', (route) => {
    if (IMAGE_UPLOAD_PATH.test(route.url)) route.bodyLimit = bytes(IMAGE_UPLOAD_BODY_LIMIT);
  });
  // helmet's headers on every answer, learned once (http/secure-headers.ts).
  useSecureHeaders(fastify);
  requireHost(fastify);
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }, { path: 'ready', method: RequestMethod.GET }] });
  // class-validator's metadata looked up once per class, as in the services (it was 6% of a search's work here).
  memoizeValidationMetadata();
  app.useGlobalPipes(
    new FieldValidationPipe({
      ...validationOptions,
      exceptionFactory: (errors) =>
        new HttpException({ code: RpcErrorCodes.VALIDATION_FAILED, message: 'invalid input', fields: fieldErrors(errors) }, HttpStatus.BAD_REQUEST),
    }),
  );
  app.useGlobalFilters(new HttpErrorFilter());
  // The public web pages (HTML, outside /api/v1): their own router, with a Content-Security-Policy of their own,
  // never in the way of the API and the probes; they also answer the paths outside /api/ no route serves (GatewayAdapter).
  adapter.webPages = serveWebPages(fastify, webPages(app, config));
  // Swagger UI's page with a Content-Security-Policy of its own (the JSON API sets none).
  useDocsSecurityPolicy(fastify, `${API_PREFIX}/docs`);
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, () => buildOpenApi(app), { jsonDocumentUrl: `${API_PREFIX}/openapi.json` });
  app.enableShutdownHooks();
  return app;
}
