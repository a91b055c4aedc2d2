import { ANY, InMemoryEventStore } from '@banat/event-store';
import { RpcFailure } from '@banat/messaging';
import { ProjectorRunner, type Checkpoints } from '@banat/projections';
import { caughtUp } from './read-your-writes';

const checkpoints: Checkpoints = { load: async () => 0, save: async () => undefined, reset: async () => undefined };
const silent = { warn: () => undefined, error: () => undefined };
const metadata = (commandId: string) => ({ commandId, correlationId: commandId, actor: 'test', role: 'secretariat' });

/** A runner stuck on its first event (as behind a slow read store), so reads "after" it have to wait. */
async function stuckRunner() {
  const store = new InMemoryEventStore();
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const runner = new ProjectorRunner({ store, checkpoints, logger: silent, projection: { name: 'register', handles: ['Slow'], models: [], apply: () => released } });
  const { position } = await store.appendToStream('certificate-1', [{ type: 'Slow', data: {} }], { expectedRevision: ANY, metadata: metadata('c1') });
  await runner.start();
  return { store, runner, position, release };
}

const codeOf = (outcome: PromiseSettledResult<void>) => (outcome.status === 'rejected' && outcome.reason instanceof RpcFailure ? (outcome.reason.getError() as { code: string }).code : outcome.status);

describe('reads after a position (read your writes)', () => {
  it('10,000 waits that time out answer UNAVAILABLE and leave no waiter behind', async () => {
    const { store, runner, position, release } = await stuckRunner();
    const waits = Promise.allSettled(Array.from({ length: 10_000 }, () => caughtUp(store, runner, position)));
    await new Promise((r) => setImmediate(r));
    expect(runner.pendingWaits).toBe(10_000);
    const outcomes = await waits; // each bounded by WAIT_MS
    expect(new Set(outcomes.map(codeOf))).toEqual(new Set(['UNAVAILABLE']));
    expect(runner.pendingWaits).toBe(0);
    release();
    await caughtUp(store, runner, position);
    await runner.stop();
  }, 30_000);

  it('refuses a position beyond the head of the history at once, without a waiter', async () => {
    const { store, runner, position, release } = await stuckRunner();
    const refused = await caughtUp(store, runner, position + 1).catch((error: RpcFailure) => error.getError());
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'after', reason: expect.stringContaining('beyond the head') }] });
    expect(runner.pendingWaits).toBe(0);
    release();
    await runner.stop();
  });

  it('does not wait without a position, nor for one already applied', async () => {
    const { store, runner, position, release } = await stuckRunner();
    await caughtUp(store, runner, undefined);
    await caughtUp(store, runner, 0);
    release();
    await runner.waitForPosition(position);
    await caughtUp(store, runner, position);
    expect(runner.pendingWaits).toBe(0);
    await runner.stop();
  });
});
