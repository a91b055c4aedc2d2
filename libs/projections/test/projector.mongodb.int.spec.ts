import { JetStreamEventStore } from '@banat/event-store';
import { describeIf, dockerAvailability, startNats } from '@banat/testing';
import { projectorSuite } from './projector-suite';

const docker = dockerAvailability();

describeIf(docker.available, docker.available ? '' : `projector runner on MongoDB (testcontainers): ${docker.reason}`)('MongoDB through testcontainers', () => {
  projectorSuite('MongoDB', async () => {
    // Loaded lazily so a machine without Docker never touches the testcontainers runtime.
    const { MongoDBContainer } = await import('@testcontainers/mongodb');
    const [nats, mongo] = await Promise.all([startNats(), new MongoDBContainer('mongo:7.0').start()]);
    const store = await JetStreamEventStore.connect({ servers: nats.url });
    return {
      // A single-node replica set advertises its container hostname: connect to the mapped port directly.
      mongoUrl: `${mongo.getConnectionString()}/?directConnection=true`,
      store,
      stop: async () => {
        await store.close();
        await Promise.all([nats.stop(), mongo.stop()]);
      },
    };
  });
});
