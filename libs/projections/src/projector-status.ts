/** 'failed' keeps the runner halted on the event it could not apply until `start()` is called again. */
export type ProjectorState = 'stopped' | 'running' | 'failed';

export interface ProjectionFailure {
  /** The event that could not be applied; for a subscription error, the last position applied. */
  position: number;
  streamId: string;
  eventType: string;
  attempts: number;
  error: string;
}

/** A transient outage (database, event store) the runner is waiting out: it retries until it recovers. */
export interface ProjectionRetry {
  /** The event being retried, or for a subscription error the last position applied. */
  position: number;
  attempts: number;
  error: string;
  since: string;
}

export interface ProjectorStatus {
  projection: string;
  state: ProjectorState;
  /** Last position applied (the stored checkpoint when not running). */
  position: number;
  /** Last position saved as checkpoint; may trail `position` while checkpoints are batched. */
  checkpoint: number;
  head: number;
  /** Events in the store not yet applied (a count of events, not a difference of positions). */
  lag: number;
  /** Set when the lag was only counted up to a cap: there are at least `lag` events to apply. */
  lagAtLeast?: true;
  failure?: ProjectionFailure;
  retrying?: ProjectionRetry;
}

/** pino-compatible subset, so a service passes its own logger. */
export interface ProjectorLogger {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const consoleLogger: ProjectorLogger = {
  // eslint-disable-next-line no-console
  warn: (fields, message) => console.warn(message, fields),
  // eslint-disable-next-line no-console
  error: (fields, message) => console.error(message, fields),
};
