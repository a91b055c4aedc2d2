/** The certificate decider: surveillance, suspension, restoration, withdrawal, expiry, renewal, appeals. */
import { addMonths, dateOf, isAfter, isBefore } from '../calendar/calendar-date';
import { stampOf } from '../shared/command-metadata';
import type { Decider } from '../shared/decider';
import { requireReasons } from '../shared/domain-rule-violation';
import { defaultSchemeCatalogue, findScheme, SchemeCatalogue } from '../schemes/scheme-catalogue';
import { expiresOn, lastRenewalDay, renewedTerm, Validity } from '../validity/validity';
import { CertificateEvent, CertificateState, evolveCertificate, initialCertificateState } from './certificate';
import { decideCertificateAppeal, lodgeCertificateAppeal } from './certificate-appeal';
import type { CertificateCommand, RenewalAssessment } from './certificate.commands';
import {
  CertificateAlreadyIssued,
  CertificateAlreadySuspended,
  CertificateExpired,
  CertificateNotIssued,
  CertificateNotSuspended,
  CertificateWithdrawn,
  InvalidValidity,
  RenewalAssessmentAlreadyUsed,
  RenewalAssessmentNotGranted,
  RenewalAssessmentNotMatching,
  RenewalGracePeriodPassed,
  RenewalOfSuspendedCertificate,
} from './certificate.errors';

export type * from './certificate.commands';

type Issued = CertificateState & { certificateNumber: string; validFrom: string; validUntil: string; schemeId: string };

function requireIssued(state: CertificateState): Issued {
  if (state.status === 'not-issued' || !state.certificateNumber || !state.validFrom || !state.validUntil || !state.schemeId) {
    throw new CertificateNotIssued();
  }
  return state as Issued;
}

/** Withdrawn is final; past its validity a certificate counts as expired even before the scheduler notices. */
function requireInForce(state: CertificateState, now: string): Issued {
  const issued = requireIssued(state);
  if (issued.status === 'withdrawn') throw new CertificateWithdrawn(issued.certificateNumber);
  if (issued.status === 'expired' || isAfter(dateOf(now), issued.validUntil)) {
    throw new CertificateExpired(issued.certificateNumber, issued.validUntil);
  }
  return issued;
}

/** A renewal stands on a granted assessment of the same holder and scheme, not yet used for this certificate. */
function requireRenewalAssessment(issued: Issued, applicationId: string, assessment: RenewalAssessment | undefined): void {
  if (!assessment || assessment.applicationId !== applicationId || assessment.status !== 'granted') {
    throw new RenewalAssessmentNotGranted(applicationId, assessment?.applicationId === applicationId ? assessment.status : 'not-submitted');
  }
  if (assessment.holderOrganisationId !== issued.holder?.organisationId) {
    throw new RenewalAssessmentNotMatching(applicationId, 'holder', issued.holder?.organisationId ?? '', assessment.holderOrganisationId ?? '');
  }
  if (assessment.schemeId !== issued.schemeId) throw new RenewalAssessmentNotMatching(applicationId, 'scheme', issued.schemeId, assessment.schemeId ?? '');
  if (applicationId === issued.applicationId || issued.renewalApplicationIds.includes(applicationId)) throw new RenewalAssessmentAlreadyUsed(applicationId);
}

export function makeCertificateDecider(
  catalogue: SchemeCatalogue = defaultSchemeCatalogue,
): Decider<CertificateState, CertificateCommand, CertificateEvent> {
  const schemeOf = (state: Issued) => findScheme(catalogue, state.schemeId, state.schemeVersion);

  const decide = (command: CertificateCommand, state: CertificateState): CertificateEvent[] => {
    const stamp = stampOf(command.metadata);
    const today = dateOf(command.metadata.now);
    const { certificateNumber } = command.data;
    switch (command.type) {
      case 'IssueCertificate': {
        if (state.status !== 'not-issued') throw new CertificateAlreadyIssued(certificateNumber);
        const { validFrom, validUntil, schemeId, schemeVersion } = command.data;
        if (!isBefore(validFrom, validUntil)) throw new InvalidValidity(validFrom, validUntil);
        const scheme = findScheme(catalogue, schemeId, schemeVersion);
        const nextSurveillanceDue = addMonths(today, scheme.surveillanceIntervalMonths);
        // Object.assign, not a spread: on Node 20 a spread followed by keys its source lacks costs microseconds (V8 issue 11536).
        return [{ type: 'CertificateIssued', data: Object.assign({}, command.data, { nextSurveillanceDue }, stamp) }];
      }
      case 'RecordSurveillanceFinding': {
        const issued = requireInForce(state, command.metadata.now);
        // A surveillance visit restarts the interval; a complaint does not replace the visit.
        const nextSurveillanceDue =
          command.data.source === 'surveillance'
            ? addMonths(today, schemeOf(issued).surveillanceIntervalMonths)
            : (issued.nextSurveillanceDue ?? today);
        return [{ type: 'SurveillanceFindingRecorded', data: Object.assign({}, command.data, { nextSurveillanceDue }, stamp) }];
      }
      case 'SuspendCertificate': {
        const issued = requireInForce(state, command.metadata.now);
        if (issued.status === 'suspended') throw new CertificateAlreadySuspended(certificateNumber);
        const [reason] = requireReasons([command.data.reason], 'a suspension');
        return [{ type: 'CertificateSuspended', data: { certificateNumber, reason, ...stamp } }];
      }
      case 'RestoreCertificate': {
        const issued = requireInForce(state, command.metadata.now);
        if (issued.status !== 'suspended') throw new CertificateNotSuspended(certificateNumber);
        const [reason] = requireReasons([command.data.reason], 'a restoration');
        return [{ type: 'CertificateRestored', data: { certificateNumber, reason, ...stamp } }];
      }
      case 'WithdrawCertificate': {
        requireInForce(state, command.metadata.now);
        const [reason] = requireReasons([command.data.reason], 'a withdrawal');
        return [{ type: 'CertificateWithdrawn', data: { certificateNumber, reason, ...stamp } }];
      }
      case 'ExpireIfDue': {
        const issued = requireIssued(state);
        const due = (issued.status === 'active' || issued.status === 'suspended') && isAfter(today, issued.validUntil);
        if (!due) return [];
        return [{ type: 'CertificateExpired', data: { certificateNumber, expiredOn: expiresOn(issued), ...stamp } }];
      }
      case 'RenewCertificate': {
        const issued = requireIssued(state);
        if (issued.status === 'withdrawn') throw new CertificateWithdrawn(certificateNumber);
        if (issued.status === 'suspended') throw new RenewalOfSuspendedCertificate(certificateNumber);
        requireRenewalAssessment(issued, command.data.renewalApplicationId, command.data.renewalAssessment);
        const rules = schemeOf(issued).validity;
        const previous: Validity = { validFrom: issued.validFrom, validUntil: issued.validUntil };
        const lastDay = lastRenewalDay(rules, previous);
        if (isAfter(today, lastDay)) throw new RenewalGracePeriodPassed(lastDay);
        const [reason] = requireReasons([command.data.reason], 'a renewal');
        return [
          {
            type: 'CertificateRenewed',
            data: {
              certificateNumber,
              renewalApplicationId: command.data.renewalApplicationId,
              previousValidUntil: issued.validUntil,
              ...renewedTerm(rules, previous),
              reason,
              ...stamp,
            },
          },
        ];
      }
      case 'LodgeCertificateAppeal': {
        const issued = requireIssued(state);
        return lodgeCertificateAppeal(command, issued, schemeOf(issued));
      }
      case 'DecideCertificateAppeal': {
        const issued = requireIssued(state);
        return decideCertificateAppeal(command, issued, schemeOf(issued));
      }
    }
  };

  return { decide, evolve: evolveCertificate, initialState: initialCertificateState };
}

export const certificateDecider = makeCertificateDecider();
