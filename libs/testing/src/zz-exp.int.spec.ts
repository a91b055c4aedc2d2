import { headers, NatsConnection, Events, AckPolicy } from 'nats';
import { JetStreamEventStore, NO_STREAM } from '@banat/event-store';
import { ensurePublicStream, PublicEventPublisher, consumePublicEvents } from '@banat/messaging';
import { startNatsWithAuth, SecuredNats } from './nats-auth';

const log = (...a: unknown[]) => process.stdout.write(a.map(String).join(' ') + '\n');
const watch = (nc: NatsConnection, who: string) => { (async () => { for await (const s of nc.status()) log(`[${who}] status`, s.type, JSON.stringify(s.data)); })(); };
const meta = { commandId: 'c1', correlationId: 'k', actor: 'alice', role: 'expert' };

it('experiments', async () => {
  const nats: SecuredNats = await startNatsWithAuth();
  try {
    const cert = await nats.connectAs('certification'); watch(cert, 'cert');
    const store = await JetStreamEventStore.connect({ connection: cert });
    log('append', JSON.stringify(await store.appendToStream('certificate-1', [{ type: 'X', data: {} }], { expectedRevision: NO_STREAM, metadata: meta })));
    log('read', (await store.readStream('certificate-1')).length, 'head', await store.headPosition(), 'all', (await store.readAll()).length);
    const got: number[] = [];
    const sub = await store.subscribeToAll({ onEvent: (e) => { got.push(e.position); }, onError: (e) => log('sub error', e) });
    await new Promise((r) => setTimeout(r, 500)); log('subscribed got', got); await sub.stop();
    // can certification un-deny delete?
    const jsm = await cert.jetstreamManager();
    const info = await jsm.streams.info('BANAT_HISTORY');
    await jsm.streams.update('BANAT_HISTORY', { ...info.config, deny_delete: false, deny_purge: false }).then(() => log('UPDATE deny_delete false ALLOWED'), (e) => log('update deny refused', e.message));
    await jsm.streams.delete('BANAT_HISTORY').then(() => log('DELETE ALLOWED'), (e) => log('delete refused', e.message));

    const reg = await nats.connectAs('registry'); watch(reg, 'reg');
    await ensurePublicStream(reg); log('registry ensured public');
    await new PublicEventPublisher(reg, 'x').publish({ subject: 'registry.organisation.registered.v1', type: 't', about: 'a', data: { a: 1 } }); log('registry published');
    await new PublicEventPublisher(reg, 'x').publish({ subject: 'certification.x.v1', type: 't', about: 'a', data: { a: 1 } }).then(() => log('REGISTRY PUBLISHED AS CERT'), (e) => log('reg as cert refused', e.message, e.code));
    const net = await nats.connectAs('network'); watch(net, 'net');
    const seen: string[] = [];
    const c = await consumePublicEvents(net, { durable: 'network-directory', filterSubjects: ['registry.organisation.registered.v1'], handle: async (e) => { seen.push(e.id); } });
    await new Promise((r) => setTimeout(r, 500)); log('network seen', seen.length); await c.stop();
    const c2 = await consumePublicEvents(net, { durable: 'network-directory', filterSubjects: ['registry.organisation.registered.v1', 'registry.x.v1'], handle: async (e) => { seen.push(e.id); } });
    log('network restart ok'); await c2.stop();

    const gw = await nats.connectAs('gateway'); watch(gw, 'gw');
    const gjs = gw.jetstream();
    await gjs.publish('banat.es.certificate.abc', 'x').then(() => log('GATEWAY APPENDED'), (e) => log('gw js publish refused:', e.message, e.code));
    await gw.jetstreamManager().then(() => log('GW JSM OK'), (e) => log('gw jsm refused:', e.message, e.code));
    await gw.jetstreamManager({ checkAPI: false }).then((m) => m.streams.add({ name: 'EVIL', subjects: ['evil.>'] })).then(() => log('GW STREAM ADD'), (e) => log('gw add refused:', e.message, e.code));
    gw.publish('banat.es.certificate.abc', 'x'); await gw.flush();
    const s = gw.subscribe('banat.rpc.registry.>'); s.closed.then(() => log('gw sub closed'), (e) => log('gw sub closed err', e.message));
    await gw.flush();
    // queue group of another
    const rq = reg.subscribe('banat.rpc.registry.>', { queue: 'other' }); rq.closed.then(() => log('reg other queue closed'), (e) => log('reg other queue err', e.message));
    const rq2 = reg.subscribe('banat.rpc.registry.>'); rq2.closed.then(() => log('reg no queue closed'), (e) => log('reg no queue err', e.message));
    const rq3 = reg.subscribe('banat.rpc.certification.>', { queue: 'certification' }); rq3.closed.then(() => log('reg cert queue closed'), (e) => log('reg cert queue err', e.message));
    await reg.flush(); await new Promise((r) => setTimeout(r, 200));

    const p = await nats.connectAs('partner-demo'); watch(p, 'partner');
    const pjsm = await p.jetstreamManager(); log('partner jsm ok');
    await pjsm.consumers.add('BANAT_PUBLIC', { durable_name: 'partner-demo', ack_policy: AckPolicy.Explicit }); log('partner consumer added');
    const pc = await p.jetstream().consumers.get('BANAT_PUBLIC', 'partner-demo');
    const m = await pc.next(); log('partner got', m?.subject); m?.ack(); await p.flush();
    await pjsm.consumers.add('BANAT_PUBLIC', { durable_name: 'network-directory', ack_policy: AckPolicy.Explicit }).then(() => log('PARTNER HIJACK'), (e) => log('partner hijack refused', e.message));
    await p.jetstream().publish('banat.public.registry.fake.v1', 'x').then(() => log('PARTNER PUB'), (e) => log('partner js pub refused', e.message, e.code));
    await p.jetstream().consumers.get('BANAT_PUBLIC').then(async (oc) => { const mm = await oc.next(); log('PARTNER ORDERED', mm?.subject); }, (e) => log('partner ordered refused', e.message));
    const ps = p.subscribe('_INBOX.>'); ps.closed.then(() => log('partner inbox sub closed'), (e) => log('partner inbox err', e.message));
    await p.flush(); await new Promise((r) => setTimeout(r, 200));
    const aud = await nats.connectAs('auditor'); watch(aud, 'aud');
    const astore = await JetStreamEventStore.connect({ connection: aud }).then((s) => { log('auditor store connect OK'); return s; }, (e) => { log('auditor connect refused', e.message); return undefined; });
    for (const nc of [cert, reg, net, gw, p, aud]) await nc.close();
  } finally { await nats.stop(); }
});
