/** The commands on a certificate: their own file, so that the decider and the rules it calls do not import each other. */
import type { Applicant, Product } from '../application/application';
import type { Command } from '../shared/decider';
import type { CertificateAppealOutcome, FindingSeverity, FindingSource } from './certificate';

type Num = { certificateNumber: string };

/** Sent when an application's CertificationGranted is recorded; carries the grant's facts over. */
export type IssueCertificate = Command<
  'IssueCertificate',
  Num & {
    applicationId: string;
    holder: Applicant;
    schemeId: string;
    schemeVersion: number;
    products: readonly Product[];
    validFrom: string;
    validUntil: string;
  }
>;
export type RecordSurveillanceFinding = Command<
  'RecordSurveillanceFinding',
  Num & { findingId: string; source: FindingSource; severity: FindingSeverity; summary: string }
>;
export type SuspendCertificate = Command<'SuspendCertificate', Num & { reason: string }>;
export type RestoreCertificate = Command<'RestoreCertificate', Num & { reason: string }>;
export type WithdrawCertificate = Command<'WithdrawCertificate', Num & { reason: string }>;
/** Sent daily by the service's scheduler; does nothing until the validity has ended. */
export type ExpireIfDue = Command<'ExpireIfDue', Num>;
/** The renewal assessment's file as the application layer found it; absent if there is no such file. */
export type RenewalAssessment = Readonly<{ applicationId: string; status: string; holderOrganisationId?: string; schemeId?: string }>;
/** Sent when a renewal assessment is granted: the assessment must be a granted one of the same holder and scheme. */
export type RenewCertificate = Command<
  'RenewCertificate',
  Num & { renewalApplicationId: string; reason: string; renewalAssessment?: RenewalAssessment }
>;

/** The holder (or the secretariat for it) appeals the suspension or withdrawal in force. */
export type LodgeCertificateAppeal = Command<'LodgeCertificateAppeal', Num & { appealId: string; grounds: string }>;
export type DecideCertificateAppeal = Command<
  'DecideCertificateAppeal',
  Num & {
    appealId: string;
    outcome: CertificateAppealOutcome;
    /** Everyone who took the appeal decision besides the recorder; none may have taken the appealed decision. */
    panel: readonly string[];
    reasons: readonly string[];
    /** Everyone ever involved with the certificate and its file (certificationDecisionMakers), read by the application layer. */
    involved: readonly string[];
  }
>;

export type CertificateCommand =
  | IssueCertificate
  | RecordSurveillanceFinding
  | SuspendCertificate
  | RestoreCertificate
  | WithdrawCertificate
  | ExpireIfDue
  | RenewCertificate
  | LodgeCertificateAppeal
  | DecideCertificateAppeal;
