import { databaseShown, notReady, ReadinessLog, shownReadiness, STARTING_MS } from './readiness-view';

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

describe('what the readiness probe logs', () => {
  const down = { status: 'error', info: {}, error: { registry: { status: 'down', message: 'no answer within 1500 ms' } }, details: {} };
  const probe = () => {
    const clock = { now: 1_000 };
    const lines: string[] = [];
    const log = new ReadinessLog({ warn: (line: string) => void lines.push(`warn ${line}`), debug: (line: string) => void lines.push(`debug ${line}`), log: (line: string) => void lines.push(`info ${line}`) }, () => clock.now);
    return { clock, lines, log };
  };

  it('starting (npm start polling /ready): not ready is a debug line until the first 200; lost after that, a warning; regained, an info line', () => {
    const { clock, lines, log } = probe();
    log.notReady(down);
    clock.now += 5_000;
    log.notReady(down);
    expect(lines).toEqual(['debug not ready: registry (no answer within 1500 ms)', 'debug not ready: registry (no answer within 1500 ms)']);
    lines.length = 0;
    log.ready();
    log.ready();
    expect(lines).toEqual([]);
    clock.now += 60_000;
    log.notReady(down);
    log.notReady(down); // (folded)
    log.ready();
    expect(lines).toEqual(['warn not ready: registry (no answer within 1500 ms)', 'info ready again']);
  });

  it('never ready by the end of the start (STARTING_MS): a warning', () => {
    const { clock, lines, log } = probe();
    clock.now += STARTING_MS - 1;
    log.notReady(down);
    clock.now += 1;
    log.notReady(down);
    expect(lines).toEqual(['debug not ready: registry (no answer within 1500 ms)', 'warn not ready: registry (no answer within 1500 ms)']);
  });
});
