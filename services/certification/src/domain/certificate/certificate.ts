/** The certificate: events, state and evolve. Stream `certificate-<number>`. */
import type { CalendarDate } from '../calendar/calendar-date';
import type { Stamp } from '../shared/command-metadata';
import type { Event } from '../shared/decider';
import type { Applicant, Product } from '../application/application';

export type FindingSource = 'surveillance' | 'complaint';
export type FindingSeverity = 'observation' | 'minor' | 'major';
export type SurveillanceFinding = Readonly<{
  findingId: string;
  source: FindingSource;
  severity: FindingSeverity;
  summary: string;
  at: string;
}>;

type Num = { certificateNumber: string };

export type CertificateEvent =
  | Event<
      'CertificateIssued',
      Num &
        Stamp & {
          applicationId: string;
          holder: Applicant;
          schemeId: string;
          schemeVersion: number;
          products: readonly Product[];
          validFrom: CalendarDate;
          validUntil: CalendarDate;
          nextSurveillanceDue: CalendarDate;
        }
    >
  | Event<
      'SurveillanceFindingRecorded',
      Num &
        Stamp & {
          findingId: string;
          source: FindingSource;
          severity: FindingSeverity;
          summary: string;
          nextSurveillanceDue: CalendarDate;
        }
    >
  | Event<'CertificateSuspended', Num & Stamp & { reason: string }>
  | Event<'CertificateRestored', Num & Stamp & { reason: string }>
  | Event<'CertificateWithdrawn', Num & Stamp & { reason: string }>
  | Event<'CertificateExpired', Num & Stamp & { expiredOn: CalendarDate }>
  | Event<
      'CertificateRenewed',
      Num &
        Stamp & {
          renewalApplicationId: string;
          previousValidUntil: CalendarDate;
          validFrom: CalendarDate;
          validUntil: CalendarDate;
          reason: string;
        }
    >;

export type CertificateStatus = 'not-issued' | 'active' | 'suspended' | 'withdrawn' | 'expired';

export type CertificateState = Readonly<{
  status: CertificateStatus;
  certificateNumber?: string;
  applicationId?: string;
  holder?: Applicant;
  schemeId?: string;
  schemeVersion?: number;
  products: readonly Product[];
  issuedAt?: string;
  /** The current term: after a renewal it starts the day after the previous term ended. */
  validFrom?: CalendarDate;
  validUntil?: CalendarDate;
  nextSurveillanceDue?: CalendarDate;
  findings: readonly SurveillanceFinding[];
  /** Why the certificate is suspended or withdrawn, while it is. */
  statusReason?: string;
  statusSince?: string;
}>;

export const initialCertificateState = (): CertificateState => ({ status: 'not-issued', products: [], findings: [] });

export function evolveCertificate(state: CertificateState, event: CertificateEvent): CertificateState {
  switch (event.type) {
    case 'CertificateIssued': {
      const { certificateNumber, applicationId, holder, schemeId, schemeVersion, products, validFrom, validUntil, nextSurveillanceDue, at } =
        event.data;
      return {
        ...state,
        status: 'active',
        certificateNumber,
        applicationId,
        holder,
        schemeId,
        schemeVersion,
        products,
        issuedAt: at,
        validFrom,
        validUntil,
        nextSurveillanceDue,
        statusSince: at,
      };
    }
    case 'SurveillanceFindingRecorded': {
      const { findingId, source, severity, summary, at, nextSurveillanceDue } = event.data;
      return { ...state, nextSurveillanceDue, findings: [...state.findings, { findingId, source, severity, summary, at }] };
    }
    case 'CertificateSuspended':
      return { ...state, status: 'suspended', statusReason: event.data.reason, statusSince: event.data.at };
    case 'CertificateRestored':
      return { ...state, status: 'active', statusReason: undefined, statusSince: event.data.at };
    case 'CertificateWithdrawn':
      return { ...state, status: 'withdrawn', statusReason: event.data.reason, statusSince: event.data.at };
    case 'CertificateExpired':
      return { ...state, status: 'expired', statusReason: undefined, statusSince: event.data.at };
    case 'CertificateRenewed':
      return {
        ...state,
        status: 'active',
        validFrom: event.data.validFrom,
        validUntil: event.data.validUntil,
        statusReason: undefined,
        statusSince: event.data.at,
      };
  }
}
