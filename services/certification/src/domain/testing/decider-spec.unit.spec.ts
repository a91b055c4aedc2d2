import { applicationDecider } from '../application/application.decide';
import { FileIncomplete, ThresholdNotMet } from '../application/application.errors';
import { applicationId, by, submitted } from '../application/application.fixtures';
import { deciderSpecificationFor } from './decider-spec';

const given = deciderSpecificationFor(applicationDecider);
const assign = { type: 'AssignExpert', data: { applicationId, expertId: 'e', expertOrganisation: { organisationId: 'o', registered: true, active: true } }, metadata: by('s', 'secretariat', '2025-01-13T09:00:00Z') } as const;

describe('the given / when / then helper cannot pass by accident', () => {
  it('thenThrows fails when the command is accepted', () => {
    expect(() => given([]).when({ ...submittedCommand() }).thenThrows(FileIncomplete)).toThrow('but the command was accepted');
  });

  it('thenThrows fails on a different rule', () => {
    expect(() => given([submitted()]).when(assign).thenThrows(ThresholdNotMet)).toThrow();
    expect(() => given([submitted()]).when(assign).thenThrows('ThresholdNotMet')).toThrow();
  });

  it('thenThrows matches by class or by rule name', () => {
    given([submitted()]).when(assign).thenThrows(FileIncomplete);
    given([submitted()]).when(assign).thenThrows('FileIncomplete');
  });

  it('then fails when the events differ', () => {
    expect(() => given([]).when(submittedCommand()).then([])).toThrow();
  });
});

function submittedCommand() {
  const { data } = submitted();
  if (!('applicant' in data)) throw new Error('fixture changed');
  return {
    type: 'SubmitApplication',
    data: { ...data, applicant: { ...data.applicant, active: true } },
    metadata: by('applicant-user', 'applicant', '2025-01-10T09:00:00.000Z'),
  } as const;
}
