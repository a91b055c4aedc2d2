import { RequestMethod } from '@nestjs/common';
import { Params } from 'nestjs-pino';
import { currentContext } from './correlation';
import { PlatformConfig } from './config';

/** JSON log lines with the service name and the correlation id of the request being served. */
export function loggerParams(service: string, config: PlatformConfig): Params {
  return {
    // Named wildcard: Nest 11's router no longer accepts a bare '*'.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.LOG_LEVEL,
      base: { service },
      mixin: () => {
        const ctx = currentContext();
        return ctx ? { correlationId: ctx.correlationId } : {};
      },
      autoLogging: false,
    },
  };
}
