import { Controller, DynamicModule, INestApplication, INestMicroservice, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LoggerModule } from 'nestjs-pino';
import { RegistrySubjects } from '@banat/contracts';
import { createService, loadConfig, loggerParams, PlatformConfig } from '@banat/messaging';
import { freePort, RunningServer, startNats, testIdentityKeys } from '@banat/testing';
import { createGateway } from '../app';

const SLOW = '3f2c1d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f';
const FAST = '4f2c1d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f';

/** What the slow handler waits on: the test learns when a request has reached it, and lets it answer. */
let reached: () => void = () => undefined;
let answer: Promise<void> = Promise.resolve();

/** A registry stand-in on the services' real Nest NATS transport; a read of SLOW answers when the test lets it. */
@Controller()
class FakeRegistry {
  @MessagePattern(RegistrySubjects.get)
  async get(@Payload() query: { id: string }) {
    if (query.id === SLOW) {
      reached();
      await answer;
    }
    return { id: query.id, name: { ro: 'Brânză de Banat' } };
  }
}

@Module({})
class FakeRegistryModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return { module: FakeRegistryModule, imports: [LoggerModule.forRoot(loggerParams('registry', config))], controllers: [FakeRegistry] };
  }
}

/**
 * Stopping a process answers what it has taken: an operator's rolling restart of the gateway or of a service must not
 * turn requests already in flight into 503s (before: the gateway closed its bus before its HTTP server and failed them
 * as timeouts; a service cut its connection with handlers running, their callers waiting out the RPC timeout).
 */
describe('stopping with requests in flight', () => {
  let nats: RunningServer;
  let registry: INestMicroservice | undefined;
  let gateway: INestApplication | undefined;
  let base: string;
  let release: () => void;
  let arrived: Promise<void>;

  beforeAll(async () => {
    nats = await startNats();
  });
  afterAll(async () => {
    await nats?.stop();
  });
  beforeEach(async () => {
    arrived = new Promise((r) => (reached = r));
    answer = new Promise((r) => (release = r));
    const port = await freePort();
    // The RPC bound is longer than the test waits: an answer lost would show as a 503 only after it.
    const config = loadConfig({ NATS_URL: nats.url, PORT: String(port), LOG_LEVEL: 'silent', RPC_TIMEOUT_MS: '4000', ...testIdentityKeys });
    registry = await createService('registry', (c) => FakeRegistryModule.forRoot(c), config);
    await registry.listen();
    gateway = await createGateway(config);
    await gateway.listen(port, '127.0.0.1');
    base = `http://127.0.0.1:${port}/api/v1`;
  });
  afterEach(async () => {
    release();
    await gateway?.close();
    await registry?.close();
  });

  it('the gateway answers a request in flight when it is stopped, then takes no more', async () => {
    const inFlight = fetch(`${base}/organisations/${SLOW}`);
    await arrived;
    const t0 = Date.now();
    const closing = gateway!.close();
    await new Promise((r) => setTimeout(r, 300));
    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: SLOW, name: { ro: 'Brânză de Banat' } });
    await closing;
    gateway = undefined;
    expect(Date.now() - t0).toBeLessThan(4000); // answered, not timed out
    await expect(fetch(`${base}/organisations/${FAST}`)).rejects.toThrow();
  });

  it('a service answers the request it has taken when it is stopped; a new one finds no instance at once', async () => {
    const inFlight = fetch(`${base}/organisations/${SLOW}`);
    await arrived;
    const closing = registry!.close();
    await new Promise((r) => setTimeout(r, 300));
    // The replica being stopped takes nothing new: the bus tells the gateway at once that no instance answers.
    const t0 = Date.now();
    const after = await fetch(`${base}/organisations/${FAST}`);
    expect(after.status).toBe(503);
    expect(await after.json()).toMatchObject({ code: 'UNAVAILABLE', message: 'no instance of the registry service is running' });
    expect(Date.now() - t0).toBeLessThan(2000);
    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: SLOW, name: { ro: 'Brânză de Banat' } });
    await closing;
    registry = undefined;
  });
});
