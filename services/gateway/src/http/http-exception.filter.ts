import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isRpcErrorBody, RpcErrorBody, RpcErrorCodes } from '@banat/contracts';
import { CORRELATION_HEADER, currentContext } from '@banat/messaging';

const codeForStatus = (status: number): RpcErrorBody['code'] =>
  status === 404 ? 'NOT_FOUND' : status === 429 ? 'RATE_LIMITED' : status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 409 ? 'CONFLICT' : status === 422 ? 'RULE_VIOLATED' : status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED';

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
  return { status, body };
}

/** Who a health report (terminus: `{ status, info, error, details }`) names as down, with their reasons. */
export function notReady(report: object): string {
  const down = Object.entries((report as { error?: Record<string, { status?: string; message?: string }> }).error ?? {});
  return down.length ? down.map(([name, state]) => (state?.message ? `${name} (${state.message})` : name)).join(', ') : 'the health check failed';
}

/** One error shape for every HTTP failure: `{ code, message, fields?, rule?, details?, correlationId }`; never a stack trace. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const { status, body } = errorAnswer(exception, request.routeOptions?.bodyLimit);
    if (status >= 500) {
      // A readiness report naming who is down is an expected state (while starting, stopping, or a service away): one warning line, no stack.
      if ('code' in body) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
      else this.logger.warn(`not ready: ${notReady(body)}`);
    }
    // (A body refused before the handler is answered outside the request's context: its id is on the response already.)
    const answer = 'code' in body ? { ...body, correlationId: currentContext()?.correlationId ?? reply.getHeader(CORRELATION_HEADER) } : body;
    void reply.status(status).send(answer);
  }
}
