import { initialApplicationState } from '../application/application';
import { appealLodged, issued, restored, suspended } from '../certificate/certificate.fixtures';
import type { CertificateEvent } from '../certificate/certificate';
import { certificationDecisionMakers } from './certification-decision-makers';

const grantedBy = (decidedBy: string, outcome: 'granted' | 'refused' = 'granted', everInvolved: string[] = [decidedBy]) => ({
  ...initialApplicationState(),
  decision: { outcome, decidedBy, decidedAt: '2025-03-03T10:00:00.000Z', reasons: ['every threshold met'] },
  everInvolved,
});

describe('who was ever involved with the certificate a complaint or an appeal is about', () => {
  it('everyone involved in the file: assessors (removed ones too), conflicted experts, the reviewer, the grant\'s decision maker', () => {
    const file = grantedBy('dm-ana', 'granted', ['expert-ro', 'expert-removed', 'expert-conflicted', 'reviewer-ion', 'dm-ana']);
    expect(certificationDecisionMakers(file, [issued()])).toEqual(['expert-ro', 'expert-removed', 'expert-conflicted', 'reviewer-ion', 'dm-ana']);
  });

  it('and whoever ever took a decision on the certificate, not only the last (the fixtures\' suspensions are dm-milan\'s)', () => {
    const restoredBy = (actor: string): CertificateEvent => ({ ...restored(), data: { ...restored().data, actor } } as CertificateEvent);
    expect(certificationDecisionMakers(grantedBy('dm-ana'), [issued(), suspended(), restoredBy('dm-goran')])).toEqual(['dm-ana', 'dm-milan', 'dm-goran']);
  });

  it('an appeal decision counts with its whole panel; lodging an appeal is no decision', () => {
    const appealDecided: CertificateEvent = {
      type: 'CertificateAppealDecided',
      data: { certificateNumber: 'MIB-2025-0001', appealId: 'cert-appeal-1', outcome: 'dismissed', panel: ['dm-ana', 'panel-vesna'], reasons: ['x'], decidedWithinDeadline: true, at: '2025-11-20T10:00:00.000Z', actor: 'dm-ana', role: 'decision-maker' },
    };
    expect(certificationDecisionMakers(grantedBy('dm-ion'), [issued(), suspended(), appealLodged()])).toEqual(['dm-ion', 'dm-milan']);
    expect(certificationDecisionMakers(grantedBy('dm-ion'), [issued(), suspended(), appealLodged(), appealDecided])).toEqual(['dm-ion', 'dm-milan', 'dm-ana', 'panel-vesna']);
  });

  it('a surveillance finding\'s author counts; a complaint\'s finding, recorded in its decider\'s name, does not', () => {
    const finding = (actor: string, source: 'surveillance' | 'complaint'): CertificateEvent => ({
      type: 'SurveillanceFindingRecorded',
      data: { certificateNumber: 'MIB-2025-0001', findingId: `f-${actor}`, source, severity: 'minor', summary: 'x', nextSurveillanceDue: '2026-03-03', at: '2025-11-20T10:00:00.000Z', actor, role: 'decision-maker' },
    });
    expect(certificationDecisionMakers(grantedBy('dm-ion'), [issued(), finding('auditor-eva', 'surveillance'), finding('dm-ana', 'complaint')])).toEqual(['dm-ion', 'auditor-eva']);
  });

  it('no file and no certificate: nobody', () => {
    expect(certificationDecisionMakers(undefined, [])).toEqual([]);
  });
});
