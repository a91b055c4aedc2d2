/**
 * What the audit commands share: their exit codes, the errors they end with, how a date is read on
 * the command line, and a connection failure said in terms an auditor can act on.
 */
import { InvalidArgumentError } from 'commander';
import { ErrorCode, NatsError } from 'nats';
import { endOfDay, isCalendarDate, PROGRAMME_TIME_ZONE } from '../services/certification/src/domain/calendar/calendar-date';

/** The audit tool's exit codes (also in `audit --help` and each command's help). */
export const EXIT = {
  ok: 0,
  /** verify: a broken chain or a message that is not a commit (heads: the same, and no heads written); credential verify: a failed check; rebuild: a difference. */
  finding: 1,
  /** An unknown command or option, a missing or invalid value. */
  usage: 2,
  /** history, as-of, verify --stream: no such stream in the history. */
  streamNotFound: 3,
  /** Could not run: NATS unreachable or refusing the user, no history stream, a file or database unreadable. */
  failed: 4,
} as const;

/** The `code` of `{ "error": { "code", "message" } }` (with --json). */
export type AuditErrorCode = 'usage' | 'stream-not-found' | 'connection' | 'failed';

export class AuditError extends Error {
  constructor(
    readonly code: AuditErrorCode,
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** '1 event', '4 events'. */
export const eventCount = (n: number): string => `${n} event${n === 1 ? '' : 's'}`;

export const streamNotFound = (stream: string) => new AuditError('stream-not-found', `stream ${stream} not found`, EXIT.streamNotFound);

/** The help text that lists the exit codes a command can end with. */
export function exitCodesHelp(codes: Partial<Record<keyof typeof EXIT, string>>): string {
  const lines = Object.entries(codes).map(([name, meaning]) => `  ${EXIT[name as keyof typeof EXIT]}  ${meaning}`);
  return `\nExit codes:\n${lines.join('\n')}`;
}

export const DATE_FORMAT = 'YYYY-MM-DD or an ISO 8601 instant with its zone, e.g. 2027-01-15 or 2027-01-15T00:00:00Z';
/** How every command reads `--at`, in its help. */
export const AT_MEANING = `a day means its end in ${PROGRAMME_TIME_ZONE}, as the HTTP API's as-of reads it; an instant means itself`;
const DAY = /^(\d{4}-\d{2}-\d{2})$/;
const INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * Commander argument parser of `--at`: a calendar day or an instant with its zone, checked as a
 * real date (not 2027-02-30, not "tomorrow"). Returns the instant it names (UTC, ISO 8601), read as
 * the HTTP API reads `when` (services/certification/src/domain/history/as-of.ts): a day is the last
 * instant of that day in the programme's time zone, so everything recorded on it counts.
 */
export function parseAt(value: string): string {
  const day = (DAY.exec(value) ?? INSTANT.exec(value))?.[1];
  if (day === undefined || !isCalendarDate(day) || Number.isNaN(Date.parse(value))) throw new InvalidArgumentError(`Expected ${DATE_FORMAT}.`);
  return DAY.test(value) ? endOfDay(value) : new Date(value).toISOString();
}

/** A failed connection (or a history that cannot be opened) named with the server, the user and what to check. */
export function connectionFailure(error: unknown, server: string, user: string | undefined): AuditError {
  const as = user ? `user ${user}` : 'no user';
  const code = error instanceof NatsError ? error.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const credentials = 'check --user (else NATS_USER) and NATS_PASSWORD (with npm start: BANAT_NATS_PASSWORD_AUDITOR in .data/nats-passwords.json)';
  if (code === ErrorCode.ConnectionRefused) return new AuditError('connection', `cannot connect to NATS at ${server}: connection refused; check --server (else NATS_URL) and that nats-server runs there`, EXIT.failed);
  if (code === ErrorCode.AuthorizationViolation || code === ErrorCode.AuthenticationTimeout) return new AuditError('connection', `NATS at ${server} refused ${as} (authorization violation); ${credentials}`, EXIT.failed);
  if (error instanceof NatsError && error.api_error?.err_code === 10059) return new AuditError('failed', `NATS at ${server} holds no certification history (${message}); check --server: the certification service creates it when it first starts`, EXIT.failed);
  if (code === ErrorCode.NoResponders || code === ErrorCode.Timeout || code === ErrorCode.PermissionsViolation) return new AuditError('connection', `NATS at ${server} did not let ${as} read the certification history (${message}); ${credentials}, and that the user may read it (the auditor user of deploy/nats/auth.conf; NATS_HISTORY_API)`, EXIT.failed);
  return new AuditError('connection', `cannot connect to NATS at ${server} as ${as}: ${message}; check --server (else NATS_URL), ${credentials.replace('check ', '')}`, EXIT.failed);
}
