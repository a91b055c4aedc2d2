import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EventMetadataInput } from '@banat/event-store';
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

  /** A person's command: actor and role come from the authenticated request (`requestOf` the handler's context), never from the body. */
  fromRequest(ctx: RequestContext, commandId?: string): CommandEnvelope {
    if (!ctx?.actor || !ctx.role) {
      throw unauthenticated('a certification command needs an authenticated actor and role');
    }
    return this.envelope(ctx.actor, ctx.role, commandId ?? randomUUID(), ctx.correlationId);
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
