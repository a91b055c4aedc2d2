import { AckPolicy, connect, DeliverPolicy } from 'nats';
import { CertificationApplicationEvents, CertificationEvents, CERTIFICATION_EVENT_SOURCE } from '../../libs/contracts/src';
import { ensurePublicStream, PUBLIC_JS_API, PublicEventPublisher } from '../../libs/messaging/src';
import { eventually, SecuredNats, startNatsWithAuth } from '../../libs/testing/src';
import { main } from './partner-subscriber';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isFact = (line: string) => /^\d{4}-\d{2}-\d{2}T/.test(line);

/**
 * The partner example run again and again on one durable consumer, as the partner-demo user on a bus
 * enforcing deploy/nats/auth.conf: a restart resumes, a replay flag re-creates the consumer.
 */
describe('partner subscriber example: restarts on the same consumer', () => {
  let nats: SecuredNats;
  let publisher: PublicEventPublisher;
  let closeCertification: () => Promise<void>;
  let env: Record<string, string>;

  const granted = (n: number) => ({
    subject: CertificationEvents.granted.subject,
    type: CertificationEvents.granted.type,
    about: `MIB-2026-00000${n}`,
    id: `certificate-MIB-2026-00000${n}-1`,
    data: { certificateNumber: `MIB-2026-00000${n}`, holderOrganisationId: `org-${n}`, holderRegion: 'RO-TM' },
  });
  const submitted = (n: number) => ({
    subject: CertificationApplicationEvents.submitted.subject,
    type: CertificationApplicationEvents.submitted.type,
    about: `app-${n}`,
    id: `application-app-${n}-0`,
    data: { applicationId: `app-${n}`, applicantOrganisationId: `org-${n}`, applicantCountry: 'RO', applicantRegion: 'RO-TM', schemeId: 'made-in-banat', schemeVersion: 1, at: new Date().toISOString() },
  });

  /** Runs the example until it has printed `facts` facts (and a moment more, to catch any extra), then stops it. */
  async function run(argv: string[], facts: number, whileRunning?: () => Promise<unknown>) {
    const out: string[] = [];
    const err: string[] = [];
    let stop!: () => void;
    const running = main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env, until: new Promise<void>((r) => (stop = r)) });
    await eventually(async () => (out.some((l) => l.startsWith('following')) || err.length ? true : undefined));
    if (err.length) {
      stop();
      return { code: await running, out, err, facts: [] as string[] };
    }
    await whileRunning?.();
    await eventually(async () => (out.filter(isFact).length >= facts ? true : undefined));
    await sleep(300);
    stop();
    const code = await running;
    return { code, out, err, facts: out.filter(isFact) };
  }

  beforeAll(async () => {
    nats = await startNatsWithAuth();
    const certification = await nats.connectAs('certification');
    closeCertification = () => certification.close();
    await ensurePublicStream(certification, PUBLIC_JS_API);
    publisher = new PublicEventPublisher(certification, CERTIFICATION_EVENT_SOURCE, PUBLIC_JS_API);
    await publisher.publish(granted(1));
    await publisher.publish(submitted(1));
    await publisher.publish(granted(2));
    env = { NATS_URL: nats.url, NATS_USER: 'partner-demo', NATS_PASSWORD: nats.passwordOf('partner-demo') };
  });
  afterAll(async () => {
    await closeCertification?.();
    await nats?.stop();
  });

  it('replays from the start, resumes without a flag, replays again with --since or --from-start: never an error, never an application', async () => {
    const first = await run(['--from-start'], 2);
    expect(first).toMatchObject({ code: 0, err: [] });
    expect(first.out[0]).toBe('consumer partner-demo created to replay from the start');
    expect(first.facts).toEqual([expect.stringMatching(/ {2}certificate\.granted\.v1 {2}MIB-2026-000001 {2}holder org-1 \(RO-TM\)$/), expect.stringMatching(/certificate\.granted\.v1 {2}MIB-2026-000002 {2}holder org-2/)]);

    // Restarted without a flag: where it stopped, with only what came since.
    const resumed = await run([], 1, async () => {
      await publisher.publish(submitted(2));
      await publisher.publish(granted(3));
    });
    expect(resumed).toMatchObject({ code: 0, err: [] });
    expect(resumed.out[0]).toBe('consumer partner-demo resumed after stream sequence 3: 0 fact(s) waiting');
    expect(resumed.facts).toEqual([expect.stringContaining('MIB-2026-000003')]);

    // A replay from an instant on the existing consumer: re-created, said in one line.
    const since = new Date(Date.now() - 3_600_000);
    const replayed = await run(['--since', since.toISOString()], 3);
    expect(replayed).toMatchObject({ code: 0, err: [] });
    expect(replayed.out[0]).toBe(`consumer partner-demo re-created to replay from ${since.toISOString()} (it had acknowledged up to stream sequence 5)`);
    expect(replayed.facts.map((l) => l.match(/MIB-2026-\d+/)?.[0])).toEqual(['MIB-2026-000001', 'MIB-2026-000002', 'MIB-2026-000003']);

    const again = await run(['--from-start'], 3);
    expect(again.out[0]).toBe('consumer partner-demo re-created to replay from the start (it had acknowledged up to stream sequence 5)');
    expect(again.facts).toHaveLength(3);
    // A replay from an instant after everything: nothing.
    const future = await run(['--since', new Date(Date.now() + 3_600_000).toISOString()], 0);
    expect(future.out[0]).toMatch(/^consumer partner-demo re-created to replay from /);
    expect(future.facts).toEqual([]);

    for (const line of [first, resumed, replayed, again, future].flatMap((r) => r.out)) expect(line).not.toMatch(/undefined|application\./);
  });

  it('narrows a consumer left by an earlier version on every certification event, keeping its place', async () => {
    const partner = await connect({ servers: nats.url, user: 'partner-demo', pass: nats.passwordOf('partner-demo'), inboxPrefix: '_INBOX_partner-demo' });
    try {
      const jsm = await partner.jetstreamManager({ apiPrefix: 'JS.PUBLIC.API' });
      await jsm.consumers.delete('BANAT_PUBLIC', 'partner-demo');
      await jsm.consumers.add('BANAT_PUBLIC', { durable_name: 'partner-demo', ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.New, filter_subject: 'banat.public.certification.>' });
    } finally {
      await partner.close();
    }
    const resumed = await run([], 1, () => publisher.publish(submitted(3)).then(() => publisher.publish(granted(4))));
    expect(resumed).toMatchObject({ code: 0, err: [] });
    expect(resumed.out[0]).toMatch(/^consumer partner-demo resumed after stream sequence \d+: 0 fact\(s\) waiting, its filter narrowed from banat\.public\.certification\.> to banat\.public\.certification\.certificate\.>, one fact at a time now \(max_ack_pending 1000 to 1\)$/);
    expect(resumed.facts).toEqual([expect.stringContaining('MIB-2026-000004')]);
  });

  it('names the server and the user when the password is wrong (exit 1, one line)', async () => {
    const wrong = await (async () => {
      const err: string[] = [];
      const code = await main([], { out: () => undefined, err: (l) => err.push(l), env: { ...env, NATS_PASSWORD: 'not-the-password' }, until: Promise.resolve() });
      return { code, err };
    })();
    expect(wrong.code).toBe(1);
    expect(wrong.err).toEqual([`error: NATS at ${nats.url} refused user partner-demo (authorization violation); check NATS_USER and NATS_PASSWORD (with npm start: BANAT_NATS_PASSWORD_PARTNER_DEMO in .data/nats-passwords.json)`]);
  });
});
