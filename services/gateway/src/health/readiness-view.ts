import { ServiceUnavailableException } from '@nestjs/common';
import type { HealthCheckResult, HealthIndicatorResult } from '@nestjs/terminus';
import type { Role } from '../auth/roles';

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

/** A 503 readiness report: what the caller is shown, and the whole report for the log. */
export class NotReady extends ServiceUnavailableException {
  constructor(
    shown: HealthCheckResult,
    readonly full: HealthCheckResult,
  ) {
    super(shown);
  }
}
