/**
 * Who may not investigate or decide a complaint, nor judge an appeal, about a certificate: everyone who
 * ever assessed, declared a conflict on, reviewed or decided its file (or an appeal on it), and everyone
 * who ever took a decision or recorded a surveillance finding on the certificate — not only the latest.
 */
import type { ApplicationState } from '../application/application';
import type { CertificateEvent } from '../certificate/certificate';

const CERTIFICATE_DECISIONS: ReadonlySet<CertificateEvent['type']> = new Set([
  'SurveillanceFindingRecorded',
  'CertificateSuspended',
  'CertificateRestored',
  'CertificateWithdrawn',
  'CertificateRenewed',
  'CertificateAppealDecided',
]);

export function certificationDecisionMakers(grantedFile: ApplicationState | undefined, certificate: readonly CertificateEvent[]): string[] {
  const people = new Set<string>(grantedFile?.everInvolved ?? []);
  for (const event of certificate) {
    if (!CERTIFICATE_DECISIONS.has(event.type)) continue;
    // A complaint's finding is recorded in its decider's name: that judged the complaint, not the certificate.
    if (event.type === 'SurveillanceFindingRecorded' && event.data.source === 'complaint') continue;
    people.add(event.data.actor);
    // An appeal decision is the panel's as a whole, not only the recorder's.
    if (event.type === 'CertificateAppealDecided') event.data.panel.forEach((member) => people.add(member));
  }
  return [...people];
}
