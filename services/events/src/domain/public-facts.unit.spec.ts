import { evolve, initialState } from './programme-event';
import { at, history, org, registerCommand, scheduled } from './programme-event.fixtures';
import { publicFactOf } from './public-facts';

const facts = history(
  [scheduled({ capacity: 2 })],
  { ...registerCommand('r1', org('bakery'), []), data: { ...registerCommand('r1', org('bakery'), []).data, people: [{ name: 'Ana Popescu', email: 'ana@x.ro', gender: 'female' }] } },
  registerCommand('r2', org('apiary', 'RS'), ['mila@x.rs', 'zoran@x.rs']),
  { type: 'CheckIn', data: { registrationId: 'r1', email: 'ana@x.ro', list: 'day:2026-05-12' }, metadata: at('2026-05-12T08:30:00.000Z') },
  { type: 'PublishSurvey', data: { survey: { surveyId: 'needs', title: 'Needs', purpose: 'needs-assessment', audience: 'registered', anonymous: false, questions: [{ questionId: 'q', text: 'Q', kind: 'text' }] } }, metadata: at('2026-05-12T09:00:00.000Z') },
  { type: 'SendSurvey', data: { surveyId: 'needs', codeHashes: { 'ana@x.ro': 'h' } }, metadata: at('2026-05-12T09:00:00.000Z') },
  { type: 'AnswerSurvey', data: { surveyId: 'needs', codeHash: 'h', answers: [{ questionId: 'q', value: 'Ana Popescu needs export help' }] }, metadata: at('2026-05-12T10:00:00.000Z') },
);
const state = facts.reduce(evolve, initialState());
const published = facts.map((f) => publicFactOf('e1', f, state)).filter((p) => p !== undefined);

describe('public facts', () => {
  it('tell partners of the event scheduled, registrations (waiting ones too), check-ins, surveys sent (how many invited) and answered', () => {
    expect(published.map((p) => [p.kind, 'status' in p.data ? p.data.status : undefined])).toEqual([
      ['scheduled', undefined],
      ['registered', 'confirmed'],
      ['registered', 'waiting'],
      ['checkedIn', undefined],
      ['surveySent', undefined],
      ['surveyAnswered', undefined],
    ]);
    expect(published[4].data).toEqual({ eventId: 'e1', surveyId: 'needs', purpose: 'needs-assessment', invitees: 1, at: '2026-05-12T09:00:00.000Z' });
    expect(published[0].data).toMatchObject({ eventId: 'e1', kind: state.definition!.kind, country: state.definition!.place.country, startsOn: state.definition!.startsOn, endsOn: state.definition!.endsOn });
    expect(published[2].data).toEqual({ eventId: 'e1', registrationId: 'r2', organisationId: 'apiary', organisationKind: 'sme', country: 'RS', participation: 'participant', people: 2, status: 'waiting', at: '2026-05-01T09:00:00.000Z' });
  });

  it('carry no name, e-mail, gender or answer of a person', () => {
    const text = JSON.stringify(published);
    for (const personal of ['Ana Popescu', 'ana@x.ro', 'mila@x.rs', 'female', 'export help']) expect(text).not.toContain(personal);
  });
});
