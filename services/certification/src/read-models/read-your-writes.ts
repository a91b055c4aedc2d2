import { RpcErrorCodes } from '@banat/contracts';
import { RpcFailure } from '@banat/messaging';
import type { ProjectorRunner } from '@banat/projections';

/** Bounded below the gateway's RPC timeout, so a lagging read model answers 503 rather than a hung request. */
const WAIT_MS = 4000;

/** Waits until the runner has applied `after` (a position a command returned); no wait without one. */
export async function caughtUp(runner: ProjectorRunner, after?: number): Promise<void> {
  if (after === undefined || after <= 0) return;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RpcFailure({ code: RpcErrorCodes.UNAVAILABLE, message: `read model ${runner.name} has not reached position ${after} yet`, details: { after } })), WAIT_MS);
  });
  try {
    await Promise.race([runner.waitForPosition(after), late]);
  } catch (error) {
    if (error instanceof RpcFailure) throw error;
    throw new RpcFailure({ code: RpcErrorCodes.UNAVAILABLE, message: (error as Error).message });
  } finally {
    clearTimeout(timer);
  }
}
