import { Logger } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { PlatformConfig } from '@banat/messaging';
import { OrganisationsService } from './organisations.service';

/** A query whose answer the test gives: `find(…).limit(…).lean()` resolves or rejects when told. */
function pendingQuery() {
  let settle!: { resolve: (docs: unknown[]) => void; reject: (error: Error) => void };
  const answer = new Promise<unknown[]>((resolve, reject) => (settle = { resolve, reject }));
  const model = { find: jest.fn(() => ({ limit: () => ({ lean: () => answer }) })) };
  return { model, settle };
}

const emptyModel = () => ({ find: jest.fn(() => ({ limit: () => ({ lean: async () => [] }) })) });

/** The registry's outbox relay when the service is stopped (Ctrl-C on npm start) while a pass is under way. */
describe('OrganisationsService: the outbox relay at a stop', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => (warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined)));
  afterEach(() => warn.mockRestore());

  const service = (changes: { find: jest.Mock }) =>
    new OrganisationsService(
      emptyModel() as never,
      changes as never,
      emptyModel() as never,
      { jetstream: () => ({}) } as unknown as NatsConnection,
      {} as PlatformConfig,
    );
  // The pass the relay runs at start and every 5 s (private: started here as the timer starts it).
  const relay = (registry: OrganisationsService) => (registry as unknown as { relay(): void }).relay();
  // Nest's order at a stop: every beforeApplicationShutdown, then every onApplicationShutdown (where Mongoose closes the database).
  const stop = async (registry: OrganisationsService, databaseCloses: () => void) => {
    await (registry as Partial<{ beforeApplicationShutdown(): Promise<void> }>).beforeApplicationShutdown?.();
    registry.onApplicationShutdown();
    databaseCloses();
  };

  it('lets the pass under way finish before the database closes, and starts none after', async () => {
    const { model, settle } = pendingQuery();
    const registry = service(model);
    relay(registry);
    let stopped = false;
    const stopping = stop(registry, () => undefined).then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false); // waiting for the pass
    settle.resolve([]);
    await stopping;
    relay(registry);
    expect(model.find).toHaveBeenCalledTimes(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it('writes no warning for a pass the closing database cut off (MongoClientClosedError on Ctrl-C)', async () => {
    const { model, settle } = pendingQuery();
    const registry = service(model);
    relay(registry);
    const closed = Object.assign(new Error('Operation interrupted because client was closed'), { name: 'MongoClientClosedError' });
    // The pass does not end by itself: the stop waits RELAY_STOP_WAIT_MS for it, then the database closes under it.
    await stop(registry, () => settle.reject(closed));
    await new Promise((resolve) => setImmediate(resolve));
    expect(warn).not.toHaveBeenCalled();
  });

  it('still warns when a pass fails while the service runs', async () => {
    const { model, settle } = pendingQuery();
    const registry = service(model);
    relay(registry);
    settle.reject(new Error('database not answering'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(warn).toHaveBeenCalledWith('relay: Error: database not answering');
    await stop(registry, () => undefined);
  });
});
