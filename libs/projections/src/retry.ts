/**
 * Bounded retry with exponential backoff. Kept tiny on purpose: p-retry is ESM-only (breaks CommonJS
 * jest) and `retry` is only a transitive dependency here.
 */
export interface RetryPolicy {
  /** Total attempts including the first; at least 1. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, initialDelayMs: 100, maxDelayMs: 5_000, factor: 2 };

/** Delay before attempt `attempt + 1`, where `attempt` (1-based) just failed. */
export function backoffDelay(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (attempt - 1));
}

export class RetriesExhausted extends Error {
  constructor(
    readonly attempts: number,
    readonly lastError: unknown,
  ) {
    super(`gave up after ${attempts} attempt(s): ${lastError instanceof Error ? lastError.message : String(lastError)}`);
    this.name = 'RetriesExhausted';
  }
}

/** Thrown when `keepGoing()` turns false between attempts (the runner is stopping). */
export class RetryAborted extends Error {
  constructor() {
    super('retry aborted');
    this.name = 'RetryAborted';
  }
}

export interface RetryHooks {
  sleep?(ms: number): Promise<void>;
  keepGoing?(): boolean;
  onRetry?(attempt: number, error: unknown, delayMs: number): void;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function retryWithBackoff<T>(operation: () => Promise<T>, policy: RetryPolicy, hooks: RetryHooks = {}): Promise<T> {
  const attempts = Math.max(1, Math.floor(policy.attempts));
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= attempts) throw new RetriesExhausted(attempt, error);
      const delay = backoffDelay(attempt, policy);
      hooks.onRetry?.(attempt, error, delay);
      await (hooks.sleep ?? sleepFor)(delay);
      if (hooks.keepGoing && !hooks.keepGoing()) throw new RetryAborted();
    }
  }
}
