import 'reflect-metadata';
import { InMemoryEventStore } from '@banat/event-store';
import { Test } from '@nestjs/testing';
import type { Checkpoints } from './checkpoint-store';
import { ProjectorRunner } from './projector-runner';
import { projectorProvider } from './projector.provider';

const checkpoints: Checkpoints = { load: async () => 0, save: async () => undefined, reset: async () => undefined };

describe('projectorProvider (Nest wiring)', () => {
  it('starts the runner with the module and stops it on close', async () => {
    const STORE = Symbol('store');
    const moduleRef = await Test.createTestingModule({
      providers: [
        { provide: STORE, useValue: new InMemoryEventStore() },
        projectorProvider({
          provide: 'REGISTER_PROJECTOR',
          inject: [STORE],
          useFactory: (store: InMemoryEventStore) => ({
            store,
            checkpoints,
            projection: { name: 'register', handles: [], models: [], apply: async () => undefined },
          }),
        }),
      ],
    }).compile();
    const runner = moduleRef.get<ProjectorRunner>('REGISTER_PROJECTOR');
    expect(runner).toBeInstanceOf(ProjectorRunner);
    expect((await runner.status()).state).toBe('running');
    await moduleRef.close();
    expect((await runner.status()).state).toBe('stopped');
  });
});
