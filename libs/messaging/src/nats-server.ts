import { NatsOptions, ServerNats } from '@nestjs/microservices';
import { ACTOR_HEADER, acceptCorrelationId, CORRELATION_HEADER, ORG_HEADER, requestContext, ROLE_HEADER } from './correlation';

type NatsMsg = Parameters<ServerNats['handleMessage']>[1];

/**
 * Nest's NATS transport, with the request context (correlation id, actor, role, organisation)
 * taken from the message headers around the whole handling — no per-message interceptor — and
 * plain-string patterns routed without a failing JSON.parse per message. Both showed in the
 * command path's CPU profile.
 */
export class BanatNatsServer extends ServerNats {
  constructor(options: Required<NatsOptions>['options']) {
    super(options);
  }

  override handleMessage(channel: string, natsMsg: NatsMsg): Promise<unknown> {
    const headers = natsMsg.headers;
    const ctx = {
      correlationId: acceptCorrelationId(headers?.get(CORRELATION_HEADER)),
      actor: headers?.get(ACTOR_HEADER) || undefined,
      role: headers?.get(ROLE_HEADER) || undefined,
      org: headers?.get(ORG_HEADER) || undefined,
    };
    return requestContext.run(ctx, () => super.handleMessage(channel, natsMsg));
  }

  override getRouteFromPattern(pattern: string): string {
    // Our patterns are subjects; only an object pattern arrives as JSON.
    return pattern.startsWith('{') ? super.getRouteFromPattern(pattern) : this.normalizePattern(pattern);
  }
}
