import { Logger, ServiceUnavailableException } from '@nestjs/common';
import type { HealthCheckResult, HealthIndicatorResult } from '@nestjs/terminus';
import type { Role } from '../auth/roles';
import { FoldedWarnings } from '../http/http-exception.filter';

/** Who sees the whole readiness report (process ids, raw errors, a halted projection's position, stream, event and error): as for the projections status. */
export const OPERATORS: readonly Role[] = ['secretariat', 'auditor'];

type State = HealthIndicatorResult[string];

/** A service's database as anyone may see it: its state, never the driver's or the database's own error text. */
export function databaseShown(database: string): string {
  if (/^[a-z]+$/.test(database)) return database; // mongoose's states: connected, connecting, disconnected, disconnecting, unknown
  if (/ not answering within /.test(database)) return 'not answering';
  return 'failing';
}

/** One check as anyone may see it: its status, the database's state, this gateway's own words about it, the names of halted projections. */
function stateShown(state: State): State {
  const shown: State = { status: state.status };
  if (typeof state.database === 'string') shown.database = databaseShown(state.database);
  if (typeof state.message === 'string') shown.message = state.message;
  if (Array.isArray(state.failed)) shown.failed = (state.failed as { projection?: unknown }[]).map(({ projection }) => ({ projection }));
  return shown;
}

const entriesShown = (entries: Partial<HealthIndicatorResult> | undefined): HealthIndicatorResult | undefined =>
  entries && Object.fromEntries(Object.entries(entries).flatMap(([name, state]) => (state ? [[name, stateShown(state)]] : [])));

/**
 * The readiness report as an anonymous caller (or any role but the operators') sees it: which component is up or down
 * and its state, by name; no process id, no position, stream or event, no raw error text of a database or the bus.
 */
export function shownReadiness(report: HealthCheckResult): HealthCheckResult {
  return { status: report.status, info: entriesShown(report.info), error: entriesShown(report.error), details: entriesShown(report.details) ?? {} };
}

/** One check that is down, with what an operator reads in the log. */
function describeDown(name: string, state: State | undefined): string {
  if (!state) return name;
  const reasons: string[] = [];
  if (typeof state.message === 'string') reasons.push(typeof state.error === 'string' ? `${state.message}: ${state.error}` : state.message);
  if (typeof state.database === 'string') reasons.push(state.database);
  if (Array.isArray(state.failed)) {
    for (const f of state.failed as { projection?: string; position?: number; streamId?: string; eventType?: string; error?: string }[]) {
      reasons.push(`${f.projection} halted at position ${f.position} (${f.eventType} of ${f.streamId}): ${f.error}`);
    }
  }
  return reasons.length ? `${name} (${reasons.join('; ')})` : name;
}

/** Who a health report (terminus: `{ status, info, error, details }`) names as down, with their reasons. */
export function notReady(report: object): string {
  const down = Object.entries((report as { error?: Partial<HealthIndicatorResult> }).error ?? {});
  return down.length ? down.map(([name, state]) => describeDown(name, state)).join(', ') : 'the health check failed';
}

/** A 503 readiness report: what the caller is shown (the whole report is logged: ReadinessLog). */
export class NotReady extends ServiceUnavailableException {
  constructor(shown: HealthCheckResult) {
    super(shown);
  }
}

/** How long after start a gateway never ready yet counts as starting (as long as `npm start` waits for it: scripts/start.ts). */
export const STARTING_MS = 120_000;

/**
 * What the readiness probe logs. A gateway starting (never ready yet, for at most STARTING_MS) is not ready as expected:
 * `npm start` polls /ready until it is, and each refusal was a warning an operator read as trouble; so until the first 200
 * (or the end of STARTING_MS), a debug line. Readiness lost after that, or never reached, is a warning naming who is down
 * (its repeats folded), and readiness regained after it an info line.
 */
export class ReadinessLog {
  private readonly startedAt: number;
  private everReady = false;
  private lost = false;
  private readonly warnings: FoldedWarnings;

  constructor(
    private readonly logger: Pick<Logger, 'warn' | 'debug' | 'log'>,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
    this.warnings = new FoldedWarnings(logger, now);
  }

  ready(): void {
    if (this.lost) this.logger.log('ready again');
    this.everReady = true;
    this.lost = false;
  }

  /** `report`: the whole health report (terminus), named in full. */
  notReady(report: object): void {
    const line = `not ready: ${notReady(report)}`;
    if (!this.everReady && this.now() - this.startedAt < STARTING_MS) return this.logger.debug(line);
    this.lost = true;
    this.warnings.warn(line);
  }
}
