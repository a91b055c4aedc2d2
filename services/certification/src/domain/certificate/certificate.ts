/** The certificate: events, state and evolve. Stream `certificate-<number>`; appeals against its suspension or withdrawal live here too. */
import type { CalendarDate } from '../calendar/calendar-date';
import type { Stamp } from '../shared/command-metadata';
import { AppendOnlyList } from '../shared/append-only-list';
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

/** The certificate decisions its holder may appeal (ISO/IEC 17065 7.13). */
export type AppealableDecision = 'suspension' | 'withdrawal';
export type CertificateAppealOutcome = 'upheld' | 'dismissed';

/** The suspension or withdrawal the certificate is under, kept so an appeal names who took it and when. */
export type StandingDecision = Readonly<{ kind: AppealableDecision; decidedBy: string; decidedAt: string; reason: string }>;

export type CertificateAppeal = Readonly<{
  appealId: string;
  against: AppealableDecision;
  decisionBy: string;
  decisionAt: string;
  lodgedBy: string;
  lodgedAt: string;
  decideBy: CalendarDate;
  outcome?: CertificateAppealOutcome;
  panel?: readonly string[];
}>;

/** The decision-maker behind a certificate: kept on the certificate's own history, beside the issuing service. */
export type GrantedBy = Readonly<{ actor: string; role: string; at: string; applicationId: string }>;

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
          /** Who decided the grant; absent on certificates issued before it was recorded. */
          grantedBy?: GrantedBy;
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
  /** A manual restoration, or (with appealId) the suspension or withdrawal set aside by an upheld appeal. */
  | Event<'CertificateRestored', Num & Stamp & { reason: string; appealId?: string; setAside?: AppealableDecision }>
  | Event<'CertificateWithdrawn', Num & Stamp & { reason: string }>
  /** With appealId: a withdrawal or suspension set aside on appeal after the term had already ended. */
  | Event<'CertificateExpired', Num & Stamp & { expiredOn: CalendarDate; appealId?: string; setAside?: AppealableDecision }>
  | Event<
      'CertificateAppealLodged',
      Num &
        Stamp & {
          appealId: string;
          grounds: string;
          against: AppealableDecision;
          /** Who took the appealed decision and when: they may not decide the appeal. */
          decisionBy: string;
          decisionAt: string;
          decideBy: CalendarDate;
        }
    >
  | Event<
      'CertificateAppealDecided',
      Num &
        Stamp & {
          appealId: string;
          outcome: CertificateAppealOutcome;
          panel: readonly string[];
          reasons: readonly string[];
          decidedWithinDeadline: boolean;
        }
    >
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
  /** Appended to without copying: it grows with the stream. */
  findings: AppendOnlyList<SurveillanceFinding>;
  /** Why the certificate is suspended or withdrawn, while it is. */
  statusReason?: string;
  statusSince?: string;
  /** The suspension or withdrawal in force, while it is. */
  standingDecision?: StandingDecision;
  appeals: readonly CertificateAppeal[];
  /** The assessments that renewed it: each renews once. */
  renewalApplicationIds: readonly string[];
}>;

export const initialCertificateState = (): CertificateState => ({ status: 'not-issued', products: [], findings: AppendOnlyList.empty(), appeals: [], renewalApplicationIds: [] });

const standing = (kind: AppealableDecision, data: Stamp & { reason: string }): StandingDecision => ({
  kind,
  decidedBy: data.actor,
  decidedAt: data.at,
  reason: data.reason,
});

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
      return { ...state, nextSurveillanceDue, findings: state.findings.with({ findingId, source, severity, summary, at }) };
    }
    case 'CertificateSuspended':
      return { ...state, status: 'suspended', statusReason: event.data.reason, statusSince: event.data.at, standingDecision: standing('suspension', event.data) };
    case 'CertificateRestored':
      return { ...state, status: 'active', statusReason: undefined, statusSince: event.data.at, standingDecision: undefined };
    case 'CertificateWithdrawn':
      return { ...state, status: 'withdrawn', statusReason: event.data.reason, statusSince: event.data.at, standingDecision: standing('withdrawal', event.data) };
    case 'CertificateExpired':
      return { ...state, status: 'expired', statusReason: undefined, statusSince: event.data.at, standingDecision: undefined };
    case 'CertificateAppealLodged': {
      const { appealId, against, decisionBy, decisionAt, decideBy, actor, at } = event.data;
      return { ...state, appeals: [...state.appeals, { appealId, against, decisionBy, decisionAt, lodgedBy: actor, lodgedAt: at, decideBy }] };
    }
    case 'CertificateAppealDecided': {
      const { appealId, outcome, panel } = event.data;
      return { ...state, appeals: state.appeals.map((a) => (a.appealId === appealId ? { ...a, outcome, panel } : a)) };
    }
    case 'CertificateRenewed':
      return {
        ...state,
        status: 'active',
        validFrom: event.data.validFrom,
        validUntil: event.data.validUntil,
        statusReason: undefined,
        statusSince: event.data.at,
        standingDecision: undefined,
        renewalApplicationIds: [...state.renewalApplicationIds, event.data.renewalApplicationId],
      };
  }
}
