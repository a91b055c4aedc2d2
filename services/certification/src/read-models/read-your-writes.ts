import { RpcErrorCodes } from '@banat/contracts';
import { RpcFailure } from '@banat/messaging';
import type { CheckpointStore, ProjectorRunner } from '@banat/projections';

/** Bounded below the gateway's RPC timeout, so a lagging read model answers 503 rather than a hung request. */
const WAIT_MS = 4000;

/** A projection run by another process: known by its stored checkpoint. */
export interface RemoteProjection {
  name: string;
  checkpoints: CheckpointStore;
}

const POLL_MS = 50;

async function checkpointReaches(remote: RemoteProjection, position: number): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while ((await remote.checkpoints.load(remote.name)) < position && Date.now() < deadline) await new Promise((r) => setTimeout(r, POLL_MS));
}

/** Waits until the read model has applied `after` (a position a command returned); no wait without one. */
export async function caughtUp(runner: ProjectorRunner | RemoteProjection, after?: number): Promise<void> {
  if (after === undefined || after <= 0) return;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RpcFailure({ code: RpcErrorCodes.UNAVAILABLE, message: `read model ${runner.name} has not reached position ${after} yet`, details: { after } })), WAIT_MS);
  });
  try {
    await Promise.race(['waitForPosition' in runner ? runner.waitForPosition(after) : checkpointReaches(runner, after), late]);
  } catch (error) {
    if (error instanceof RpcFailure) throw error;
    throw new RpcFailure({ code: RpcErrorCodes.UNAVAILABLE, message: (error as Error).message });
  } finally {
    clearTimeout(timer);
  }
}
