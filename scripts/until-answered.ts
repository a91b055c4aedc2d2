/**
 * For the benches: calls `call` until it answers without throwing (a process just started, not yet
 * subscribed), every `delayMs`; after `attempts` failures, throws the last error.
 */
export async function untilAnswered<T>(call: () => Promise<T>, attempts = 100, delayMs = 100): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await call();
    } catch (error) {
      if (i >= attempts) throw error;
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}
