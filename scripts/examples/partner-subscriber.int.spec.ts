import { CertificationEvents, CERTIFICATION_EVENT_SOURCE } from '../../libs/contracts/src';
import { ensurePublicStream, PUBLIC_JS_API, PublicEventPublisher } from '../../libs/messaging/src';
import { eventually, startNatsWithAuth } from '../../libs/testing/src';
import { AwardFact, followAwards } from './partner-subscriber';

/** The partner example, as the partner-demo user on a bus enforcing deploy/nats/auth.conf. */
describe('partner subscriber example', () => {
  it('replays the award facts from the start, once each, and goes on with new ones', async () => {
    const nats = await startNatsWithAuth();
    const certification = await nats.connectAs('certification');
    try {
      await ensurePublicStream(certification, PUBLIC_JS_API);
      const publisher = new PublicEventPublisher(certification, CERTIFICATION_EVENT_SOURCE, PUBLIC_JS_API);
      const fact = (n: number, name: 'granted' | 'suspended') => ({
        subject: CertificationEvents[name].subject,
        type: CertificationEvents[name].type,
        about: `MIB-2026-00000${n}`,
        id: `certificate-MIB-2026-00000${n}-${name === 'granted' ? 1 : 2}`,
        data: { certificateNumber: `MIB-2026-00000${n}`, holderOrganisationId: `org-${n}`, ...(name === 'suspended' ? { reason: 'audit' } : {}) },
      });
      await publisher.publish(fact(1, 'granted'));
      await publisher.publish(fact(1, 'granted')); // a retried publication: same id, deduplicated
      const seen: AwardFact[] = [];
      const stop = await followAwards({ servers: nats.url, user: 'partner-demo', pass: nats.passwordOf('partner-demo'), deliver: 'all', onFact: (f) => void seen.push(f) });
      try {
        await publisher.publish(fact(1, 'suspended'));
        await eventually(async () => (seen.length >= 2 ? true : undefined));
        expect(seen.map((f) => [f.type, f.data.certificateNumber])).toEqual([
          [CertificationEvents.granted.type, 'MIB-2026-000001'],
          [CertificationEvents.suspended.type, 'MIB-2026-000001'],
        ]);
        expect(seen[1]!.data.reason).toBe('audit');
      } finally {
        await stop();
      }
    } finally {
      await certification.close();
      await nats.stop();
    }
  });
});
