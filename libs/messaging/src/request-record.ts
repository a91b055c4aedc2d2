import { NatsRecord, NatsRecordBuilder } from '@nestjs/microservices';
import { headers as natsHeaders } from 'nats';
import { CORRELATION_HEADER, currentContext, type RequestContext } from './correlation';
import { IDENTITY_HEADER, IdentitySigner } from './identity';

/**
 * A request payload carrying the current request's correlation id and, when a signer is given (the
 * gateway), the caller's actor, role and organisation as an assertion signed for this subject.
 * Without a signer the request is anonymous: a service calling another does not lend it its caller.
 * The request is the current one (`currentContext()`) unless `ctx` names it: a service without an
 * async context (ContextPropagation 'explicit') hands it over.
 */
export async function requestRecord<T>(subject: string, payload: T, signer?: IdentitySigner, ctx: RequestContext | undefined = currentContext()): Promise<NatsRecord<T>> {
  const h = natsHeaders();
  if (ctx?.correlationId) h.set(CORRELATION_HEADER, ctx.correlationId);
  if (signer && ctx && (ctx.actor || ctx.role || ctx.org)) h.set(IDENTITY_HEADER, await signer.sign(subject, ctx));
  return new NatsRecordBuilder(payload).setHeaders(h).build();
}
