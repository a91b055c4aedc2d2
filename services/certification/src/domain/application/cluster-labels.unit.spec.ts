import type { Role } from '../shared/command-metadata';
import type { ApplicationEvent } from './application';
import { ApplicationCommand, applicationDecider } from './application.decide';
import { OverallScoreTooLow } from './application.errors';

const applicationId = 'app-cluster-1';
const by = (actor: string, role: Role, now: string) => ({ actor, role, now });

/** Runs commands one after another through the decider, as the application layer would. */
function run(commands: ApplicationCommand[]): ApplicationEvent[] {
  return commands.reduce<ApplicationEvent[]>((events, command) => {
    const state = events.reduce(applicationDecider.evolve, applicationDecider.initialState());
    return [...events, ...applicationDecider.decide(command, state)];
  }, []);
}

const fileUpToReview = (schemeId: string, experts: string[], scores: Record<string, number>): ApplicationCommand[] => [
  {
    type: 'SubmitApplication',
    data: {
      applicationId,
      schemeId,
      applicant: { organisationId: 'org-rs-energy-cluster', country: 'RS', region: 'RS-02', active: true, kind: 'cluster' },
      evidence: [
        { kind: 'cluster-profile', ref: 'doc-1' },
        { kind: 'benchmarking-questionnaire', ref: 'doc-2' },
      ],
    },
    metadata: by('cluster-manager', 'applicant', '2017-01-10T09:00:00Z'),
  },
  { type: 'CheckCompleteness', data: { applicationId }, metadata: by('sec-ana', 'secretariat', '2017-01-12T09:00:00Z') },
  ...experts.flatMap((expertId): ApplicationCommand[] => [
    { type: 'AssignExpert', data: { applicationId, expertId, expertOrganisation: { organisationId: `org-${expertId}`, registered: true, active: true } }, metadata: by('sec-ana', 'secretariat', '2017-01-13T09:00:00Z') },
    { type: 'DeclareConflictOfInterest', data: { applicationId, hasConflict: false, statement: 'none' }, metadata: by(expertId, 'expert', '2017-01-14T09:00:00Z') },
    {
      type: 'SubmitScores',
      data: { applicationId, scores: Object.entries(scores).map(([criterionId, score]) => ({ criterionId, score, justification: 'on-site benchmarking' })) },
      metadata: by(expertId, 'expert', '2017-02-03T16:00:00Z'),
    },
  ]),
  { type: 'CompleteReview', data: { applicationId, remarks: 'ok' }, metadata: by('reviewer-ion', 'reviewer', '2017-02-20T09:00:00Z') },
];

const grant = (certificateNumber: string): ApplicationCommand => ({
  type: 'GrantCertification',
  data: { applicationId, certificateNumber, reasons: ['benchmarking completed'] },
  metadata: by('dm-milan', 'decision-maker', '2017-03-10T09:00:00Z'),
});

describe('cluster management excellence labels run on the same engine', () => {
  it('a Bronze label assessed in February 2017 and granted on 10 March is valid from the grant to 31 January 2019', () => {
    const events = run([...fileUpToReview('esca-bronze', ['expert-eu'], { benchmarking: 55 }), grant('ESCA-B-2017-7')]);
    expect(events.at(-1)).toMatchObject({
      type: 'CertificationGranted',
      data: { certificateNumber: 'ESCA-B-2017-7', schemeId: 'esca-bronze', validFrom: '2017-03-10', validUntil: '2019-01-31' },
    });
  });

  it('Gold needs two experts before review', () => {
    expect(() => run(fileUpToReview('esca-gold', ['expert-eu'], goldScores(90)))).toThrow('1 of the 2 required experts have scored');
  });

  it('Gold is refused below 80 % overall', () => {
    expect(() => run([...fileUpToReview('esca-gold', ['expert-eu', 'expert-de'], goldScores(79)), grant('ESCA-G-1')])).toThrow(OverallScoreTooLow);
  });

  it('Gold is granted at 80 % overall', () => {
    const events = run([...fileUpToReview('esca-gold', ['expert-eu', 'expert-de'], goldScores(80)), grant('ESCA-G-1')]);
    expect(events.at(-1)?.type).toBe('CertificationGranted');
  });
});

function goldScores(score: number): Record<string, number> {
  return { structure: score, governance: score, financing: score, 'strategy-and-services': score, achievements: score };
}
