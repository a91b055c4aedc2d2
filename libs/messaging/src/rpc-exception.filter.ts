import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { RpcErrorCodes } from '@banat/contracts';
import { toRpcErrorBody } from './rpc-errors';
import { RequestNatsContext } from './nats-server';

/** Every failure leaves a service as a coded body; internal details stay in the service's log. */
@Catch()
export class CodedRpcExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('rpc');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const body = toRpcErrorBody(exception);
    if (body.code === RpcErrorCodes.INTERNAL) {
      const detail = exception instanceof Error ? exception.stack : String(exception);
      // The request's correlation id from its Nest context: a service without an async context (ContextPropagation 'explicit') has no other.
      const ctx: unknown = host.getType() === 'rpc' ? host.switchToRpc().getContext() : undefined;
      if (ctx instanceof RequestNatsContext) this.logger.error({ correlationId: ctx.request.correlationId, msg: detail });
      else this.logger.error(detail);
    }
    return throwError(() => body);
  }
}
