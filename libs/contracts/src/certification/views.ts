/** What the certification service answers: command results and read-model views. */

/** Every command answers where its events landed; `position` is the read-your-writes token for queries. */
export interface CommandResult {
  streamId: string;
  /** The stream's revision after the command (unchanged when nothing was appended). */
  revision: number;
  position: number;
  /** Events appended by this call (0 on an idempotent retry or a command with nothing to do). */
  appended: number;
  duplicate: boolean;
  /** What the command recorded, by event type (on a retry: what the first call recorded), e.g. ExpertRemoved after a declared conflict. */
  recorded?: string[];
}

export interface SubmitApplicationResult extends CommandResult {
  applicationId: string;
}

/** What the completeness check recorded: complete, or returned with the evidence still missing. */
export interface CompletenessResult extends CommandResult {
  outcome: 'complete' | 'returned-incomplete';
  missingEvidence: string[];
}

export interface DecisionResult extends CommandResult {
  outcome: 'granted' | 'refused';
  certificateNumber?: string;
}

export interface RegisterEntryView {
  certificateNumber: string;
  applicationId: string;
  status: 'active' | 'suspended' | 'withdrawn' | 'expired';
  holderOrganisationId: string;
  /** The holder's name in its languages (ro, sr-Latn, sr-Cyrl, hu, en), as registered when it applied. */
  holderName?: Record<string, string>;
  holderCountry: string;
  holderRegion: string;
  schemeId: string;
  schemeVersion: number;
  products: { name: string; niceClass?: number }[];
  validFrom: string;
  validUntil: string;
  issuedAt: string;
  suspendedAt?: string;
  restoredAt?: string;
  withdrawnAt?: string;
  expiredOn?: string;
  renewedAt?: string;
  statusReason?: string;
  statusSince: string;
  nextSurveillanceDue?: string;
  findings: number;
  revision: number;
}

export interface HistoryEntryView {
  revision: number;
  position: number;
  type: string;
  at?: string;
  actor: string;
  role: string;
  commandId: string;
  /** `sha256:` digest of the request the command answered (its body without commandId and expectedRevision), where its caller named the command. */
  requestDigest?: string;
  correlationId: string;
  recordedAt: string;
  hash: string;
  data: unknown;
}

export interface SchemeStatisticsView {
  schemeId: string;
  totals: Record<string, number>;
  byCountry: Record<string, Record<string, number>>;
  byRegion: Record<string, Record<string, number>>;
}

export interface ExpertWorkloadView {
  expertId: string;
  assigned: number;
  scored: number;
  removed: number;
  open: number;
  applicationIds: string[];
}

export interface ListPage<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * How far a read model (or publisher) has come through the history. `checkpoint` and `head` are
 * history positions (what `?after=` takes); `lag` is a count of events still to apply.
 */
export interface ProjectionStatusView {
  projection: string;
  checkpoint: number;
  head: number;
  /** Events not yet applied (counted, not a difference of positions); left out when asked with `lag: false`. */
  lag?: number;
  /** The count stopped at a cap: at least `lag` events behind. */
  lagAtLeast?: true;
  /** 'failed': halted on a poison event (see `failure`) until the service is fixed and restarted. */
  state: 'ok' | 'failed';
  failure?: { position: number; streamId: string; eventType: string; attempts: number; error: string };
}

export interface LodgeComplaintResult extends CommandResult {
  complaintId: string;
}

/** An upheld complaint also records a finding on the certificate; `findingRefused` names the rule if the certificate refused it. */
export interface ComplaintDecisionResult extends CommandResult {
  outcome: 'upheld' | 'rejected';
  finding?: CommandResult;
  findingRefused?: string;
}

/** A complaint as folded from its stream. */
export interface ComplaintView {
  complaintId: string;
  certificateNumber: string;
  status: 'lodged' | 'acknowledged' | 'under-investigation' | 'investigated' | 'decided';
  /** The complainant while their key exists; `{ erased: true }` once erased. `subjectId` names them for an erasure request. */
  complainant: { name: string; contact: string; subjectId?: string } | { erased: true; subjectId: string };
  grounds: string;
  lodgedBy: string;
  lodgedAt: string;
  decideBy: string;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  investigatorId?: string;
  investigation?: { summary: string; by: string; at: string };
  decision?: { outcome: 'upheld' | 'rejected'; reasons: string[]; findingSeverity?: string; decidedBy: string; decidedAt: string; decidedWithinDeadline: boolean };
  revision: number;
}

/** What an erasure destroyed: the keys of these people; their sealed data in the history can no longer be read. */
export interface PersonalDataErasureResult {
  /** People whose key was destroyed by this request. */
  erased: string[];
  /** People named by subjectId whose key was already gone (erasure is idempotent). */
  alreadyErased: string[];
}
