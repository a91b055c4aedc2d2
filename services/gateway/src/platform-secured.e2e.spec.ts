import { loadConfig } from '@banat/messaging';
import { eventually, grantBrandOverHttp, httpGet, httpPost, RunningPlatform, startPlatform } from '@banat/testing';
import { issueLocalToken } from './auth/issue-token';

/**
 * The whole platform on a bus that enforces deploy/nats/auth.conf: every service connects as its
 * own user with only its own permissions, and still does its work.
 */
describe('platform end to end on a secured bus', () => {
  let platform: RunningPlatform;
  const api = (path: string) => `${platform.baseUrl}/api/v1${path}`;
  const as = async (role: 'secretariat' | 'auditor' | 'expert' | 'decision-maker', sub: string) => ({
    authorization: `Bearer ${await issueLocalToken(loadConfig({ AUTH_JWT_SECRET: platform.authSecret }), { role, sub })}`,
  });

  beforeAll(async () => {
    platform = await startPlatform({ natsAuth: true, env: { RPC_TIMEOUT_MS: '3000', THROTTLE_LIMIT: '100000' } });
  });
  afterAll(async () => platform?.stop());

  it('is ready with every service connected as its own NATS user', async () => {
    const ready = await httpGet(`${platform.baseUrl}/ready`);
    expect(ready.status).toBe(200);
  });

  it('registers an organisation, delivers its event to the network, and takes an application into the history', async () => {
    const secretariat = await as('secretariat', 'sec-ana');
    const created = await httpPost(
      api('/organisations'),
      { kind: 'sme', name: { ro: 'Ferma Banat' }, country: 'RO', region: 'RO-TM', legalId: { kind: 'RO-CUI', value: 'RO18547290' } },
      secretariat,
    );
    expect(created.status).toBe(201);
    const entry = await eventually(async () => {
      const res = await httpGet(api(`/network/directory/${created.body.id}`));
      return res.status === 200 ? res.body : undefined;
    });
    expect(entry).toMatchObject({ id: created.body.id });

    const submitted = await httpPost(
      api('/applications'),
      {
        schemeId: 'made-in-banat',
        organisationId: created.body.id,
        products: [{ name: 'Plum brandy', niceClass: 33 }],
        declaredRegionalRawMaterialShare: 0.9,
        evidence: [
          { kind: 'product-description', ref: 'doc-1' },
          { kind: 'raw-material-origin', ref: 'doc-2' },
          { kind: 'financial-statement', ref: 'doc-3' },
        ],
      },
      secretariat,
    );
    expect(submitted.status).toBe(201);
    const history = await httpGet(api(`/applications/${submitted.body.applicationId}/history`), await as('auditor', 'aud-eva'));
    expect(history.body).toEqual([expect.objectContaining({ type: 'ApplicationSubmitted' })]);
  });

  it('grants the brand through every step, each as its own role; the exhibition shows the mark and the network lists the brand holder, both taken down on suspension and put back on restoration', async () => {
    const secretariat = await as('secretariat', 'sec-ana');
    const created = await httpPost(
      api('/organisations'),
      { kind: 'sme', name: { 'sr-Cyrl': 'Млекара Банат', en: 'Banat Dairy' }, country: 'RS', region: 'RS-02', legalId: { kind: 'RS-PIB', value: '101134702' } },
      secretariat,
    );
    expect(created.status).toBe(201);
    const organisationId = created.body.id;
    const { certificateNumber: certificate } = await grantBrandOverHttp(api, as, organisationId, [{ name: 'Banat cheese', niceClass: 29 }]);
    const dm = await as('decision-maker', 'dm-milan');

    const markShown = (shown: boolean) =>
      eventually(async () => {
        const booth = await httpGet(api(`/exhibition/booths/${organisationId}`));
        return booth.status === 200 && booth.body.brandMark.shown === shown ? booth.body : undefined;
      });
    // The network marks brand holders from the same events, through its own durable consumer (network-brand-holders).
    type Holder = { organisationId: string; marked: boolean; certificateNumbers: string[] };
    const brandHolderListed = (listed: boolean) =>
      eventually(async () => {
        const holders = await httpGet(api('/network/brand-holders?pageSize=100'));
        const holder = holders.status === 200 ? (holders.body.items as Holder[]).find((h) => h.organisationId === organisationId) : undefined;
        return holders.status === 200 && Boolean(holder) === listed ? { holder } : undefined;
      });
    expect((await markShown(true)).brandMark.certificateNumbers).toEqual([certificate]);
    expect((await brandHolderListed(true)).holder).toMatchObject({ marked: true, certificateNumbers: [certificate] });
    expect((await httpPost(api(`/certificates/${certificate}/suspension`), { reason: 'raw materials from outside the region' }, dm)).status).toBe(200);
    await markShown(false);
    await brandHolderListed(false);
    expect((await httpPost(api(`/certificates/${certificate}/restoration`), { reason: 'regional suppliers documented' }, dm)).status).toBe(200);
    await markShown(true);
    expect((await brandHolderListed(true)).holder).toMatchObject({ marked: true, certificateNumbers: [certificate] });
    const found = await httpGet(api(`/exhibition/booths?q=${encodeURIComponent('mlekara')}&brandHolder=true`));
    expect(found.body.items.map((b: { organisationId: string }) => b.organisationId)).toEqual([organisationId]);
  });

  it('counts the applications and the grant in the indicators through the events service\'s own durable consumer (events-reporting), and rebuilds them from the stream', async () => {
    const auditor = await as('auditor', 'aud-eva');
    const figures = async () => {
      const [applications, grants] = await Promise.all(['brand-applications', 'brand-grants'].map((id) => httpGet(api(`/reporting/indicators/${id}?breakdown=country`), auditor)));
      return [applications.body.value, grants.body.value, applications.body.groups, grants.body.groups];
    };
    const counted = await eventually(async () => {
      const now = await figures();
      return now[0] === 2 && now[1] === 1 ? now : undefined;
    }, 150, 200);
    expect(counted[3]).toEqual([{ key: { country: 'RS' }, value: 1, records: 1 }]);
    expect((await httpPost(api('/reporting/rebuild'), undefined, await as('secretariat', 'sec-ana'))).status).toBe(201);
    await eventually(async () => {
      const status = await httpGet(api('/reporting/status'), auditor);
      return status.body.caughtUp && status.body.facts >= 3 ? true : undefined;
    }, 150, 200);
    expect(await figures()).toEqual(counted);
  });
});
