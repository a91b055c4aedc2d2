/** The vocabulary of programme events, shared by the events service, the gateway and partners. */
export const EVENT_KINDS = ['conference', 'workshop', 'fair', 'study-visit', 'training', 'mentoring-visit'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
/** At a fair a place is an exhibitor's or a visitor's; elsewhere everyone participates. */
export const PARTICIPATIONS = ['participant', 'exhibitor', 'visitor'] as const;
export type Participation = (typeof PARTICIPATIONS)[number];
export const QUOTA_DIMENSIONS = ['country', 'organisationKind', 'participation'] as const;
export type QuotaDimension = (typeof QUOTA_DIMENSIONS)[number];
export const GENDERS = ['female', 'male', 'other'] as const;
export type Gender = (typeof GENDERS)[number];
export const EVENT_LANGUAGES = ['ro', 'sr', 'hu', 'en', 'de'] as const;
export const REGISTRATION_STATUSES = ['pending-approval', 'confirmed', 'waiting', 'offered', 'cancelled', 'rejected', 'lapsed'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
