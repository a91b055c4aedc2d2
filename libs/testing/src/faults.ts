/** A stream of HTTP commands kept up by a few concurrent senders while a test breaks something, and what each got back. */
export interface CommandOutcome {
  index: number;
  /** HTTP status, or 0 when no reply came within the client's limit (silence) or the connection failed. */
  status: number;
  body: unknown;
  /** The client-side failure when there was no HTTP reply. */
  error?: string;
  sentAt: number;
  repliedAt: number;
}

export interface CommandStream {
  /** Outcomes so far, in reply order. */
  readonly outcomes: CommandOutcome[];
  /** Stops sending and waits for the requests in flight. */
  stop(): Promise<CommandOutcome[]>;
}

/**
 * Keeps `concurrency` senders busy with `send(index)` until stopped; a request without an HTTP reply
 * within `replyWithinMs` is recorded as silence (status 0).
 */
export function startCommandStream(
  send: (index: number, signal: AbortSignal) => Promise<{ status: number; body: unknown }>,
  options: { concurrency?: number; replyWithinMs?: number; pauseMs?: number } = {},
): CommandStream {
  const outcomes: CommandOutcome[] = [];
  let next = 0;
  let stopped = false;
  const sender = async () => {
    while (!stopped) {
      const index = next++;
      const sentAt = Date.now();
      try {
        const { status, body } = await send(index, AbortSignal.timeout(options.replyWithinMs ?? 15_000));
        outcomes.push({ index, status, body, sentAt, repliedAt: Date.now() });
      } catch (error) {
        outcomes.push({ index, status: 0, body: undefined, error: (error as Error).message, sentAt, repliedAt: Date.now() });
        await new Promise((r) => setTimeout(r, 50)); // a refused connection fails at once: no busy loop
      }
      if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
    }
  };
  const senders = Array.from({ length: options.concurrency ?? 4 }, sender);
  return {
    outcomes,
    stop: async () => {
      stopped = true;
      await Promise.all(senders);
      return outcomes.sort((a, b) => a.index - b.index);
    },
  };
}

/** How many got each status: `{ 201: 40, 503: 3 }`. */
export function statusCounts(outcomes: CommandOutcome[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const o of outcomes) counts[o.status] = (counts[o.status] ?? 0) + 1;
  return counts;
}

/** Time from `since` to the first success sent after it: how long the platform took to recover. */
export function recoveryMs(outcomes: CommandOutcome[], since: number, ok: (o: CommandOutcome) => boolean): number | undefined {
  const first = outcomes.filter((o) => o.sentAt >= since && ok(o)).sort((a, b) => a.repliedAt - b.repliedAt)[0];
  return first ? first.repliedAt - since : undefined;
}

/** Prints a fault test's figures on one line, for the CI log and the issue. */
export function printFigures(test: string, figures: Record<string, unknown>): void {
  process.stdout.write(`FAULT ${test}: ${Object.entries(figures).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' ')}\n`);
}
