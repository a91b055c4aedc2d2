import { deciderSpecificationFor } from './decider-spec';
import { evolve, initialState } from './programme-event';
import { programmeEventDecider } from './programme-event.decide';
import { at, history, org, registerCommand, scheduled } from './programme-event.fixtures';
import type { SurveyDefinition } from './survey';
import { notAnswered, surveyResults } from './survey.decide';

const given = deciderSpecificationFor(programmeEventDecider);
const secretariat = at('2026-05-13T16:00:00.000Z');
/** Check-ins are taken on the day of their list: the workshop's first day, when the opening session is. */
const desk = at('2026-05-12T08:30:00.000Z');
const stamp = { at: secretariat.now, actor: 'ana', role: 'secretariat' };
const satisfaction = (changes: Partial<SurveyDefinition> = {}): SurveyDefinition => ({
  surveyId: 'satisfaction',
  title: 'How was the workshop?',
  purpose: 'satisfaction',
  audience: 'attendees',
  anonymous: true,
  questions: [
    { questionId: 'overall', text: 'Overall', kind: 'scale', min: 1, max: 5 },
    { questionId: 'format', text: 'Best format', kind: 'choice', options: ['talks', 'hands-on'] },
    { questionId: 'remarks', text: 'Remarks', kind: 'text' },
  ],
  ...changes,
});
const publish = (survey = satisfaction()) => ({ type: 'PublishSurvey' as const, data: { survey }, metadata: secretariat });
const codes = { 'ana@x.ro': 'hash-ana', 'ion@x.ro': 'hash-ion', 'mila@x.rs': 'hash-mila' };
const send = (surveyId = 'satisfaction') => ({ type: 'SendSurvey' as const, data: { surveyId, codeHashes: codes }, metadata: secretariat });
const answer = (codeHash: string, answers: { questionId: string; value: number | string }[]) => ({ type: 'AnswerSurvey' as const, data: { surveyId: 'satisfaction', codeHash, answers }, metadata: at('2026-05-14T10:00:00.000Z', 'public', 'public') });
const good = [{ questionId: 'overall', value: 4 }, { questionId: 'format', value: 'hands-on' }];

// Ana and Ion (r1) and Mila (r2) registered; only Ana and Mila came.
const attended = history(
  [scheduled()],
  registerCommand('r1', org('bakery'), ['ana@x.ro', 'ion@x.ro']),
  registerCommand('r2', org('cluster', 'RS', 'cluster'), ['mila@x.rs']),
  { type: 'CheckIn', data: { registrationId: 'r1', email: 'ana@x.ro', list: 'day:2026-05-12' }, metadata: desk },
  { type: 'CheckIn', data: { registrationId: 'r2', email: 'mila@x.rs', list: 'session:opening' }, metadata: desk },
);

describe('questionnaires', () => {
  it('a survey of attendees is sent only to those who came', () =>
    given(history(attended, publish())).when(send()).then([
      { type: 'SurveySent', data: { surveyId: 'satisfaction', invitees: [{ email: 'ana@x.ro', registrationId: 'r1', codeHash: 'hash-ana' }, { email: 'mila@x.rs', registrationId: 'r2', codeHash: 'hash-mila' }], stamp } },
    ]));

  it('a needs assessment goes to everyone registered', () => {
    const facts = history(attended, publish(satisfaction({ surveyId: 'needs', purpose: 'needs-assessment', audience: 'registered' })), send('needs'));
    expect(facts.at(-1)).toMatchObject({ type: 'SurveySent', data: { invitees: [{ email: 'ana@x.ro' }, { email: 'ion@x.ro' }, { email: 'mila@x.rs' }] } });
  });

  it('is sent once', () => given(history(attended, publish(), send())).when(send()).thenRefuses('SurveyAlreadySent'));
  it('with well-formed questions', () =>
    given(attended).when(publish(satisfaction({ questions: [{ questionId: 'q', text: 'Q', kind: 'scale', min: 5, max: 1 }] }))).thenRefuses('SurveyQuestionsInvalid', { questionId: 'q' }));
  it('an anonymous answer keeps no respondent', () =>
    given(history(attended, publish(), send())).when(answer('hash-ana', good)).then([{ type: 'SurveyAnswered', data: { surveyId: 'satisfaction', codeHash: 'hash-ana', answers: good, at: '2026-05-14T10:00:00.000Z' } }]));
  it('a named answer keeps who answered', () =>
    given(history(attended, publish(satisfaction({ anonymous: false })), send())).when(answer('hash-mila', good)).then([
      { type: 'SurveyAnswered', data: { surveyId: 'satisfaction', codeHash: 'hash-mila', answers: good, respondent: 'mila@x.rs', at: '2026-05-14T10:00:00.000Z' } },
    ]));
  it('someone not invited (registered but absent) is refused', () => given(history(attended, publish(), send())).when(answer('hash-ion', good)).thenRefuses('NotInvitedToSurvey'));
  it('a second answer is refused', () => given(history(attended, publish(), send(), answer('hash-ana', good))).when(answer('hash-ana', good)).thenRefuses('SurveyAlreadyAnswered'));
  it('an answer before sending is refused', () => given(history(attended, publish())).when(answer('hash-ana', good)).thenRefuses('SurveyNotSent'));
  it('an answer off the scale, a missing one or an unknown question is refused', () => {
    const sent = history(attended, publish(), send());
    given(sent).when(answer('hash-ana', [{ questionId: 'overall', value: 6 }, { questionId: 'format', value: 'talks' }])).thenRefuses('AnswerInvalid', { questionId: 'overall' });
    given(sent).when(answer('hash-ana', [{ questionId: 'overall', value: 3 }])).thenRefuses('AnswerInvalid', { questionId: 'format', reason: 'not answered' });
    given(sent).when(answer('hash-ana', [...good, { questionId: 'colour', value: 'red' }])).thenRefuses('AnswerInvalid', { questionId: 'colour' });
  });

  it('results per question, and who has not answered', () => {
    const facts = history(attended, publish(), send(), answer('hash-ana', [...good, { questionId: 'remarks', value: 'More tastings' }]), answer('hash-mila', [{ questionId: 'overall', value: 5 }, { questionId: 'format', value: 'hands-on' }]));
    const survey = facts.reduce(evolve, initialState()).surveys.satisfaction;
    expect(surveyResults(survey)).toEqual([
      { questionId: 'overall', text: 'Overall', kind: 'scale', answers: 2, average: 4.5, counts: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 1 } },
      { questionId: 'format', text: 'Best format', kind: 'choice', answers: 2, counts: { talks: 0, 'hands-on': 2 } },
      { questionId: 'remarks', text: 'Remarks', kind: 'text', answers: 1, texts: [{ text: 'More tastings' }] },
    ]);
    const partly = history(attended, publish(), send(), answer('hash-mila', good)).reduce(evolve, initialState()).surveys.satisfaction;
    expect(notAnswered(partly)).toEqual(['ana@x.ro']);
  });
});
