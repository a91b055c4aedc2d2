import { INestApplication } from '@nestjs/common';
import { connect, NatsConnection } from 'nats';
import { RegistrySubjects } from '@banat/contracts';
import { loadConfig, requestContext } from '@banat/messaging';
import { freePort, RunningServer, startNats, testIdentityKeys } from '@banat/testing';
import { createGateway } from '../app';
import { RpcClient } from './rpc-client.service';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** A gateway stopped while a request waits on a service that is answering: the request gets its answer. */
describe('gateway shutdown with requests in flight', () => {
  let nats: RunningServer;
  let registry: NatsConnection;

  beforeAll(async () => {
    nats = await startNats();
    registry = await connect({ servers: nats.url });
  });
  afterAll(async () => {
    await registry?.close();
    await nats?.stop();
  });

  it('lets a request waiting on a service end with its reply before the bus closes', async () => {
    let received!: () => void;
    const arrived = new Promise<void>((resolve) => (received = resolve));
    // A registry stand-in answering in the services' Nest transport format, 300 ms after the request.
    registry.subscribe(RegistrySubjects.get, {
      callback: (_e, msg) => {
        received();
        const { id, data } = JSON.parse(decoder.decode(msg.data)) as { id: string; data: { id: string } };
        setTimeout(() => msg.respond(encoder.encode(JSON.stringify({ response: { id: data.id, name: 'still answered' }, isDisposed: true, id }))), 300);
      },
    });
    await registry.flush();
    const port = await freePort();
    const gateway: INestApplication = await createGateway(loadConfig({ NATS_URL: nats.url, PORT: String(port), LOG_LEVEL: 'silent', RPC_TIMEOUT_MS: '10000', ...testIdentityKeys }));
    await gateway.listen(port, '127.0.0.1');
    const rpc = gateway.get(RpcClient);
    const id = '3f2c1d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f';
    const asked = requestContext.run({ correlationId: 'shutdown-test', role: 'public' }, () => rpc.send(RegistrySubjects.get, { id }));
    await arrived;
    const closing = gateway.close();
    await expect(asked).resolves.toEqual({ id, name: 'still answered' });
    await closing;
  });
});
