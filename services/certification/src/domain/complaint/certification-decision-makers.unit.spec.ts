import { initialApplicationState } from '../application/application';
import { appealLodged, issued, restored, suspended } from '../certificate/certificate.fixtures';
import type { CertificateEvent } from '../certificate/certificate';
import { certificationDecisionMakers } from './certification-decision-makers';

const grantedBy = (decidedBy: string, outcome: 'granted' | 'refused' = 'granted') => ({
  ...initialApplicationState(),
  decision: { outcome, decidedBy, decidedAt: '2025-03-03T10:00:00.000Z', reasons: ['every threshold met'] },
});

describe('who took the certification decisions a complaint is about', () => {
  it('the grant\'s decision maker, for a certificate with no later decision', () => {
    expect(certificationDecisionMakers(grantedBy('dm-ana'), [issued()])).toEqual(['dm-ana']);
  });

  it('and whoever took the last decision on the certificate (the fixtures\' suspensions are dm-milan\'s)', () => {
    const restoredBy = (actor: string): CertificateEvent => ({ ...restored(), data: { ...restored().data, actor } } as CertificateEvent);
    expect(certificationDecisionMakers(grantedBy('dm-ana'), [issued(), suspended(), restoredBy('dm-goran')])).toEqual(['dm-ana', 'dm-goran']);
  });

  it('an appeal decision counts with its whole panel; lodging an appeal is no decision', () => {
    const appealDecided: CertificateEvent = {
      type: 'CertificateAppealDecided',
      data: { certificateNumber: 'MIB-2025-0001', appealId: 'cert-appeal-1', outcome: 'dismissed', panel: ['dm-ana', 'panel-vesna'], reasons: ['x'], decidedWithinDeadline: true, at: '2025-11-20T10:00:00.000Z', actor: 'dm-ana', role: 'decision-maker' },
    };
    expect(certificationDecisionMakers(grantedBy('dm-ion'), [issued(), suspended(), appealLodged()])).toEqual(['dm-ion', 'dm-milan']);
    expect(certificationDecisionMakers(grantedBy('dm-ion'), [issued(), suspended(), appealLodged(), appealDecided])).toEqual(['dm-ion', 'dm-ana', 'panel-vesna']);
  });

  it('a refused file names no grant decision maker', () => {
    expect(certificationDecisionMakers(grantedBy('dm-ana', 'refused'), [])).toEqual([]);
  });
});
