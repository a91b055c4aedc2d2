import { RpcErrorCodes } from '@banat/contracts';
import type { EventStore } from '@banat/event-store';
import { RpcFailure, validationFailed } from '@banat/messaging';
import type { CheckpointStore, ProjectorRunner } from '@banat/projections';

/** Bounded below the gateway's RPC timeout, so a lagging read model answers 503 rather than a hung request. */
export const WAIT_MS = 4000;

/** A projection run by another process: known by its stored checkpoint. */
export interface RemoteProjection {
  name: string;
  checkpoints: CheckpointStore;
}

const POLL_MS = 50;

async function checkpointReaches(remote: RemoteProjection, position: number): Promise<boolean> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    if ((await remote.checkpoints.load(remote.name)) >= position) return true;
    if (Date.now() + POLL_MS >= deadline) return false;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

const late = (name: string, after: number) =>
  new RpcFailure({ code: RpcErrorCodes.UNAVAILABLE, message: `read model ${name} has not reached position ${after} yet`, details: { after } });

/**
 * Waits until the read model has applied `after` (a position a command returned); no wait without one.
 * A position beyond the head of the history can never be reached: 400, without waiting. A wait is
 * bounded (WAIT_MS) and leaves nothing behind when it times out.
 */
export async function caughtUp(store: EventStore, runner: ProjectorRunner | RemoteProjection, after?: number): Promise<void> {
  if (after === undefined || after <= 0) return;
  const local = 'waitForPosition' in runner;
  if (local && runner.position >= after) return;
  let head: number;
  try {
    head = await store.headPosition();
  } catch (error) {
    // (The store's own error text is for the log, not for callers.)
    throw new RpcFailure({ code: RpcErrorCodes.UNAVAILABLE, message: 'the history is not reachable; retry later', details: { after } });
  }
  if (after > head) throw validationFailed([{ field: 'after', reason: `position ${after} is beyond the head of the history (${head})` }]);
  try {
    if (local) await runner.waitForPosition(after, WAIT_MS);
    else if (!(await checkpointReaches(runner, after))) throw late(runner.name, after);
  } catch (error) {
    if (error instanceof RpcFailure) throw error;
    if ((error as Error).name === 'WaitTimedOut') throw late(runner.name, after);
    // A halted projector's reason (its poison event, the database's own error) is for operators: the projections status
    // (secretariat, auditors), /ready with their token, and the log the projector wrote when it halted.
    throw new RpcFailure({ code: RpcErrorCodes.UNAVAILABLE, message: `read model ${runner.name} is not running; retry later`, details: { after } });
  }
}
