import { NatsRecord, NatsRecordBuilder } from '@nestjs/microservices';
import { headers as natsHeaders } from 'nats';
import { ACTOR_HEADER, CORRELATION_HEADER, currentContext, ORG_HEADER, ROLE_HEADER } from './correlation';

/** A request payload carrying the current request's correlation id, actor, role and organisation as NATS headers. */
export function requestRecord<T>(payload: T): NatsRecord<T> {
  const ctx = currentContext();
  const h = natsHeaders();
  if (ctx?.correlationId) h.set(CORRELATION_HEADER, ctx.correlationId);
  if (ctx?.actor) h.set(ACTOR_HEADER, ctx.actor);
  if (ctx?.role) h.set(ROLE_HEADER, ctx.role);
  if (ctx?.org) h.set(ORG_HEADER, ctx.org);
  return new NatsRecordBuilder(payload).setHeaders(h).build();
}
