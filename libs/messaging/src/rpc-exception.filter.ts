import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { RpcErrorCodes } from '@banat/contracts';
import { toRpcErrorBody } from './rpc-errors';

/** Every failure leaves a service as a coded body; internal details stay in the service's log. */
@Catch()
export class CodedRpcExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('rpc');

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    const body = toRpcErrorBody(exception);
    if (body.code === RpcErrorCodes.INTERNAL) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    return throwError(() => body);
  }
}
