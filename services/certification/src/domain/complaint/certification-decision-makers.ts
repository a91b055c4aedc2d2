/** Who may not investigate or decide a complaint about a certificate: whoever granted it and whoever took its last decision. */
import type { ApplicationState } from '../application/application';
import type { CertificateEvent } from '../certificate/certificate';

const CERTIFICATE_DECISIONS: ReadonlySet<CertificateEvent['type']> = new Set([
  'CertificateSuspended',
  'CertificateRestored',
  'CertificateWithdrawn',
  'CertificateRenewed',
  'CertificateAppealDecided',
]);

export function certificationDecisionMakers(grantedFile: ApplicationState | undefined, certificate: readonly CertificateEvent[]): string[] {
  const people = new Set<string>();
  if (grantedFile?.decision?.outcome === 'granted') people.add(grantedFile.decision.decidedBy);
  const last = certificate.filter((e) => CERTIFICATE_DECISIONS.has(e.type)).at(-1);
  if (last) {
    people.add(last.data.actor);
    // An appeal decision is the panel's as a whole, not only the recorder's.
    if (last.type === 'CertificateAppealDecided') last.data.panel.forEach((member) => people.add(member));
  }
  return [...people];
}
