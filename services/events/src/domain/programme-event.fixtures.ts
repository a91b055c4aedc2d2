/** Facts and commands for the unit specs: a workshop of 4 places, at most 2 from Serbia, registration open until 10 May. */
import type { CommandMetadata } from './decider';
import type { Register } from './programme-event.commands';
import type { EventDefinition, EventScheduled, Participation, ProgrammeEventFact, Quota, RegisteringOrganisation, RegistrationRules } from './programme-event';
import { evolve, initialState } from './programme-event';
import * as decider from './programme-event.decide';

export const eventId = 'workshop-ro-1';
export const at = (now: string, actor = 'ana', role = 'secretariat'): CommandMetadata => ({ actor, role, now });
export const before = at('2026-05-01T09:00:00.000Z');

export const definition = (rules: Partial<RegistrationRules> = {}): EventDefinition => ({
  eventId,
  kind: 'workshop',
  title: { ro: 'Atelier: marca regională', en: 'Workshop: the regional brand' },
  place: { venue: 'CCIA Timiș', city: 'Timișoara', country: 'RO', region: 'RO-TM' },
  startsOn: '2026-05-12',
  endsOn: '2026-05-13',
  languages: ['ro', 'sr'],
  topics: ['branding'],
  organiserOrganisationId: 'chamber-tm',
  sessions: [{ sessionId: 'opening', title: 'Opening', date: '2026-05-12' }],
  planId: 'plan-2026',
  registration: { capacity: 4, quotas: [{ dimension: 'country', value: 'RS', max: 2 }], requiresApproval: false, deadline: '2026-05-10T21:00:00.000Z', offerHours: 48, ...rules },
});

export const scheduled = (rules: Partial<RegistrationRules> = {}): EventScheduled => ({
  type: 'EventScheduled',
  data: { definition: definition(rules), stamp: { at: '2026-04-01T08:00:00.000Z', actor: 'ana', role: 'secretariat' } },
});

export const org = (organisationId: string, country = 'RO', kind = 'sme'): RegisteringOrganisation => ({ organisationId, kind, country, active: true });

export const registerCommand = (registrationId: string, organisation: RegisteringOrganisation, emails: string[], now = before.now, participation: Participation = 'participant'): Register => ({
  type: 'Register',
  data: { registrationId, organisation, participation, people: emails.map((email) => ({ name: email.split('@')[0], email })) },
  metadata: at(now, 'ion', 'member'),
});

/** The facts a series of commands records, each decided on what came before: the given of a later spec. */
export function history(first: ProgrammeEventFact[], ...commands: Parameters<typeof decider.decide>[0][]): ProgrammeEventFact[] {
  const facts = [...first];
  for (const command of commands) facts.push(...decider.decide(command, facts.reduce(evolve, initialState())));
  return facts;
}

export const rsQuota = (max: number): Quota => ({ dimension: 'country', value: 'RS', max });
