import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isRpcErrorBody, RpcErrorBody, RpcErrorCodes } from '@banat/contracts';
import { CORRELATION_HEADER, currentContext } from '@banat/messaging';
import { NotReady, notReady } from '../health/readiness-view';

const codeForStatus = (status: number): RpcErrorBody['code'] =>
  status === 404 ? 'NOT_FOUND' : status === 429 ? 'RATE_LIMITED' : status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 409 ? 'CONFLICT' : status === 422 ? 'RULE_VIOLATED' : status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED';

const JSON_REQUIRED = 'the request body must be JSON, sent with Content-Type: application/json';

/** The 415 of a request body the API does not read: what it reads, and what it was sent. */
export const jsonRequired = (contentType: string | undefined) =>
  new UnsupportedMediaTypeException({ code: RpcErrorCodes.VALIDATION_FAILED, message: `${JSON_REQUIRED} (${contentType ? `not ${contentType.slice(0, 100)}` : 'it had none'})` });

/** The status and body an exception is answered with; `bodyLimit` names the limit of a body found too large. A health report (terminus) keeps its own documented shape. */
export function errorAnswer(exception: unknown, bodyLimit?: number): { status: number; body: RpcErrorBody | object } {
  let status = HttpStatus.INTERNAL_SERVER_ERROR;
  let body: RpcErrorBody = { code: RpcErrorCodes.INTERNAL, message: 'internal error' };
  const parserError = exception as { type?: string; statusCode?: number; status?: number; message?: string; limit?: number };
  if (exception instanceof HttpException) {
    status = exception.getStatus();
    const response = exception.getResponse();
    if (isRpcErrorBody(response)) body = response;
    else if (typeof response === 'object' && 'details' in response && 'status' in response) return { status, body: response };
    else {
      const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      body = { code: codeForStatus(status), message: Array.isArray(message) ? message.join('; ') : String(message ?? exception.message) };
    }
  } else if (parserError?.type === 'entity.too.large') {
    // (express's form parser on the web pages; fastify's refusals reach here as HttpExceptions)
    status = 413;
  } else if (parserError?.type === 'entity.parse.failed') {
    status = 400;
    body = { code: RpcErrorCodes.VALIDATION_FAILED, message: `malformed JSON body: ${parserError.message}` };
  } else {
    // Other client errors that carry their status.
    const clientStatus = parserError?.statusCode ?? parserError?.status;
    if (typeof clientStatus === 'number' && clientStatus >= 400 && clientStatus < 500) {
      status = clientStatus;
      body = { code: codeForStatus(status), message: parserError.message ?? 'bad request' };
    }
  }
  // A body over its route's limit: the limit, in bytes.
  if (status === 413) body = { code: RpcErrorCodes.VALIDATION_FAILED, message: `request body exceeds the limit of ${parserError?.limit ?? bodyLimit} bytes` };
  // A Content-Type fastify cannot read at all (`not a type`, its own 415): the same answer as any other type but JSON.
  if (status === 415 && !body.message.startsWith(JSON_REQUIRED)) body = { code: RpcErrorCodes.VALIDATION_FAILED, message: JSON_REQUIRED };
  return { status, body };
}

/** How long the same warning line is folded into a count after it was written. */
export const WARNING_FOLD_MS = 10_000;

/**
 * Warning lines with their repeats folded: a line is written, the same line again within WARNING_FOLD_MS is counted,
 * and the count is written with the line's next occurrence after that (every request to a service that is away
 * logged its own line: thousands a second under load).
 */
export class FoldedWarnings {
  private readonly folded = new Map<string, { until: number; repeats: number }>();

  constructor(
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly now: () => number = Date.now,
  ) {}

  warn(line: string): void {
    const at = this.now();
    const seen = this.folded.get(line);
    if (seen && at < seen.until) {
      seen.repeats++;
      return;
    }
    // Lines no longer folded are forgotten as new ones come (a message may name ids: the map must not grow for ever).
    if (!seen && this.folded.size >= 1000) for (const [key, entry] of this.folded) if (entry.until <= at) this.folded.delete(key);
    this.logger.warn(seen?.repeats ? `${line} (and ${seen.repeats} more in the ${WARNING_FOLD_MS / 1000} s before)` : line);
    this.folded.set(line, { until: at + WARNING_FOLD_MS, repeats: 0 });
  }
}

/** One error shape for every HTTP failure: `{ code, message, fields?, rule?, details?, correlationId }`; never a stack trace. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');
  private readonly warnings = new FoldedWarnings(this.logger);

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const { status, body } = errorAnswer(exception, request.routeOptions?.bodyLimit);
    if (status >= 500) {
      // A readiness report naming who is down, or a service away or too slow (UNAVAILABLE), is an expected state (while
      // starting, stopping, in an outage): a warning line, no stack, its repeats folded. Anything else is a defect.
      if (!('code' in body)) this.warnings.warn(`not ready: ${notReady(exception instanceof NotReady ? exception.full : body)}`);
      else if (body.code === RpcErrorCodes.UNAVAILABLE) this.warnings.warn(`unavailable: ${body.message}`);
      else this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    // (A body refused before the handler is answered outside the request's context: its id is on the response already.)
    const answer = 'code' in body ? { ...body, correlationId: currentContext()?.correlationId ?? reply.getHeader(CORRELATION_HEADER) } : body;
    void reply.status(status).send(answer);
  }
}
