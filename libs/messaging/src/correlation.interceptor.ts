import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { Observable } from 'rxjs';
import { ACTOR_HEADER, acceptCorrelationId, CORRELATION_HEADER, ORG_HEADER, requestContext, ROLE_HEADER } from './correlation';

/** Takes the correlation id, actor, role and organisation from the NATS headers into the request context. */
@Injectable()
export class NatsCorrelationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const nats = context.switchToRpc().getContext<NatsContext>();
    const headers = typeof nats?.getHeaders === 'function' ? nats.getHeaders() : undefined;
    const ctx = {
      correlationId: acceptCorrelationId(headers?.get(CORRELATION_HEADER)),
      actor: headers?.get(ACTOR_HEADER) || undefined,
      role: headers?.get(ROLE_HEADER) || undefined,
      org: headers?.get(ORG_HEADER) || undefined,
    };
    return new Observable((subscriber) => requestContext.run(ctx, () => next.handle().subscribe(subscriber)));
  }
}
