import { AckPolicy, DeliverPolicy } from 'nats';
import { CertificationEvents, PUBLIC_PREFIX } from '@banat/contracts';
import { PUBLIC_STREAM } from '@banat/messaging';
import { historyLength, registerOrganisation, reviewedFile } from '../test/certification-scenarios';
import { CertificationPlatform, startCertificationPlatform } from '../test/certification-test-platform';

/** Appeals against a suspension or withdrawal over HTTP: holder only, independent deciders, register and "as of" after each step. */
describe('appeals against certificate decisions', () => {
  let p: CertificationPlatform;
  let holderOrg: string;
  let otherOrg: string;
  let certificateNumber: string;
  const dm = (name: string) => p.as(name, 'decision-maker');
  const holderMember = () => p.as('member-ioana', 'member', holderOrg);
  const asOf = async (when: string) => (await p.get(`/certificates/${certificateNumber}/as-of?when=${encodeURIComponent(when)}`)).body;

  beforeAll(async () => {
    p = await startCertificationPlatform();
    holderOrg = await registerOrganisation(p, 'RO');
    otherOrg = await registerOrganisation(p, 'RO');
    p.clock.now = '2026-01-10T10:00:00.000Z';
    const applicationId = await reviewedFile(p, holderOrg);
    const granted = await p.post(`/applications/${applicationId}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, dm('dm-milan'));
    if (granted.status !== 200) throw new Error(`grant refused: ${JSON.stringify(granted.body)}`);
    certificateNumber = granted.body.certificateNumber;
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('a suspension appealed by the holder and upheld by an independent decision maker: the register shows it active, "as of" each stage is right', async () => {
    p.clock.now = '2026-02-10T08:00:00.000Z';
    expect((await p.post(`/certificates/${certificateNumber}/suspension`, { reason: 'raw materials bought outside the region' }, dm('dm-milan'))).status).toBe(200);

    p.clock.now = '2026-02-20T09:00:00.000Z';
    const appeal = await p.post(`/certificates/${certificateNumber}/appeals`, { appealId: 'appeal-s1', grounds: 'supplier invoices from Timiș were overlooked' }, holderMember());
    expect(appeal.status).toBe(201);
    const suspendedEntry = await p.get(`/certificates/${certificateNumber}?after=${appeal.body.position}`);
    expect(suspendedEntry.body).toMatchObject({ status: 'suspended', statusReason: 'raw materials bought outside the region' });

    const byMember = await p.post(`/certificates/${certificateNumber}/appeals/appeal-s1/decision`, { outcome: 'upheld', panel: [], reasons: ['x'] }, holderMember());
    expect(byMember.status).toBe(403);

    p.clock.now = '2026-03-05T10:00:00.000Z';
    const decided = await p.post(`/certificates/${certificateNumber}/appeals/appeal-s1/decision`, { outcome: 'upheld', panel: ['panel-vesna'], reasons: ['invoices show regional suppliers'] }, dm('dm-ana'));
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ appended: 2 });

    const entry = await p.get(`/certificates/${certificateNumber}?after=${decided.body.position}`);
    expect(entry.body).toMatchObject({ status: 'active', suspendedAt: '2026-02-10T08:00:00.000Z', restoredAt: '2026-03-05T10:00:00.000Z', statusSince: '2026-03-05T10:00:00.000Z' });
    expect(entry.body.statusReason).toBeUndefined();
    const register = await p.get(`/register?holderOrganisationId=${holderOrg}&after=${decided.body.position}`);
    expect(register.body.items).toEqual([expect.objectContaining({ certificateNumber, status: 'active' })]);

    expect(await asOf('2026-02-09')).toMatchObject({ status: 'active', inForce: true });
    expect(await asOf('2026-02-15')).toMatchObject({ status: 'suspended', inForce: false });
    expect(await asOf('2026-02-25')).toMatchObject({ status: 'suspended', inForce: false });
    expect(await asOf('2026-03-05T09:59:59.999Z')).toMatchObject({ status: 'suspended', inForce: false });
    expect(await asOf('2026-03-05')).toMatchObject({ status: 'active', inForce: true });
    // Who suspended and who appealed stay off the public answer.
    const publicAnswer = await asOf('2026-02-25');
    expect(publicAnswer).not.toHaveProperty('appeals');
    expect(publicAnswer).not.toHaveProperty('standingDecision');

    const history = await p.get(`/certificates/${certificateNumber}/history`, p.as('aud-eva', 'auditor'));
    expect(history.body.map((h: { type: string }) => h.type)).toEqual([
      'CertificateIssued', 'CertificateSuspended', 'CertificateAppealLodged', 'CertificateAppealDecided', 'CertificateRestored',
    ]);
    expect(history.body[2].data).toMatchObject({ against: 'suspension', decisionBy: 'dm-milan', actor: 'member-ioana', role: 'member', decideBy: '2026-04-21' });
    expect(history.body[3].data).toMatchObject({ outcome: 'upheld', panel: ['dm-ana', 'panel-vesna'], reasons: ['invoices show regional suppliers'], decidedWithinDeadline: true });

    const facts = await publicFactTypes((types) => types.length >= 3);
    expect(facts).toEqual([CertificationEvents.granted.type, CertificationEvents.suspended.type, CertificationEvents.restored.type]);
  });

  it('a withdrawal appealed by another organisation\'s member is forbidden (403); decided by the person who withdrew it: 422 and nothing appended', async () => {
    p.clock.now = '2026-04-10T08:00:00.000Z';
    expect((await p.post(`/certificates/${certificateNumber}/withdrawal`, { reason: 'brand mark used on non-certified products' }, dm('dm-milan'))).status).toBe(200);

    p.clock.now = '2026-04-15T08:00:00.000Z';
    const before = await historyLength(p, `/certificates/${certificateNumber}`);
    const stranger = await p.post(`/certificates/${certificateNumber}/appeals`, { appealId: 'appeal-w1', grounds: 'we disagree' }, p.as('member-other', 'member', otherOrg));
    expect(stranger.status).toBe(403);
    expect(await historyLength(p, `/certificates/${certificateNumber}`)).toBe(before);

    const appeal = await p.post(`/certificates/${certificateNumber}/appeals`, { appealId: 'appeal-w1', grounds: 'the products were certified' }, holderMember());
    expect(appeal.status).toBe(201);
    const again = await p.post(`/certificates/${certificateNumber}/appeals`, { appealId: 'appeal-w2', grounds: 'once more' }, holderMember());
    expect(again.body).toMatchObject({ code: 'RULE_VIOLATED', rule: 'AppealAlreadyLodged' });

    const lodged = await historyLength(p, `/certificates/${certificateNumber}`);
    expect(lodged).toBe(before + 1);
    const byWithdrawer = await p.post(`/certificates/${certificateNumber}/appeals/appeal-w1/decision`, { outcome: 'upheld', panel: ['panel-vesna'], reasons: ['on reflection'] }, dm('dm-milan'));
    expect(byWithdrawer.status).toBe(422);
    expect(byWithdrawer.body).toMatchObject({ code: 'RULE_VIOLATED', rule: 'AppealDeciderNotIndependent' });
    // Nor anyone who assessed or reviewed the file the certificate was granted on.
    for (const person of ['expert-ro', 'reviewer-ion']) {
      const involved = await p.post(`/certificates/${certificateNumber}/appeals/appeal-w1/decision`, { outcome: 'upheld', panel: [person], reasons: ['on reflection'] }, dm('dm-jovana'));
      expect([person, involved.body]).toEqual([person, expect.objectContaining({ code: 'RULE_VIOLATED', rule: 'AppealDeciderNotIndependent', message: expect.stringContaining(person) })]);
    }
    expect(await historyLength(p, `/certificates/${certificateNumber}`)).toBe(lodged);
    expect((await p.get(`/certificates/${certificateNumber}?after=${appeal.body.position}`)).body).toMatchObject({ status: 'withdrawn' });
  });

  /** The public fact types published for the certificate, read from the start of the public stream until `enough`. */
  async function publicFactTypes(enough: (types: string[]) => boolean): Promise<string[]> {
    const jsm = await p.nc.jetstreamManager();
    const info = await jsm.consumers.add(PUBLIC_STREAM, { ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All, filter_subject: `${PUBLIC_PREFIX}.certification.>`, inactive_threshold: 10_000_000_000 });
    const consumer = await p.nc.jetstream().consumers.get(PUBLIC_STREAM, info.name);
    const types: string[] = [];
    // Publishing trails the command by one projection step: keep fetching until the facts are there.
    while (!enough(types)) {
      const batch = await consumer.fetch({ max_messages: 100, expires: 1000 });
      for await (const m of batch) {
        const ce = m.json<{ subject: string; type: string }>();
        if (ce.subject === certificateNumber) types.push(ce.type);
      }
    }
    await jsm.consumers.delete(PUBLIC_STREAM, info.name);
    return types;
  }
});
