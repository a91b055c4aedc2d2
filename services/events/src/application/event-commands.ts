import { currentContext, forbidden, notFound, ruleViolated } from '@banat/messaging';
import type { CommandMetadata } from '../domain/decider';
import type { ProgrammeEventFact, ProgrammeEventState } from '../domain/programme-event';
import type { ProgrammeEventCommand } from '../domain/programme-event.commands';
import { decide } from '../domain/programme-event.decide';
import { EventRuleViolation } from '../domain/rules';
import type { EventStreams } from './event-streams';

/** A refusal of the domain as it crosses the bus: its rule, its reason and the facts that decided it. */
function asRpcFailure(error: unknown): unknown {
  if (!(error instanceof EventRuleViolation)) return error;
  if (error.rule === 'EventNotScheduled') return notFound('event');
  if (error.rule === 'RegistrationNotFound') return notFound('registration');
  if (error.rule === 'SurveyUnknown') return notFound('survey');
  return ruleViolated(error.rule, error.message, error.details);
}

/** The caller as the signed identity names it, and now. */
export const metadata = (): CommandMetadata => {
  const ctx = currentContext();
  return { actor: ctx?.actor ?? 'system', role: ctx?.role ?? 'system', now: new Date().toISOString() };
};

export const requireRole = (...roles: string[]) => {
  if (!roles.includes(currentContext()?.role ?? '')) throw forbidden(`only ${roles.join(' or ')} may do this`);
};

/** The secretariat acts for anyone; a member only for its own organisation. */
export const requireActingFor = (organisationId: string) => {
  const ctx = currentContext();
  if (ctx?.role === 'secretariat') return;
  if (ctx?.role === 'member' && ctx.org === organisationId) return;
  throw forbidden('a member acts only for its own organisation; the secretariat for any');
};

/**
 * Decides a command on the event's stream and answers from the state after it; `build` may answer
 * at once (`{ already }`, e.g. a retry) without deciding. Refusals become coded RPC errors.
 */
export async function decideOn<T>(
  streams: EventStreams,
  eventId: string,
  build: (state: ProgrammeEventState) => ProgrammeEventCommand | { already: T },
  answer: (state: ProgrammeEventState) => T,
): Promise<T> {
  try {
    return await streams.execute(eventId, (state) => {
      const built = build(state);
      if ('already' in built) return { facts: [] as ProgrammeEventFact[], answer: () => built.already };
      return { facts: decide(built, state), answer };
    });
  } catch (error) {
    throw asRpcFailure(error);
  }
}
