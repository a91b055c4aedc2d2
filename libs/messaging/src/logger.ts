import { Params } from 'nestjs-pino';
import { currentContext } from './correlation';
import { PlatformConfig } from './config';

/**
 * JSON log lines with the service name and the correlation id of the request being served (and, in the
 * gateway, its method and URL). All from the request context, read only when a line is written: no
 * per-request logger (pino-http made a child logger, serialising the request, on every HTTP request
 * even with nothing to log: a tenth of the gateway's CPU on `/health`).
 */
export function loggerParams(service: string, config: PlatformConfig): Params {
  return {
    forRoutes: [],
    pinoHttp: {
      level: config.LOG_LEVEL,
      base: { service },
      mixin: () => {
        const ctx = currentContext();
        return ctx ? (ctx.request ? { correlationId: ctx.correlationId, req: ctx.request } : { correlationId: ctx.correlationId }) : {};
      },
      autoLogging: false,
    },
  };
}
