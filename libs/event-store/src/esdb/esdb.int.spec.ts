import { describeIf, dockerAvailability } from '@banat/testing';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { eventStoreContract } from '../event-store.contract';
import { EsdbEventStore } from './esdb-event-store';

/** Runs against ESDB_URL (e.g. esdb://localhost:2113?tls=false), else a throwaway container when Docker is reachable. */
const docker = dockerAvailability();
const runnable = Boolean(process.env.ESDB_URL) || docker.available;
const reason = `EventStoreDB contract: ESDB_URL is not set and ${docker.available ? '' : docker.reason}`;
const ESDB_IMAGE = process.env.ESDB_IMAGE ?? 'eventstore/eventstore:24.10';

describeIf(runnable, reason)('EventStoreDB / KurrentDB adapter', () => {
  let container: StartedTestContainer | undefined;
  let connectionString = process.env.ESDB_URL ?? '';

  beforeAll(async () => {
    if (connectionString) return;
    container = await new GenericContainer(ESDB_IMAGE)
      .withEnvironment({ EVENTSTORE_INSECURE: 'true', EVENTSTORE_MEM_DB: 'true', EVENTSTORE_RUN_PROJECTIONS: 'None', KURRENTDB_INSECURE: 'true' })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
      .withStartupTimeout(120_000)
      .start();
    connectionString = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
  }, 180_000);

  afterAll(async () => {
    await container?.stop();
  });

  eventStoreContract('EventStoreDB', () => ({
    open: async (options) => EsdbEventStore.connect({ connectionString, ...options }),
  }));
});
