import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { isRpcErrorBody, RpcErrorBody, RpcErrorCodes } from '@banat/contracts';
import { currentContext } from '@banat/messaging';

const codeForStatus = (status: number): RpcErrorBody['code'] =>
  status === 404 ? 'NOT_FOUND' : status === 429 ? 'RATE_LIMITED' : status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 409 ? 'CONFLICT' : status === 422 ? 'RULE_VIOLATED' : status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED';

/** One error shape for every HTTP failure: `{ code, message, fields?, rule?, details?, correlationId }`; never a stack trace. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let body: RpcErrorBody = { code: RpcErrorCodes.INTERNAL, message: 'internal error' };
    const parserError = exception as { type?: string; status?: number; message?: string; limit?: number };
    if (exception instanceof HttpException) {
      status = exception.getStatus();
      const response = exception.getResponse();
      if (isRpcErrorBody(response)) body = response;
      else if (typeof response === 'object' && 'details' in response && 'status' in response) {
        // A health report (terminus): its own documented shape.
        res.status(status).json(response);
        return;
      } else {
        const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
        body = { code: codeForStatus(status), message: Array.isArray(message) ? message.join('; ') : String(message ?? exception.message) };
      }
    } else if (parserError?.type === 'entity.parse.failed') {
      // (Nest usually turns this into a BadRequestException with the parser's message first.)
      status = 400;
      body = { code: RpcErrorCodes.VALIDATION_FAILED, message: `malformed JSON body: ${parserError.message}` };
    } else if (parserError?.type === 'entity.too.large') {
      status = 413;
      body = { code: RpcErrorCodes.VALIDATION_FAILED, message: `request body exceeds the limit of ${parserError.limit} bytes` };
    } else if (typeof parserError?.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
      status = parserError.status;
      body = { code: codeForStatus(status), message: parserError.message ?? 'bad request' };
    }
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    res.status(status).json({ ...body, correlationId: currentContext()?.correlationId });
  }
}
