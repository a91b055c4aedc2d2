import { Params } from 'nestjs-pino';
import { currentContext } from './correlation';
import { PlatformConfig } from './config';

/** JSON log lines with the service name and the correlation id of the request being served. */
export function loggerParams(service: string, config: PlatformConfig): Params {
  return {
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
