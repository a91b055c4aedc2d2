import { HttpException, HttpStatus, INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { json, NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { RpcErrorCodes } from '@banat/contracts';
import { coalesceNatsWrites, FieldValidationPipe, fieldErrors, loadConfig, PlatformConfig, validationOptions } from '@banat/messaging';
import { buildOpenApi } from './docs/openapi';
import { IMAGE_UPLOAD_BODY_LIMIT, IMAGE_UPLOAD_PATH } from './exhibition/exhibitor-pages.controller';
import { GatewayModule } from './gateway.module';
import { correlationMiddleware } from './http/correlation.middleware';
import { HttpErrorFilter } from './http/http-exception.filter';
import { webPages } from './web/web-pages';
import { httpMetricsMiddleware } from './http/metrics.middleware';

export const API_PREFIX = 'api/v1';
const isApiPath = (path: string) => path.startsWith(`/${API_PREFIX}/`) || path === '/health' || path === '/ready';

/** Builds the gateway (used by main.ts and by the end-to-end tests). */
export async function createGateway(config: PlatformConfig = loadConfig()): Promise<INestApplication> {
  // Requests of the HTTP clients served in one event-loop turn go to the bus in one socket write.
  coalesceNatsWrites();
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.use(correlationMiddleware);
  app.use(httpMetricsMiddleware);
  // Image uploads (base64 JSON) get a larger limit of their own; the parser that runs first wins.
  app.use(IMAGE_UPLOAD_PATH, json({ limit: IMAGE_UPLOAD_BODY_LIMIT }));
  app.useBodyParser('json', { limit: config.HTTP_BODY_LIMIT });
  app.useBodyParser('text', { limit: config.HTTP_BODY_LIMIT, type: 'text/csv' });
  app.disable('x-powered-by');
  // No ETag computed over every JSON answer (a SHA-1 of the body); the routes that revalidate set their own.
  app.set('etag', false);
  app.use(helmet({ contentSecurityPolicy: false }));
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }, { path: 'ready', method: RequestMethod.GET }] });
  app.useGlobalPipes(
    new FieldValidationPipe({
      ...validationOptions,
      exceptionFactory: (errors) =>
        new HttpException({ code: RpcErrorCodes.VALIDATION_FAILED, message: 'invalid input', fields: fieldErrors(errors) }, HttpStatus.BAD_REQUEST),
    }),
  );
  app.useGlobalFilters(new HttpErrorFilter());
  // The public web pages (HTML, outside /api/v1): their own router, with a Content-Security-Policy of their own,
  // never in the way of the API and the probes.
  const pages = webPages(app, config);
  app.use((req: Request, res: Response, next: NextFunction) => (isApiPath(req.path) ? next() : pages(req, res, next)));
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, () => buildOpenApi(app), { jsonDocumentUrl: `${API_PREFIX}/openapi.json` });
  app.enableShutdownHooks();
  return app;
}
