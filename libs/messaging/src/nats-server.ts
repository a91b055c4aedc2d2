import { NatsOptions, ServerNats } from '@nestjs/microservices';
import { RpcErrorCodes } from '@banat/contracts';
import { acceptCorrelationId, CORRELATION_HEADER, requestContext } from './correlation';
import { IdentityVerifier } from './identity';

type NatsMsg = Parameters<ServerNats['handleMessage']>[1];

/**
 * Nest's NATS transport, with the request context (correlation id, and the actor, role and
 * organisation of a valid signed identity) set around the whole handling — no per-message
 * interceptor — and plain-string patterns routed without a failing JSON.parse per message. Both
 * showed in the command path's CPU profile. A request with caller headers but no valid signed
 * identity is answered UNAUTHENTICATED without reaching a handler.
 */
export class BanatNatsServer extends ServerNats {
  constructor(
    options: Required<NatsOptions>['options'],
    private readonly identities: IdentityVerifier = new IdentityVerifier(undefined),
  ) {
    super(options);
  }

  override async handleMessage(channel: string, natsMsg: NatsMsg): Promise<unknown> {
    const headers = natsMsg.headers;
    const correlationId = acceptCorrelationId(headers?.get(CORRELATION_HEADER));
    const checked = await this.identities.check(natsMsg.subject, headers);
    if (!checked.ok) return this.refuse(channel, natsMsg, checked.reason, correlationId);
    const ctx = { correlationId, ...checked.identity };
    return requestContext.run(ctx, () => super.handleMessage(channel, natsMsg));
  }

  /** Answers a request whose identity is forged, expired or misdirected with its code, as a handler's failure would be. */
  private async refuse(channel: string, natsMsg: NatsMsg, reason: string, correlationId: string): Promise<unknown> {
    const message = await this.deserializer.deserialize(natsMsg.data, { channel, replyTo: natsMsg.reply });
    if (!('id' in message) || message.id === undefined) return undefined; // an event: nothing to answer, nothing handled
    const publish = this.getPublisher(natsMsg, message.id, undefined as never);
    return publish({ err: { code: RpcErrorCodes.UNAUTHENTICATED, message: reason, details: { correlationId } }, isDisposed: true });
  }

  override getRouteFromPattern(pattern: string): string {
    // Our patterns are subjects; only an object pattern arrives as JSON.
    return pattern.startsWith('{') ? super.getRouteFromPattern(pattern) : this.normalizePattern(pattern);
  }
}
