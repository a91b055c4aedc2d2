import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { canonicalJson, hexDigestOf, type EventMetadataInput } from '@banat/event-store';
import { newCorrelationId, unauthenticated, type RequestContext } from '@banat/messaging';
import type { CommandMetadata, Role } from '../domain';
import { CLOCK, Clock } from '../certification.options';

/** Who acts and when, for the decider and for the stored event: one source for both. */
export interface CommandEnvelope {
  domain: CommandMetadata;
  store: EventMetadataInput;
}

@Injectable()
export class CommandMetadataFactory {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  now(): string {
    return this.clock();
  }

  /**
   * A person's command: actor and role come from the authenticated request (`requestOf` the handler's context), never from the body.
   * A command named by its caller (`commandId`) keeps the digest of its request, so a retry can be told from a reuse.
   */
  fromRequest(ctx: RequestContext, request: CommandRequest): CommandEnvelope {
    if (!ctx?.actor || !ctx.role) {
      throw unauthenticated('a certification command needs an authenticated actor and role');
    }
    const envelope = this.envelope(ctx.actor, ctx.role, request.commandId ?? randomUUID(), ctx.correlationId);
    if (request.commandId !== undefined) envelope.store.requestDigest = requestDigestOf(request);
    return envelope;
  }

  /** The service's own command (issuing, expiry), caused by an event or a timer. */
  system(actor: 'scheduler' | 'certification-service', commandId: string, cause?: { correlationId: string; causationId: string }): CommandEnvelope {
    return this.envelope(actor, 'scheduler', commandId, cause?.correlationId ?? newCorrelationId(), cause?.causationId);
  }

  private envelope(actor: string, role: string, commandId: string, correlationId: string, causationId?: string): CommandEnvelope {
    return {
      domain: { actor, role: role as Role, now: this.clock() },
      store: { commandId, correlationId, actor, role, ...(causationId ? { causationId } : {}) },
    };
  }
}

/** A command's request as its caller sent it (after validation). */
export interface CommandRequest {
  commandId?: string;
  expectedRevision?: number;
}

/**
 * `sha256:` and the SHA-256 of the request's RFC 8785 canonical JSON without `commandId` and `expectedRevision`
 * (a retry may be sent on a newer revision; it is still the same request). Only the commands made with it carry
 * one, and none of them holds personal data the history keeps sealed (a complainant is lodged without it), so the
 * digest tells nothing the history does not show in clear.
 */
export function requestDigestOf(request: CommandRequest): string {
  const { commandId: _commandId, expectedRevision: _expectedRevision, ...body } = request as CommandRequest & Record<string, unknown>;
  return `sha256:${hexDigestOf('sha256', canonicalJson(body))}`;
}
