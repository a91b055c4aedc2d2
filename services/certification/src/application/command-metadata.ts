import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RpcErrorCodes } from '@banat/contracts';
import type { EventMetadataInput } from '@banat/event-store';
import { currentContext, newCorrelationId, RpcFailure } from '@banat/messaging';
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

  /** A person's command: actor and role come from the authenticated request, never from the body. */
  fromRequest(commandId?: string): CommandEnvelope {
    const ctx = currentContext();
    if (!ctx?.actor || !ctx.role) {
      throw new RpcFailure({ code: RpcErrorCodes.UNAUTHENTICATED, message: 'a certification command needs an authenticated actor and role' });
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
