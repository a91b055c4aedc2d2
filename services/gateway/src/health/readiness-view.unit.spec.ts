import { databaseShown, notReady, shownReadiness } from './readiness-view';

describe('readiness report as anyone sees it', () => {
  it("keeps a database's state and drops the text of its error", () => {
    expect(databaseShown('connected')).toBe('connected');
    expect(databaseShown('disconnected')).toBe('disconnected');
    expect(databaseShown('database banat-registry not answering within 1000 ms')).toBe('not answering');
    expect(databaseShown('database banat-registry failing: connection <monitor> to 10.0.0.7:27017 closed')).toBe('failing');
  });

  it("drops pids, the bus client's error and a halted projection's position, stream, event and error", () => {
    const report = {
      status: 'error' as const,
      info: { registry: { status: 'up' as const, database: 'connected', pid: 123 } },
      error: {
        nats: { status: 'down' as const, message: 'not reachable', error: 'CONNECTION_REFUSED 10.0.0.7:4222' },
        'certification-projections': { status: 'down' as const, failed: [{ projection: 'certification-register', checkpoint: 1, position: 2, streamId: 's', eventType: 'E', attempts: 5, error: 'boom' }] },
      },
      details: {},
    };
    expect(shownReadiness(report)).toEqual({
      status: 'error',
      info: { registry: { status: 'up', database: 'connected' } },
      error: { nats: { status: 'down', message: 'not reachable' }, 'certification-projections': { status: 'down', failed: [{ projection: 'certification-register' }] } },
      details: {},
    });
    // The log line names it all.
    expect(notReady(report)).toBe('nats (not reachable: CONNECTION_REFUSED 10.0.0.7:4222), certification-projections (certification-register halted at position 2 (E of s): boom)');
  });
});
