import { CertificationEvents, CERTIFICATION_EVENT_SOURCE } from '../../libs/contracts/src';
import { ensurePublicStream, PUBLIC_JS_API, PublicEventPublisher } from '../../libs/messaging/src';
import { eventually, startNatsWithAuth, type SecuredNats } from '../../libs/testing/src';
import { AwardFact, followAwards } from './partner-subscriber';

/** A certificate's fact as the certification service publishes it: its id ends with the certificate stream's revision. */
const fact = (certificate: number, name: 'granted' | 'suspended', revision: number) => {
  const certificateNumber = `MIB-2026-${String(certificate).padStart(6, '0')}`;
  return {
    subject: CertificationEvents[name].subject,
    type: CertificationEvents[name].type,
    about: certificateNumber,
    id: `certificate-${certificateNumber}-${revision}`,
    data: { certificateNumber, holderOrganisationId: `org-${certificate}`, ...(name === 'suspended' ? { reason: 'audit' } : {}) },
  };
};

/** A bus enforcing deploy/nats/auth.conf, with the public stream and the certification service's publisher on it. */
async function onBus(test: (nats: SecuredNats, publisher: PublicEventPublisher) => Promise<void>): Promise<void> {
  const nats = await startNatsWithAuth();
  const certification = await nats.connectAs('certification');
  try {
    await ensurePublicStream(certification, PUBLIC_JS_API);
    await test(nats, new PublicEventPublisher(certification, CERTIFICATION_EVENT_SOURCE, PUBLIC_JS_API));
  } finally {
    await certification.close();
    await nats.stop();
  }
}

/** The partner example, as the partner-demo user on a bus enforcing deploy/nats/auth.conf. */
describe('partner subscriber example', () => {
  it('replays the award facts from the start, once each, and goes on with new ones', () =>
    onBus(async (nats, publisher) => {
      await publisher.publish(fact(1, 'granted', 1));
      await publisher.publish(fact(1, 'granted', 1)); // a retried publication: same id, deduplicated
      const seen: AwardFact[] = [];
      const stop = await followAwards({ servers: nats.url, user: 'partner-demo', pass: nats.passwordOf('partner-demo'), deliver: 'all', onFact: (f) => void seen.push(f) });
      try {
        await publisher.publish(fact(1, 'suspended', 2));
        await eventually(async () => (seen.length >= 2 ? true : undefined));
        expect(seen.map((f) => [f.type, f.data.certificateNumber])).toEqual([
          [CertificationEvents.granted.type, 'MIB-2026-000001'],
          [CertificationEvents.suspended.type, 'MIB-2026-000001'],
        ]);
        expect(seen[1]!.data.reason).toBe('audit');
      } finally {
        await stop();
      }
    }));

  it('keeps a certificate’s facts in order when handling one fails: it comes again before any later fact', () =>
    onBus(async (nats, publisher) => {
      await publisher.publish(fact(7, 'granted', 0));
      await publisher.publish(fact(7, 'suspended', 1));
      const handled: string[] = [];
      let failures = 0;
      const notices: string[] = [];
      const stop = await followAwards({
        servers: nats.url,
        user: 'partner-demo',
        pass: nats.passwordOf('partner-demo'),
        deliver: 'all',
        onNotice: (line) => void notices.push(line),
        onFact: (f) => {
          // The partner's database is down for the first fact: it must not see the suspension first.
          if (f.type === CertificationEvents.granted.type && failures++ === 0) throw new Error('database down');
          handled.push(f.type);
        },
      });
      try {
        await eventually(async () => (handled.length >= 2 ? true : undefined), 150);
        expect(handled).toEqual([CertificationEvents.granted.type, CertificationEvents.suspended.type]);
        expect(notices.some((l) => l.includes('not handled, to come again in 5 s: database down'))).toBe(true);
      } finally {
        await stop();
      }
    }), 30_000);

  it('applies a certificate’s facts by the revision their id ends with: one stored after a later one (a retried publication) is skipped, said in one line', () =>
    onBus(async (nats, publisher) => {
      // The grant's first publication failed while the suspension's went through; the grant, published again, lands after it.
      await publisher.publish(fact(8, 'suspended', 1));
      await publisher.publish(fact(8, 'granted', 0));
      await publisher.publish(fact(9, 'granted', 0));
      const handled: string[] = [];
      const notices: string[] = [];
      const stop = await followAwards({ servers: nats.url, user: 'partner-demo', pass: nats.passwordOf('partner-demo'), deliver: 'all', onNotice: (l) => void notices.push(l), onFact: (f) => void handled.push(f.id) });
      try {
        await eventually(async () => (handled.includes('certificate-MIB-2026-000009-0') ? true : undefined));
        expect(handled).toEqual(['certificate-MIB-2026-000008-1', 'certificate-MIB-2026-000009-0']);
        expect(notices).toContain('stream sequence 2: certificate.granted.v1 MIB-2026-000008 revision 0 skipped: revision 1 of that certificate is already applied');
      } finally {
        await stop();
      }
    }));
});
