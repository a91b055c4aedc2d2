import { spawnSync } from 'node:child_process';
import { AckPolicy, NatsConnection } from 'nats';
import { EVENT_STORE_PREFIX, pingSubject, PUBLIC_PREFIX } from '@banat/contracts';
import { JetStreamEventStore, NO_STREAM } from '@banat/event-store';
import { consumePublicEvents, ensurePublicStream, HISTORY_JS_API, PUBLIC_JS_API, PUBLIC_STREAM, PublicEventPublisher } from '@banat/messaging';
import { NATS_AUTH_CONF, passwordVariables, SecuredNats, startNatsWithAuth } from './nats-auth';
import { toolPath } from './servers';

const HISTORY = 'BANAT_HISTORY';
const metadata = { commandId: 'cmd-1', correlationId: 'corr-1', actor: 'dora', role: 'decision-maker' };
const refusedByPermissions = (promise: Promise<unknown>) => expect(promise).rejects.toMatchObject({ code: 'PERMISSIONS_VIOLATION' });
/** Refused by the user's permissions, or not imported into its account (nobody answers there). */
const unreachable = (promise: Promise<unknown>) => expect(promise).rejects.toMatchObject({ code: expect.stringMatching(/^(PERMISSIONS_VIOLATION|503)$/) });
const historyStore = (nc: NatsConnection) => JetStreamEventStore.connect({ connection: nc, apiPrefix: HISTORY_JS_API });

/** Whether the server refused a subscription: its -ERR arrives before the flush's PONG. */
async function subscriptionRefused(nc: NatsConnection, subject: string, queue?: string): Promise<boolean> {
  const sub = nc.subscribe(subject, { queue });
  await nc.flush();
  const refused = sub.isClosed();
  if (!refused) sub.unsubscribe();
  return refused;
}

/** deploy/nats/auth.conf on a real nats-server: who may publish, subscribe and use JetStream (the seal itself: nats-seal.int.spec.ts). */
describe('NATS permissions (deploy/nats/auth.conf)', () => {
  let nats: SecuredNats;
  const open: NatsConnection[] = [];
  const as = async (user: string) => {
    const nc = await nats.connectAs(user);
    open.push(nc);
    return nc;
  };

  beforeAll(async () => {
    nats = await startNatsWithAuth();
    // The history and the public stream exist with one fact each, written by their owners.
    const store = await historyStore(await as('certification'));
    await store.appendToStream('certificate-RO-1', [{ type: 'CertificateGranted', data: {} }], { expectedRevision: NO_STREAM, metadata });
    const registry = await as('registry');
    await ensurePublicStream(registry, PUBLIC_JS_API);
    await new PublicEventPublisher(registry, '/registry', PUBLIC_JS_API).publish({ subject: 'registry.organisation.registered.v1', type: 'organisation.registered', about: 'org-1', data: { id: 'org-1' } });
  });
  afterAll(async () => {
    await Promise.all(open.map((nc) => nc.close()));
    await nats?.stop();
  });

  it('reads every password from the environment and will not start without them', () => {
    const env = Object.fromEntries([...passwordVariables().values()].map((name) => [name, 'pw']));
    const withPasswords = spawnSync(toolPath('nats-server'), ['-t', '-c', NATS_AUTH_CONF], { env, encoding: 'utf8' });
    expect(withPasswords.status).toBe(0);
    const { BANAT_NATS_PASSWORD_GATEWAY: _, ...missingOne } = env;
    const without = spawnSync(toolPath('nats-server'), ['-t', '-c', NATS_AUTH_CONF], { env: missingOne, encoding: 'utf8' });
    expect(without.status).not.toBe(0);
    expect(without.stderr + without.stdout).toMatch(/BANAT_NATS_PASSWORD_GATEWAY/);
  });

  it('refuses a connection without a user or with a wrong password', async () => {
    await expect(nats.connectAs('gateway', { user: undefined, pass: undefined })).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });
    await expect(nats.connectAs('gateway', { pass: 'wrong' })).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });
  });

  describe('partner', () => {
    it('cannot publish to the public prefix nor to the history', async () => {
      const js = (await as('partner-demo')).jetstream();
      await refusedByPermissions(js.publish(`${PUBLIC_PREFIX}.registry.organisation.registered.v1`, '{}'));
      await refusedByPermissions(js.publish(`${EVENT_STORE_PREFIX}.certificate.forged`, '{}'));
    });

    it('reads the public stream through its own durable consumer and acknowledges', async () => {
      const partner = await as('partner-demo');
      const jsm = await partner.jetstreamManager({ apiPrefix: PUBLIC_JS_API });
      await jsm.consumers.add(PUBLIC_STREAM, { durable_name: 'partner-demo', ack_policy: AckPolicy.Explicit });
      const consumer = await partner.jetstream({ apiPrefix: PUBLIC_JS_API }).consumers.get(PUBLIC_STREAM, 'partner-demo');
      const message = await consumer.next();
      expect(message?.subject).toBe(`${PUBLIC_PREFIX}.registry.organisation.registered.v1`);
      await message!.ackAck();
      expect((await jsm.consumers.info(PUBLIC_STREAM, 'partner-demo')).ack_floor.stream_seq).toBe(1);
    });

    it('cannot take over or delete a service\'s consumer, nor read other users\' replies', async () => {
      const partner = await as('partner-demo');
      const jsm = await partner.jetstreamManager({ apiPrefix: PUBLIC_JS_API });
      await unreachable(jsm.consumers.add(PUBLIC_STREAM, { durable_name: 'network-directory', ack_policy: AckPolicy.Explicit }));
      await unreachable(jsm.consumers.delete(PUBLIC_STREAM, 'network-directory'));
      expect(await subscriptionRefused(partner, '_INBOX.>')).toBe(true);
      // Its durable consumer is how a partner follows the stream, live or from any point.
      expect(await subscriptionRefused(partner, `${PUBLIC_PREFIX}.>`)).toBe(true);
    });
  });

  describe('gateway', () => {
    it('reads replies on its own inbox prefix only; no service can read the gateway\'s replies', async () => {
      const gateway = await as('gateway');
      expect(await subscriptionRefused(gateway, '_INBOX.>')).toBe(true);
      expect(await subscriptionRefused(gateway, '_INBOX_gateway.>')).toBe(false);
      for (const service of ['registry', 'certification', 'network']) {
        const nc = await as(service);
        expect(await subscriptionRefused(nc, '_INBOX_gateway.>')).toBe(true);
        expect(await subscriptionRefused(nc, `_INBOX_${service}.>`)).toBe(false);
      }
    });

    it('cannot append to the history, by JetStream or plain publish, nor create a stream', async () => {
      const gateway = await as('gateway');
      await refusedByPermissions(gateway.jetstream().publish(`${EVENT_STORE_PREFIX}.certificate.forged`, '{}'));
      await refusedByPermissions(gateway.request('$JS.API.STREAM.CREATE.SHADOW', JSON.stringify({ name: 'SHADOW', subjects: ['shadow.>'] })));
      await refusedByPermissions(gateway.jetstreamManager());
      const before = (await (await as('auditor')).jetstreamManager({ apiPrefix: HISTORY_JS_API })).streams.info(HISTORY);
      gateway.publish(`${EVENT_STORE_PREFIX}.certificate.forged`, '{}');
      await gateway.flush();
      const after = (await (await as('auditor')).jetstreamManager({ apiPrefix: HISTORY_JS_API })).streams.info(HISTORY);
      expect((await after).state.messages).toBe((await before).state.messages);
    });

    it('sends requests to a service and gets the reply; cannot listen on a service\'s subjects', async () => {
      const registry = await as('registry');
      registry.subscribe(pingSubject('registry'), { queue: 'registry', callback: (_, m) => m.respond('pong') });
      await registry.flush();
      const gateway = await as('gateway');
      expect((await gateway.request(pingSubject('registry'), '', { timeout: 5000 })).string()).toBe('pong');
      expect(await subscriptionRefused(gateway, 'banat.rpc.registry.>', 'registry')).toBe(true);
    });
  });

  describe('services', () => {
    it('certification appends to the history and reads it back; it cannot delete, purge or un-protect it', async () => {
      const certification = await as('certification');
      const store = await historyStore(certification);
      const result = await store.appendToStream('certificate-RO-2', [{ type: 'CertificateGranted', data: {} }], { expectedRevision: NO_STREAM, metadata: { ...metadata, commandId: 'cmd-2' } });
      expect(result.nextExpectedRevision).toBe(0);
      expect(await store.readStream('certificate-RO-2')).toHaveLength(1);
      const jsm = await certification.jetstreamManager({ apiPrefix: HISTORY_JS_API });
      await unreachable(jsm.streams.delete(HISTORY));
      await unreachable(jsm.streams.purge(HISTORY));
      await unreachable(jsm.streams.deleteMessage(HISTORY, 1));
      const { config } = await jsm.streams.info(HISTORY);
      await expect(jsm.streams.update(HISTORY, { ...config, deny_delete: false })).rejects.toThrow(/can not cancel deny message deletes/);
    });

    it('certification follows the history live (ordered consumer) and asks the registry', async () => {
      const certification = await as('certification');
      const store = await historyStore(certification);
      const first = await new Promise<string>((resolve, reject) => {
        void store.subscribeToAll({ onEvent: (e) => resolve(e.streamId), onError: reject }).then((s) => open.push({ close: () => s.stop() } as NatsConnection));
      });
      expect(first).toBe('certificate-RO-1');
      const registry = await as('registry');
      registry.subscribe('banat.rpc.registry.organisation.get', { queue: 'registry', callback: (_, m) => m.respond('{}') });
      await registry.flush();
      await expect(certification.request('banat.rpc.registry.organisation.get', '{}', { timeout: 5000 })).resolves.toBeDefined();
    });

    it('certification and events ask the registry organisation.get only: none of its commands nor other reads reach it', async () => {
      const registry = await as('registry');
      registry.subscribe('banat.rpc.registry.>', { queue: 'registry', callback: (_, m) => m.respond('{}') });
      await registry.flush();
      for (const user of ['certification', 'events']) {
        const nc = await as(user);
        await expect(nc.request('banat.rpc.registry.organisation.get', '{}', { timeout: 5000 })).resolves.toBeDefined();
        for (const subject of ['banat.rpc.registry.organisation.register', 'banat.rpc.registry.organisation.deactivate', 'banat.rpc.registry.organisation.search']) {
          await unreachable(nc.request(subject, '{}', { timeout: 5000 }));
        }
      }
      // The gateway still reaches every registry subject.
      await expect((await as('gateway')).request('banat.rpc.registry.organisation.register', '{}', { timeout: 5000 })).resolves.toBeDefined();
    });

    it('no other user may append to the history', async () => {
      for (const user of ['registry', 'network', 'events', 'exhibition', 'auditor']) {
        await refusedByPermissions((await as(user)).jetstream().publish(`${EVENT_STORE_PREFIX}.certificate.forged`, '{}'));
      }
    });

    it('a service listens only on its own subjects, in its own queue group', async () => {
      const registry = await as('registry');
      expect(await subscriptionRefused(registry, 'banat.rpc.certification.>', 'certification')).toBe(true);
      expect(await subscriptionRefused(registry, 'banat.rpc.registry.>', 'eavesdropper')).toBe(true);
      expect(await subscriptionRefused(registry, 'banat.rpc.registry.>')).toBe(true);
      expect(await subscriptionRefused(registry, 'banat.rpc.registry.>', 'registry')).toBe(false);
    });

    it('a service publishes public events only under its own name', async () => {
      const events = await as('events');
      await refusedByPermissions(new PublicEventPublisher(events, '/events', PUBLIC_JS_API).publish({ subject: 'registry.organisation.registered.v1', type: 't', about: 'x', data: {} }));
      await expect(new PublicEventPublisher(events, '/events', PUBLIC_JS_API).publish({ subject: 'events.event.published.v1', type: 't', about: 'x', data: {} })).resolves.toBeDefined();
    });

    it('network consumes the registry\'s public events on its own durable consumer', async () => {
      const network = await as('network');
      let stop: (() => Promise<void>) | undefined;
      const seen = await new Promise<string>((resolve, reject) => {
        consumePublicEvents(network, { durable: 'network-directory', apiPrefix: PUBLIC_JS_API, filterSubjects: ['registry.organisation.registered.v1'], handle: async (e) => resolve(e.subject ?? '') })
          .then((c) => (stop = c.stop), reject);
      });
      await stop?.();
      expect(seen).toBe('org-1');
    });

    it('exhibition consumes registry and certification public events on its own durable consumer only', async () => {
      const exhibition = await as('exhibition');
      let stop: (() => Promise<void>) | undefined;
      const filterSubjects = ['registry.organisation.registered.v1', 'registry.organisation.updated.v1', 'registry.organisation.deactivated.v1', 'certification.>'];
      const seen = await new Promise<string>((resolve, reject) => {
        consumePublicEvents(exhibition, { durable: 'exhibition-booths', apiPrefix: PUBLIC_JS_API, filterSubjects, handle: async (e) => resolve(e.subject ?? '') }).then((c) => (stop = c.stop), reject);
      });
      await stop?.();
      expect(seen).toBe('org-1');
      await unreachable((await exhibition.jetstreamManager({ apiPrefix: PUBLIC_JS_API })).consumers.add(PUBLIC_STREAM, { durable_name: 'network-directory', ack_policy: AckPolicy.Explicit }));
    });

    it("registry consumes the network's cluster-membership ends on its own durable consumer only", async () => {
      const network = await as('network');
      await new PublicEventPublisher(network, '/network', PUBLIC_JS_API).publish({ subject: 'network.cluster-membership.ended.v1', type: 't', about: 'membership-1', data: {} });
      const registry = await as('registry');
      let stop: (() => Promise<void>) | undefined;
      const seen = await new Promise<string>((resolve, reject) => {
        consumePublicEvents(registry, { durable: 'registry-cluster-members', apiPrefix: PUBLIC_JS_API, filterSubjects: ['network.cluster-membership.ended.v1'], handle: async (e) => resolve(e.subject ?? '') }).then((c) => (stop = c.stop), reject);
      });
      await stop?.();
      expect(seen).toBe('membership-1');
      await unreachable((await registry.jetstreamManager({ apiPrefix: PUBLIC_JS_API })).consumers.add(PUBLIC_STREAM, { durable_name: 'network-directory', ack_policy: AckPolicy.Explicit }));
    });

    it('the auditor reads the history by direct get and cannot write it', async () => {
      const auditor = await as('auditor');
      const jsm = await auditor.jetstreamManager({ apiPrefix: HISTORY_JS_API });
      expect((await jsm.streams.info(HISTORY)).state.messages).toBeGreaterThan(0);
      expect((await jsm.streams.getMessage(HISTORY, { seq: 1 })).subject).toMatch(/^banat\.es\.certificate\./);
      await unreachable(jsm.streams.add({ name: HISTORY, subjects: [`${EVENT_STORE_PREFIX}.>`] }));
      await refusedByPermissions(auditor.jetstreamManager());
    });
  });
});
