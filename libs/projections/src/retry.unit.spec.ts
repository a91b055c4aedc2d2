import { backoffDelay, RetriesExhausted, RetryAborted, retryWithBackoff, type RetryPolicy } from './retry';

const policy: RetryPolicy = { attempts: 4, initialDelayMs: 100, maxDelayMs: 250, factor: 2 };

describe('bounded retry with backoff', () => {
  it('grows the delay exponentially up to the cap', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, policy))).toEqual([100, 200, 250, 250]);
  });

  it('returns the first success and sleeps between failures', async () => {
    const slept: number[] = [];
    let calls = 0;
    const result = await retryWithBackoff(
      async () => {
        if (++calls < 3) throw new Error(`transient ${calls}`);
        return 'applied';
      },
      policy,
      { sleep: async (ms) => void slept.push(ms) },
    );
    expect(result).toBe('applied');
    expect(calls).toBe(3);
    expect(slept).toEqual([100, 200]);
  });

  it('gives up after the bounded number of attempts, keeping the last error', async () => {
    let calls = 0;
    const failing = retryWithBackoff(
      async () => {
        throw new Error(`boom ${++calls}`);
      },
      policy,
      { sleep: async () => undefined },
    );
    await expect(failing).rejects.toBeInstanceOf(RetriesExhausted);
    await failing.catch((error: RetriesExhausted) => {
      expect(error.attempts).toBe(4);
      expect((error.lastError as Error).message).toBe('boom 4');
    });
    expect(calls).toBe(4);
  });

  it('stops retrying when told to (the runner is stopping)', async () => {
    let calls = 0;
    const aborted = retryWithBackoff(
      async () => {
        calls++;
        throw new Error('boom');
      },
      policy,
      { sleep: async () => undefined, keepGoing: () => calls < 2 },
    );
    await expect(aborted).rejects.toBeInstanceOf(RetryAborted);
    expect(calls).toBe(2);
  });
});
