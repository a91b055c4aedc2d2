import type { NextFunction, Request, Response } from 'express';
import { acceptCorrelationId, CORRELATION_HEADER, requestContext } from '@banat/messaging';

/** Takes (or makes) the correlation id, echoes it, and keeps it (with the request's method and URL) for the request's logs and NATS calls. */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const correlationId = acceptCorrelationId(req.headers[CORRELATION_HEADER]);
  res.setHeader(CORRELATION_HEADER, correlationId);
  requestContext.run({ correlationId, request: { method: req.method, url: req.originalUrl } }, next);
}
