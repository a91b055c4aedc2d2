import { AckPolicy, NatsConnection, NatsError, StreamInfo } from 'nats';
import { JetStreamEventStore, NO_STREAM, streamSubject } from '@banat/event-store';
import { ensurePublicStream, HISTORY_JS_API, PUBLIC_JS_API, PublicEventPublisher } from '@banat/messaging';
import { passwordVariables, SecuredNats, startNatsWithAuth } from './nats-auth';

/**
 * The seal of deploy/nats/auth.conf, on a real nats-server: for every user of the config, every
 * subject its account imports (JetStream API verbs, RPC subjects, acks, its own write subjects) is
 * sent to with reply subjects on both streams' subjects; nothing may be stored but the owner's own
 * publishes. Users, accounts and imports are read from the running server (connz, accountz), so a
 * user or import added to the config is covered without touching this test.
 */
const HISTORY = 'BANAT_HISTORY';
const CONFIG = process.env.BANAT_SEAL_CONF; // another config to try the test on (e.g. an older one); default deploy/nats/auth.conf
const PUBLIC = 'BANAT_PUBLIC';
const metadata = { commandId: 'seal-1', correlationId: 'seal-1', actor: 'dora', role: 'decision-maker' };

interface Import {
  subject: string;
  local_subject?: string;
  to?: string;
  account: string;
  type: 'service' | 'stream';
}

/** NATS subject matching with * and > in the pattern. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

describe('nothing lands in a stream but what its owner writes (deploy/nats/auth.conf)', () => {
  let nats: SecuredNats;
  const open: NatsConnection[] = [];
  const as = async (user: string) => {
    const nc = await nats.connectAs(user, { name: `seal-${user}` });
    open.push(nc);
    return nc;
  };
  const monitor = async <T>(path: string): Promise<T> => (await fetch(`${nats.monitorUrl}${path}`)).json() as Promise<T>;
  let historyInfo: () => Promise<StreamInfo>;
  let publicInfo: () => Promise<StreamInfo>;
  const historySubject = streamSubject('certificate-RO-1');
  // Where each stream's JetStream API is: its own account's (auth.conf), or the users' own (a config without accounts).
  let api = { history: HISTORY_JS_API, public: PUBLIC_JS_API };

  beforeAll(async () => {
    nats = await startNatsWithAuth(CONFIG, { monitor: true });
    if (!(await monitor<{ accounts: string[] }>('/accountz')).accounts.includes('HISTORY')) api = { history: '$JS.API', public: '$JS.API' };
    // Both streams exist with one message each, written by their owners.
    const certification = await as('certification');
    const store = await JetStreamEventStore.connect({ connection: certification, apiPrefix: api.history });
    await store.appendToStream('certificate-RO-1', [{ type: 'CertificateGranted', data: {} }], { expectedRevision: NO_STREAM, metadata });
    const registry = await as('registry');
    await ensurePublicStream(registry, api.public);
    await new PublicEventPublisher(registry, '/registry', api.public).publish({ subject: 'registry.organisation.registered.v1', type: 't', about: 'org-1', data: {} });
    const historyJsm = await certification.jetstreamManager({ apiPrefix: api.history });
    const publicJsm = await registry.jetstreamManager({ apiPrefix: api.public });
    historyInfo = () => historyJsm.streams.info(HISTORY, { subjects_filter: '>' });
    publicInfo = () => publicJsm.streams.info(PUBLIC, { subjects_filter: '>' });
  });
  afterAll(async () => {
    await Promise.all(open.map((nc) => nc.close()));
    await nats?.stop();
  });

  it('lets no user store anything by a reply, a JetStream answer, a pull delivery or a push consumer', async () => {
    const users = [...passwordVariables(CONFIG).keys()];
    expect(users.length).toBeGreaterThanOrEqual(8);
    const connections = new Map(await Promise.all(users.map(async (user) => [user, await as(user)] as const)));
    const { connections: clients } = await monitor<{ connections: { name: string; account?: string }[] }>('/connz?auth=true&limit=1024');
    const accountOf = (user: string) => clients.find((c) => c.name === `seal-${user}`)!.account ?? '$G'; // connz leaves out the global account
    const importsOf = async (account: string) => (await monitor<{ account_detail: { imports?: Import[] } }>(`/accountz?acc=${encodeURIComponent(account)}`)).account_detail.imports ?? [];

    // Every user that may answer RPC subjects under its name does (as its own user, in its queue group).
    for (const user of users) {
      const responder = await as(user);
      // Refused (the callback then gets the error) where the config gives the user no RPC subjects.
      responder.subscribe(`banat.rpc.${user}.>`, { queue: user, callback: (error, m) => !error && m.respond('{"pong":true}') });
      await responder.flush();
    }
    // Durable consumers of the public stream exist, created by their owners.
    for (const [user, durable] of [['network', 'network-directory'], ['exhibition', 'exhibition-booths'], ['events', 'events-reporting'], ['registry', 'registry-cluster-members'], ['partner-demo', 'partner-demo']] as const) {
      await (await connections.get(user)!.jetstreamManager({ apiPrefix: api.public })).consumers.add(PUBLIC, { durable_name: durable, ack_policy: AckPolicy.Explicit });
    }

    const [history0, public0] = await Promise.all([historyInfo(), publicInfo()]);
    const streams = [history0, public0];
    const storedSubjects = streams.flatMap((info) => Object.keys(info.state.subjects ?? {}));
    // Reply subjects on every stream: existing streams' subjects, other services' and new ones.
    const replies = [
      historySubject,
      streamSubject('certificate-RO-2'),
      'banat.es.junk',
      ...storedSubjects,
      ...['registry', 'certification', 'network', 'events', 'exhibition'].map((svc) => `banat.public.${svc}.organisation.registered.v1`),
    ];
    const concrete = (subject: string) =>
      subject.includes('.DIRECT.GET.') && subject.endsWith('>') ? subject.replace('>', historySubject) : subject.replace(/\*/g, 'x1').replace(/>$/, 'x1.x2');
    const captured = (subject: string) => streams.find((info) => info.config.subjects.some((pattern) => matches(pattern, subject)));
    const payloadsFor = (subject: string): string[] => {
      if (/\.(DIRECT\.GET|STREAM\.MSG\.GET)\./.test(subject)) return ['{"seq":1}', '{"last_by_subj":"' + historySubject + '"}'];
      if (/\.CONSUMER\.MSG\.NEXT\./.test(subject)) return ['{"batch":5,"expires":200000000}'];
      if (/\.CONSUMER\.(DURABLE\.)?CREATE\./.test(subject)) {
        const stream = subject.includes(HISTORY) ? HISTORY : PUBLIC;
        // A push consumer delivering onto a stream's subjects.
        return ['{}', ...replies.map((deliver) => JSON.stringify({ stream_name: stream, config: { deliver_subject: deliver, ack_policy: 'none' } }))];
      }
      return ['{}'];
    };

    const expectedWrites = new Map<string, number>(); // stream name → messages its owners were allowed to store
    const outcomes: string[] = [];
    for (const user of users) {
      const nc = connections.get(user)!;
      const imports = (await importsOf(accountOf(user))).filter((imp) => imp.type === 'service');
      // Deleting verbs last, so that what they delete was used first.
      // Plus the own account's JetStream API and every RPC subject: reachable only if the config lets them be.
      const own = [HISTORY, PUBLIC].flatMap((name) => ['INFO', `STREAM.INFO.${name}`, `STREAM.MSG.GET.${name}`, `DIRECT.GET.${name}`, `CONSUMER.CREATE.${name}`].map((verb) => `$JS.API.${verb}`));
      const candidates = [...imports.map((imp) => concrete(imp.local_subject ?? imp.to ?? imp.subject)), ...own, ...users.map((u) => `banat.rpc.${u}.x1.x2`)];
      const subjects = [...new Set(candidates)].sort((a, b) => Number(a.includes('.DELETE.')) - Number(b.includes('.DELETE.')));
      expect([user, subjects.length]).not.toEqual([user, 0]);
      let answered = 0;
      for (const subject of subjects) {
        const stream = captured(subject);
        for (const payload of payloadsFor(subject)) {
          // With the user's own inbox first: is the subject reachable at all?
          if (!stream) {
            const outcome = await nc.request(subject, payload, { timeout: 1000 }).then(
              () => 'answered',
              (error: NatsError) => error.code,
            );
            if (outcome === 'answered') answered++;
            outcomes.push(`${user} ${subject}: ${outcome}`);
          }
          // Then with a reply subject on each stream's subjects.
          for (const reply of replies) {
            nc.publish(subject, payload, { reply });
            // A publish on a stream's own subject is a write: allowed to its owner only, and counted.
            if (stream) expectedWrites.set(stream.config.name, (expectedWrites.get(stream.config.name) ?? 0) + 1);
          }
        }
      }
      await nc.flush().catch(() => undefined);
      expect([user, answered]).not.toEqual([user, 0]);
    }
    await new Promise((resolve) => setTimeout(resolve, 1500)); // let every answer and delivery arrive
    const [history1, public1] = await Promise.all([historyInfo(), publicInfo()]);

    // Only owners' own publishes were stored, none on a reply subject, nothing else.
    const stored = (info: StreamInfo) => info.state.subjects ?? {};
    for (const [before, after] of [[history0, history1], [public0, public1]] as const) {
      const writes = expectedWrites.get(before.config.name) ?? 0;
      expect([before.config.name, after.state.last_seq]).toEqual([before.config.name, before.state.last_seq + writes]);
      for (const reply of replies) expect([reply, stored(after)[reply] ?? 0]).toEqual([reply, stored(before)[reply] ?? 0]);
    }
    // The reachability the test relied on: verbs were answered across accounts.
    expect(outcomes).toEqual(expect.arrayContaining([
      `auditor ${HISTORY_JS_API}.DIRECT.GET.${HISTORY}: answered`,
      'gateway banat.rpc.registry.x1.x2: answered',
      'certification banat.rpc.registry.organisation.get: answered',
      `certification ${HISTORY_JS_API}.CONSUMER.CREATE.${HISTORY}: answered`,
    ]));
    // Pull deliveries were made (to replies on the streams' subjects too) by the durables left.
    for (const [user, durable] of [['network', 'network-directory'], ['exhibition', 'exhibition-booths']] as const) {
      const info = await (await connections.get(user)!.jetstreamManager({ apiPrefix: api.public })).consumers.info(PUBLIC, durable);
      expect([durable, info.delivered.consumer_seq > 0]).toEqual([durable, true]);
    }
  });

  it('stores an owner\'s publish on its own subjects only; a stream\'s subjects of another owner are out of reach', async () => {
    const [history0, public0] = await Promise.all([historyInfo(), publicInfo()]);
    for (const user of passwordVariables(CONFIG).keys()) {
      const nc = await as(user);
      for (const subject of ['banat.es.certificate.forged', 'banat.public.registry.organisation.registered.v1', 'banat.public.certification.certificate.granted.v1']) {
        const owner = subject.startsWith('banat.es.') ? 'certification' : subject.split('.')[2];
        if (user === owner) continue;
        nc.publish(subject, '{}');
      }
      await nc.flush().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [history1, public1] = await Promise.all([historyInfo(), publicInfo()]);
    expect(history1.state.last_seq).toBe(history0.state.last_seq);
    expect(public1.state.last_seq).toBe(public0.state.last_seq);
  });
});
