import { Logger } from '@nestjs/common';
import type { ProjectorLogger } from '@banat/projections';

/** The runner's pino-style calls onto Nest's logger, so projector trouble lands in the service's JSON log. */
export const projectorLogger = (name: string): ProjectorLogger => {
  const logger = new Logger(name);
  return {
    warn: (fields, message) => logger.warn({ ...fields, msg: message }),
    error: (fields, message) => logger.error({ ...fields, msg: message }),
  };
};
