import { format, Messages } from './messages';

type MessageKey = { [K in keyof Messages]: Messages[K] extends string ? K : never }[keyof Messages];

/** The checks of a credential's verification (POST /credentials/verify), by name. */
const CHECKS: Record<string, MessageKey> = { signature: 'checkSignature', issuer: 'checkIssuer', validity: 'checkValidity', status: 'checkStatus' };

/** Why a check failed, by the verifier's code (its `reason` is English, for API clients); `value` fills {value}. */
const REASONS: Record<string, MessageKey> = {
  'not-a-jws': 'vNotJws',
  'not-a-credential': 'vNotCredential',
  'unknown-key': 'vUnknownKey',
  algorithm: 'vAlgorithm',
  signature: 'vSignature',
  'other-issuer': 'vOtherIssuer',
  'no-dates': 'vNoDates',
  'not-yet-valid': 'vNotYetValid',
  expired: 'vExpired',
  'no-status-entry': 'vNoStatusEntry',
  'status-entry': 'vStatusEntry',
  'status-list-missing': 'vStatusListMissing',
  'status-list-invalid': 'vStatusListInvalid',
  'status-list-not-issuers': 'vStatusListNotIssuers',
  suspended: 'vSuspended',
  withdrawn: 'vWithdrawn',
  'status-other': 'vStatusOther',
};

export const VERIFICATION_CODES = Object.keys(REASONS);

export const checkLabel = (check: string, t: Messages): string => (CHECKS[check] ? t[CHECKS[check]] : check);

/** A failed check's reason in the reader's language; a code this page does not know is "the check failed". */
export const checkReason = (check: { code?: string; value?: string }, t: Messages): string => {
  const key = check.code ? REASONS[check.code] : undefined;
  return key ? format(t[key], { value: check.value ?? '' }) : t.vUnknown;
};
