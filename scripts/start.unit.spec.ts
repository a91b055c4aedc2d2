import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimDataDir, DataDirInUse, ensurePortsFree, plannedPorts, PortUnavailable, readyLine, TOKEN_HINT } from './start';

/** `npm start`'s ports, named with the variable that moves each: checked before anything starts (scripts/start.int.spec.ts). */
describe('npm start: the ports it plans to listen on', () => {
  it("its servers', the gateway's (PORT on HOST) and, with METRICS_PORT, one metrics port per process in the launcher's order", () => {
    expect(plannedPorts({ PORT: '3100', HOST: '0.0.0.0', METRICS_PORT: '9400' })).toEqual([
      { port: 4222, what: 'nats-server', variable: 'NATS_PORT', host: '127.0.0.1' },
      { port: 27017, what: 'FerretDB', variable: 'MONGO_PORT', host: '127.0.0.1' },
      { port: 3100, what: 'the gateway', variable: 'PORT', host: '0.0.0.0' },
      { port: 9400, what: 'the registry metrics', variable: 'METRICS_PORT', host: '127.0.0.1' },
      { port: 9401, what: 'the certification metrics', variable: 'METRICS_PORT', host: '127.0.0.1' },
      { port: 9402, what: 'the network metrics', variable: 'METRICS_PORT', host: '127.0.0.1' },
      { port: 9403, what: 'the events metrics', variable: 'METRICS_PORT', host: '127.0.0.1' },
      { port: 9404, what: 'the exhibition metrics', variable: 'METRICS_PORT', host: '127.0.0.1' },
      { port: 9405, what: 'the gateway metrics', variable: 'METRICS_PORT', host: '127.0.0.1' },
    ]);
  });

  it('the gateway on 3000 by default; no server of its own where NATS_URL and MONGO_URL name running ones; NATS_PORT, MONGO_PORT, METRICS_HOST', () => {
    expect(plannedPorts({ NATS_URL: 'nats://10.0.0.5:4222', MONGO_URL: 'mongodb://10.0.0.6:27017' })).toEqual([{ port: 3000, what: 'the gateway', variable: 'PORT', host: '127.0.0.1' }]);
    expect(plannedPorts({ NATS_PORT: '4333', MONGO_PORT: '27018', MONGO_URL: '' }).map((p) => p.port)).toEqual([4333, 27018, 3000]);
    expect(plannedPorts({ NATS_URL: 'n', MONGO_URL: 'm', METRICS_PORT: '9400', METRICS_HOST: '0.0.0.0' })[1]).toMatchObject({ port: 9400, host: '0.0.0.0' });
  });

  it('refuses two of its own listeners on one port, naming both variables, before probing any', async () => {
    // The gateway's port among the metrics ports: the later process failed with EADDRINUSE on every restart.
    const refused = ensurePortsFree(plannedPorts({ NATS_URL: 'n', MONGO_URL: 'm', METRICS_PORT: '9400', PORT: '9403' }));
    await expect(refused).rejects.toBeInstanceOf(PortUnavailable);
    await expect(refused).rejects.toThrow('port 9403 is given both to the gateway (PORT) and to the events metrics (METRICS_PORT); set one of them to another port');
    await expect(ensurePortsFree(plannedPorts({ MONGO_URL: 'm', PORT: '4222' }))).rejects.toThrow('port 4222 is given both to nats-server (NATS_PORT) and to the gateway (PORT)');
  });
});

describe('npm start: the addresses it prints when ready', () => {
  it('names the gateway by its origin, which answers (the web pages), and no address that is a 404 (the API has nothing at /api/v1 itself)', () => {
    const line = readyLine('http://127.0.0.1:13000', 10.04);
    expect(line).toBe('ready in 10.0 s — gateway http://127.0.0.1:13000 (web pages /, API /api/v1, docs http://127.0.0.1:13000/api/v1/docs, readiness http://127.0.0.1:13000/ready)');
    // Every address in it (a terminal makes each a link) is one the gateway serves.
    const urls = line.match(/http:\/\/[^\s,)]+/g)!;
    expect(urls.map((url) => new URL(url).pathname)).toEqual(['/', '/api/v1/docs', '/ready']);
  });
});

describe('npm start: the token hint it prints when ready', () => {
  it('runs npm silently, so that $(…) captures the token alone (npm run without -s prints its own lines on stdout)', () => {
    expect(TOKEN_HINT).toContain('TOKEN=$(npm run -s token -- --role secretariat --sub ana)');
    expect(TOKEN_HINT).toContain('member with --org <organisation id>');
    expect(TOKEN_HINT).toContain('partner systems call with an API key');
  });
});

describe('npm start: one run per .data/', () => {
  const lock = () => join(mkdtempSync(join(tmpdir(), 'banat-start-lock-')), '.data', 'start.pid');

  it('refuses a second run while the first lives, naming its pid; free again once released', () => {
    const file = lock();
    const release = claimDataDir(file, process.pid);
    expect(readFileSync(file, 'utf8').trim()).toBe(String(process.pid));
    expect(() => claimDataDir(file, process.pid + 1)).toThrow(DataDirInUse);
    expect(() => claimDataDir(file, process.pid + 1)).toThrow(`is in use by another npm start (pid ${process.pid}): stop it first`);
    release();
    expect(existsSync(file)).toBe(false);
    claimDataDir(file, process.pid + 1)();
  });

  it('takes over a lock left by a run that died', () => {
    const file = lock();
    claimDataDir(file, process.pid)();
    writeFileSync(file, '2147483646\n'); // no such process
    const release = claimDataDir(file, process.pid);
    expect(readFileSync(file, 'utf8').trim()).toBe(String(process.pid));
    release();
  });
});
