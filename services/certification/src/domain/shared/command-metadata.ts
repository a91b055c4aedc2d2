import { isoInstant } from '@banat/contracts';
/** Who acts, in which role, and when: the only source of time and identity for the domain. */
export type Role =
  | 'applicant'
  | 'secretariat'
  | 'expert'
  | 'reviewer'
  | 'decision-maker'
  | 'appeal-panel'
  | 'auditor'
  | 'scheduler';

export type CommandMetadata = Readonly<{
  actor: string;
  role: Role;
  /** ISO 8601 instant, UTC. */
  now: string;
}>;

/** Kept in every event's data so an auditor sees who did what, when, without the store's envelope. */
export type Stamp = Readonly<{ at: string; actor: string; role: Role }>;

/** Normalised to `toISOString()` form so recorded instants compare correctly as strings. */
export function toInstant(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant: ${value}`);
  return isoInstant(ms);
}

export const stampOf = (metadata: CommandMetadata): Stamp => ({
  at: toInstant(metadata.now),
  actor: metadata.actor,
  role: metadata.role,
});
