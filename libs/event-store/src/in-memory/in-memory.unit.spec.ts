import { eventStoreContract } from '../event-store.contract';
import { InMemoryEventStore, InMemoryHistory } from './in-memory-event-store';

// Every opened store is a replica with its own cached heads over one shared history.
const history = new InMemoryHistory();
eventStoreContract('in memory', () => ({
  open: async (options) => new InMemoryEventStore({ ...options, history }),
}));
