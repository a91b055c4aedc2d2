import { Controller, DynamicModule, INestApplication, INestMicroservice, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LoggerModule } from 'nestjs-pino';
import { RegistrySubjects } from '@banat/contracts';
import { createService, loadConfig, loggerParams, notFound, PlatformConfig, requestContext } from '@banat/messaging';
import { freePort, RunningServer, startNats, testIdentityKeys } from '@banat/testing';
import { createGateway } from '../app';
import { JsonText, RpcClient } from './rpc-client.service';

const FOUND = '3f2c1d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f';
const EMPTY = '4f2c1d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f';
/** An answer with what JSON escapes and numbers it writes its own way: the pass-through must keep it byte for byte. */
const organisation = { id: FOUND, name: { ro: 'Brânză "de" Banat', 'sr-Cyrl': 'Банат\u2028сир', hu: 'Bánáti sajt\\' }, revision: 3, share: 0.1 + 0.2, big: 1e21, tags: [], nested: { isDisposed: true, id: 'not the packet id' } };

/** A registry stand-in on the real Nest NATS transport the services use: an object, nothing, a coded failure; a page. */
@Controller()
class FakeRegistry {
  @MessagePattern(RegistrySubjects.get)
  get(@Payload() query: { id: string }) {
    if (query.id === FOUND) return organisation;
    if (query.id === EMPTY) return null;
    throw notFound('organisation');
  }

  @MessagePattern(RegistrySubjects.search)
  search() {
    return { items: [organisation], total: 1, page: 1, pageSize: 20 };
  }
}

@Module({})
class FakeRegistryModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return { module: FakeRegistryModule, imports: [LoggerModule.forRoot(loggerParams('registry', config))], controllers: [FakeRegistry] };
  }
}

/** Plain JSON GET answers go from the service's reply to the HTTP response without parse and re-stringify, and answer the same. */
describe('JSON answers passed through the gateway', () => {
  let nats: RunningServer;
  let registry: INestMicroservice;
  let gateway: INestApplication;
  let base: string;

  beforeAll(async () => {
    nats = await startNats();
    const port = await freePort();
    const config = loadConfig({ NATS_URL: nats.url, PORT: String(port), LOG_LEVEL: 'silent', ...testIdentityKeys });
    registry = await createService('registry', (c) => FakeRegistryModule.forRoot(c), config);
    await registry.listen();
    gateway = await createGateway(config);
    await gateway.listen(port, '127.0.0.1');
    base = `http://127.0.0.1:${port}/api/v1`;
  });
  afterAll(async () => {
    await gateway?.close();
    await registry?.close();
    await nats?.stop();
  });

  const asPublic = <T>(call: () => Promise<T>) => requestContext.run({ correlationId: 'pass-through-test', role: 'public' }, call);

  it('hands a successful object answer over as the JSON text the service wrote, equal to the parsed answer', async () => {
    const rpc = gateway.get(RpcClient);
    const passed = await asPublic(() => rpc.sendJson(RegistrySubjects.get, { id: FOUND }));
    expect(passed).toBeInstanceOf(JsonText);
    expect((passed as JsonText).text).toBe(JSON.stringify(organisation));
    expect(JSON.parse((passed as JsonText).text)).toEqual(await asPublic(() => rpc.send(RegistrySubjects.get, { id: FOUND })));
  });

  it('parses what is not an object or array answer, and throws failures as send does', async () => {
    const rpc = gateway.get(RpcClient);
    expect(await asPublic(() => rpc.sendJson(RegistrySubjects.get, { id: EMPTY }))).toBeNull();
    const missing = '5f2c1d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f';
    await expect(asPublic(() => rpc.sendJson(RegistrySubjects.get, { id: missing }))).rejects.toMatchObject({ body: { code: 'NOT_FOUND' } });
  });

  it('answers HTTP with the same status, type and bytes as a parsed answer would', async () => {
    const one = await fetch(`${base}/organisations/${FOUND}`);
    expect(one.status).toBe(200);
    expect(one.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await one.text()).toBe(JSON.stringify(organisation));
    const page = await fetch(`${base}/organisations?q=sir`);
    expect(page.status).toBe(200);
    expect(await page.json()).toEqual({ items: [organisation], total: 1, page: 1, pageSize: 20 });
    const missing = await fetch(`${base}/organisations/5f2c1d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'NOT_FOUND', message: 'organisation not found', correlationId: expect.any(String) });
  });
});
