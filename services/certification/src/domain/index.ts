/** The certification domain's public API: pure deciders, schemes as data, validity arithmetic, history. */
export type { Command, Decider, Event } from './shared/decider';
export type { CommandMetadata, Role, Stamp } from './shared/command-metadata';
export { toInstant } from './shared/command-metadata';
export { DomainRuleViolation, ReasonRequired, UnknownInStream, UnknownScheme } from './shared/domain-rule-violation';
export { applicationStream, certificateStream } from './streams';

export type { CalendarDate } from './calendar/calendar-date';
export { addDays, addMonths, dateOf, endOfDay, isCalendarDate, PROGRAMME_TIME_ZONE, startOfDay } from './calendar/calendar-date';

export type { AppealRules, ComplaintRules, Criterion, EvidenceRequirement, Scheme, SchemeRules, ValidityRules } from './schemes/scheme';
export { madeInBanat } from './schemes/made-in-banat';
export { escaBronze, escaGold, escaSilver } from './schemes/esca-labels';
export { defaultSchemeCatalogue, findScheme } from './schemes/scheme-catalogue';
export type { SchemeCatalogue } from './schemes/scheme-catalogue';
export { assertValidScheme, validateScheme } from './schemes/validate-scheme';

export type { Validity } from './validity/validity';
export { expiresOn, firstTerm, isRenewableOn, isWithinValidity, lastRenewalDay, renewedTerm, termOf } from './validity/validity';

export type * from './application/application';
export { evolveApplication, initialApplicationState } from './application/application';
export type * from './application/application.decide';
export { applicationDecider, makeApplicationDecider } from './application/application.decide';
export * from './application/application.errors';
export { summariseAssessment } from './application/assessment-summary';
export { requireExpertAssignable } from './application/expert-assignment';

export type * from './certificate/certificate';
export { evolveCertificate, initialCertificateState } from './certificate/certificate';
export type * from './certificate/certificate.decide';
export { certificateDecider, makeCertificateDecider } from './certificate/certificate.decide';
export * from './certificate/certificate.errors';

export { applicationAsOf, certificateAsOf, isInForceOn, stateAsOf } from './history/as-of';
export type { PublicCertificationFact, PublicCertificationFactType } from './public-events/public-certification-facts';
export { publicFactsOf, toPublicFact } from './public-events/public-certification-facts';

export type * from './complaint/complaint';
export { complaintStream, evolveComplaint, initialComplaintState } from './complaint/complaint';
export type * from './complaint/complaint.decide';
export { complaintDecider, identifyComplainant, makeComplaintDecider } from './complaint/complaint.decide';
export type { SealedPersonalData } from './personal-data/sealed';
export { isSealed } from './personal-data/sealed';
export * from './complaint/complaint.errors';
export { certificationDecisionMakers } from './complaint/certification-decision-makers';
