import { runAudit } from '../../../scripts/audit';
import { historyLength, registerOrganisation, reviewedFile, secretariat } from '../test/certification-scenarios';
import { CertificationPlatform, startCertificationPlatform } from '../test/certification-test-platform';

/**
 * Complainants' personal data is sealed in the history under a key of their own; erasing the key
 * erases the data, and the history keeps every event and its hash chain. Complaints from the public
 * count against a stricter rate limit per client.
 */
describe('personal data in the certification history: sealed, erasable, hash chain intact; complaints rate limited', () => {
  let p: CertificationPlatform;
  let certificateNumber: string;
  const COMPLAINT_LIMIT = 5;
  const maria = { name: 'Maria Ionescu', contact: 'maria.ionescu@example.ro' };
  const complaint = (complainant: { name: string; contact: string }, grounds = 'the honey sold under the brand is imported') => ({ certificateNumber, complainant, grounds });
  const auditor = () => p.as('aud-eva', 'auditor');
  const verify = async (streamId: string) => {
    const lines: string[] = [];
    const code = await runAudit(['verify', '--stream', streamId, '--json'], (l) => lines.push(l), p.natsUrl);
    return { code, results: JSON.parse(lines.join('')) as Array<{ stream: string; ok: boolean; events: number }> };
  };

  beforeAll(async () => {
    p = await startCertificationPlatform({ env: { COMPLAINT_THROTTLE_LIMIT: String(COMPLAINT_LIMIT), COMPLAINT_THROTTLE_TTL_MS: '600000' } });
    const organisationId = await registerOrganisation(p, 'RO');
    p.clock.now = '2026-01-10T10:00:00.000Z';
    const applicationId = await reviewedFile(p, organisationId);
    const granted = await p.post(`/applications/${applicationId}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, p.as('dm-milan', 'decision-maker'));
    if (granted.status !== 200) throw new Error(`grant refused: ${JSON.stringify(granted.body)}`);
    certificateNumber = granted.body.certificateNumber;
    for (let i = 0; i < 100 && (await historyLength(p, `/certificates/${certificateNumber}`)) === 0; i++) await new Promise((r) => setTimeout(r, 100));
    p.clock.now = '2026-02-02T09:00:00.000Z';
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('erases a complainant on request: reads show the data erased, the history keeps its events and `audit verify` still passes', async () => {
    // Two complaints by the same person (the contact matched without regard to case and spaces), without a token.
    const first = await p.post('/complaints', complaint(maria));
    const second = await p.post('/complaints', complaint({ name: 'M. Ionescu', contact: ' Maria.Ionescu@Example.ro ' }, 'the label claims a Banat origin'));
    expect([first.status, second.status]).toEqual([201, 201]);
    const ids: string[] = [first.body.complaintId, second.body.complaintId];
    expect(JSON.stringify([first.body, second.body])).not.toMatch(/Ionescu/i);

    // The programme reads the complainant; the history holds only a person reference and ciphertext.
    const read = await p.get(`/complaints/${ids[0]}`, secretariat(p));
    expect(read.body.complainant).toEqual({ ...maria, subjectId: expect.stringMatching(/^person-/) });
    const subjectId: string = read.body.complainant.subjectId;
    expect((await p.get(`/complaints/${ids[1]}`, secretariat(p))).body.complainant).toEqual({ name: 'M. Ionescu', contact: 'Maria.Ionescu@Example.ro', subjectId });
    const historyBefore = await Promise.all(ids.map(async (id) => (await p.get(`/complaints/${id}/history`, auditor())).body));
    expect(historyBefore[0][0]).toMatchObject({ type: 'ComplaintLodged', data: { complainant: { subjectId, alg: 'A256GCM', ciphertext: expect.any(String) } } });
    expect(JSON.stringify(historyBefore)).not.toMatch(/Ionescu|maria/i);

    // Only the secretariat erases; naming nobody is a 400.
    const erasure = (body: unknown, who: Record<string, string> = secretariat(p)) => p.post('/personal-data/erasure', body, who);
    expect((await erasure({ contact: maria.contact }, {})).status).toBe(401);
    expect((await erasure({ contact: maria.contact }, p.as('aud-eva', 'auditor'))).status).toBe(403);
    expect(await erasure({})).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect((await erasure({ subjectId: 'maria' })).status).toBe(400);

    const erased = await erasure({ contact: 'MARIA.IONESCU@example.ro' });
    expect(erased).toMatchObject({ status: 200, body: { erased: [subjectId], alreadyErased: [] } });
    for (const id of ids) {
      const after = await p.get(`/complaints/${id}`, secretariat(p));
      expect(after.status).toBe(200);
      expect(after.body.complainant).toEqual({ erased: true, subjectId });
      expect(JSON.stringify(after.body)).not.toMatch(/Ionescu|maria/i);
    }
    // The history is untouched (same events, same hashes) and every chain still verifies.
    const historyAfter = await Promise.all(ids.map(async (id) => (await p.get(`/complaints/${id}/history`, auditor())).body));
    expect(historyAfter).toEqual(historyBefore);
    for (const id of ids) {
      const { code, results } = await verify(`complaint-${id}`);
      expect(code).toBe(0);
      expect(results).toEqual([expect.objectContaining({ stream: `complaint-${id}`, ok: true, events: 1 })]);
    }
    // A refused complaint keeps nothing of its complainant: no key was made for that contact.
    expect((await p.post('/complaints', { ...complaint({ name: 'Nobody', contact: 'refused@example.com' }), certificateNumber: 'MIB-2026-999999' })).status).toBe(422);
    expect((await erasure({ contact: 'refused@example.com' })).body).toEqual({ erased: [], alreadyErased: [] });
    // Erasing again is harmless and says so; the complaint itself goes on.
    expect(await erasure({ subjectId })).toMatchObject({ status: 200, body: { erased: [], alreadyErased: [subjectId] } });
    expect((await p.post(`/complaints/${ids[0]}/acknowledgement`, {}, secretariat(p))).status).toBe(200);
    expect((await verify(`complaint-${ids[0]}`)).code).toBe(0);

    // The same person complaining again gets a new key: the new complaint reads, the erased ones stay erased.
    const again = await p.post('/complaints', complaint(maria, 'still imported'));
    const newer = (await p.get(`/complaints/${again.body.complaintId}`, secretariat(p))).body.complainant;
    expect(newer).toEqual({ ...maria, subjectId: expect.stringMatching(/^person-/) });
    expect(newer.subjectId).not.toBe(subjectId);
  });

  it(`limits complaints per client to COMPLAINT_THROTTLE_LIMIT (${COMPLAINT_LIMIT} here, 4 used above): the next is a 429 RATE_LIMITED, other reads go on`, async () => {
    const ok = await p.post('/complaints', complaint({ name: 'Ion Pop', contact: '+40 256 000 000' }));
    expect(ok.status).toBe(201);
    const limited = await p.post('/complaints', complaint({ name: 'Ion Pop', contact: '+40 256 000 000' }, 'another one'));
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // A signed-in caller from the same address is the same client.
    expect((await p.post('/complaints', complaint(maria), secretariat(p))).status).toBe(429);
    // Only complaints are limited this strictly.
    expect((await p.get('/register')).status).toBe(200);
    expect((await p.get(`/complaints/${ok.body.complaintId}`, secretariat(p))).status).toBe(200);
  });
});
