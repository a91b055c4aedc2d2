import { JetStreamEventStore } from '@banat/event-store';
import { startFerret, startNats } from '@banat/testing';
import { projectorSuite } from './projector-suite';

projectorSuite('FerretDB', async () => {
  const [nats, ferret] = await Promise.all([startNats(), startFerret()]);
  const store = await JetStreamEventStore.connect({ servers: nats.url });
  return {
    mongoUrl: ferret.url,
    store,
    stop: async () => {
      await store.close();
      await Promise.all([nats.stop(), ferret.stop()]);
    },
  };
});
