import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isRpcErrorBody, RpcErrorBody, RpcErrorCodes } from '@banat/contracts';
import { CORRELATION_HEADER, currentContext } from '@banat/messaging';

const codeForStatus = (status: number): RpcErrorBody['code'] =>
  status === 404 ? 'NOT_FOUND' : status === 429 ? 'RATE_LIMITED' : status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 409 ? 'CONFLICT' : status === 422 ? 'RULE_VIOLATED' : status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED';

const JSON_REQUIRED = 'the request body must be JSON, sent with Content-Type: application/json';

/** The 415 of a request body the API does not read: what it reads, and what it was sent. */
export const jsonRequired = (contentType: string | undefined) =>
  new UnsupportedMediaTypeException({ code: RpcErrorCodes.VALIDATION_FAILED, message: `${JSON_REQUIRED} (${contentType ? `not ${contentType.slice(0, 100)}` : 'it had none'})` });

/** Runs of percent-escapes in a path, with a `%` not followed by two hex digits (and what follows it) ending one or standing alone. */
const ESCAPE_RUNS = /(?:%[0-9a-f]{2})+(?:%(?![0-9a-f]{2})[^/%]{0,2})?|%(?![0-9a-f]{2})[^/%]{0,2}/gi;

/** The first run of percent-escapes in a path that is no percent-encoded UTF-8 (`%ZZ`, `%E0%A4%A`, a lone `%`), as it came (at most 30 characters). */
export function brokenEscape(path: string): string | undefined {
  if (!path.includes('%')) return undefined;
  for (const [run] of path.matchAll(ESCAPE_RUNS)) {
    try {
      decodeURIComponent(run);
    } catch {
      return run.slice(0, 30);
    }
  }
  return undefined;
}

/** The 400 of a URL whose path has a percent-escape that is no UTF-8 (fastify's router cannot read it: FST_ERR_BAD_URL), naming the escape. */
export function brokenPath(url: string): BadRequestException {
  const path = url.split(/[?#]/, 1)[0]!;
  const reason = `path must be percent-encoded UTF-8 (${brokenEscape(path) ?? path.slice(0, 30)} is not)`;
  return new BadRequestException({ code: RpcErrorCodes.VALIDATION_FAILED, message: 'invalid input', fields: [{ field: 'path', reason }] });
}

/** The 414 of a path with a segment longer than the router reads (FST_ERR_MAX_PARAM_LENGTH; fastify's own answer echoed the whole path). */
export const overlongPathSegment = (maxLength: number) =>
  new HttpException(
    { code: RpcErrorCodes.VALIDATION_FAILED, message: 'invalid input', fields: [{ field: 'path', reason: `each segment of the path must be at most ${maxLength} characters long` }] },
    HttpStatus.URI_TOO_LONG,
  );

/**
 * The answer to a request Node's HTTP parser refused before fastify saw it (a URL or headers over the size it reads, a header
 * value with a control character, a Content-Length that is no number or twice there, a malformed chunk, method or version, a
 * request not received in time): its status and the API's error body, with the parser's reason. (fastify's own was
 * `{"error":"Bad Request","message":"Client Error","statusCode":400}`, whatever the reason.)
 */
export function clientErrorAnswer(error: Error & { code?: string; reason?: string }, maxHeaderSize: number): { status: number; body: RpcErrorBody } {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, body: { code: RpcErrorCodes.VALIDATION_FAILED, message: `the request line and headers exceed the limit of ${maxHeaderSize} bytes (a URL that long is refused too)` } };
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, body: { code: RpcErrorCodes.VALIDATION_FAILED, message: 'the request was not received in full in time' } };
  if (error.code === 'HPE_INVALID_EOF_STATE') return { status: 400, body: { code: RpcErrorCodes.VALIDATION_FAILED, message: 'malformed HTTP request: the connection ended before the request did' } };
  const reason = error.reason ?? error.message.replace(/^Parse Error: /, '');
  return { status: 400, body: { code: RpcErrorCodes.VALIDATION_FAILED, message: `malformed HTTP request: ${reason}` } };
}

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
    // A readiness report (no `code`) naming who is down is logged by the probe (health/readiness-view.ts: ReadinessLog).
    if (status >= 500 && 'code' in body) {
      // A service away or too slow (UNAVAILABLE) is an expected state (while starting, stopping, in an outage): a warning
      // line, no stack, its repeats folded. Anything else is a defect.
      if (body.code === RpcErrorCodes.UNAVAILABLE) this.warnings.warn(`unavailable: ${body.message}`);
      else this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    // (A body refused before the handler is answered outside the request's context: its id is on the response already.)
    const answer = 'code' in body ? { ...body, correlationId: currentContext()?.correlationId ?? reply.getHeader(CORRELATION_HEADER) } : body;
    void reply.status(status).send(answer);
  }
}
