import { HttpException, HttpStatus, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { RpcErrorCodes } from '@banat/contracts';
import { coalesceNatsWrites, FieldValidationPipe, fieldErrors, loadConfig, memoizeValidationMetadata, PlatformConfig, validationOptions } from '@banat/messaging';
import { buildOpenApi } from './docs/openapi';
import { IMAGE_UPLOAD_BODY_LIMIT, IMAGE_UPLOAD_PATH } from './exhibition/exhibitor-pages.controller';
import { GatewayModule } from './gateway.module';
import { CSV_IMPORT_PATH } from './registry/organisations.controller';
import { useCorrelation } from './http/correlation.middleware';
import { HttpErrorFilter, jsonRequired } from './http/http-exception.filter';
import { parseJsonBody } from './http/json-body';
import { webPages } from './web/web-pages';
import { serveWebPages, ToWebPages } from './web/pages-on-fastify';
import { useHttpMetrics } from './http/metrics.middleware';
import { useDocsSecurityPolicy, useSecureHeaders } from './http/secure-headers';
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
  const adapter = new GatewayAdapter({ bodyLimit: bytes(config.HTTP_BODY_LIMIT), skipMiddie: true, forceCloseConnections: false, routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 2048 } });
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
