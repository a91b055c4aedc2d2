import { loadConfig } from '@banat/messaging';
import { eventually, httpGet, httpPost, RunningPlatform, startPlatform, programmeDay } from '@banat/testing';
import { issueLocalToken } from './auth/issue-token';

/** The network through the gateway, on the secured bus: listings and their matches, membership. */
describe('network end to end on a secured bus', () => {
  let platform: RunningPlatform;
  const api = (path: string) => `${platform.baseUrl}/api/v1${path}`;
  const token = async (claims: { role: string; sub: string; org?: string }) => ({
    authorization: `Bearer ${await issueLocalToken(loadConfig({ AUTH_JWT_SECRET: platform.authSecret }), claims as never)}`,
  });
  const inDays = (offset: number) => programmeDay(offset);

  beforeAll(async () => {
    platform = await startPlatform({ natsAuth: true, env: { RPC_TIMEOUT_MS: '3000', THROTTLE_LIMIT: '100000' } });
  });
  afterAll(async () => platform?.stop());

  it('matches a Serbian bakery\'s offer to a Romanian hotel\'s request, and takes the bakery into the network', async () => {
    const secretariat = await token({ role: 'secretariat', sub: 'sec-ana' });
    const register = async (body: object) => {
      const created = await httpPost(api('/organisations'), body, secretariat);
      expect(created.status).toBe(201);
      await eventually(async () => ((await httpGet(api(`/network/directory/${created.body.id}`))).status === 200 ? true : undefined));
      return created.body.id as string;
    };
    const hotel = await register({ kind: 'sme', name: { ro: 'Hotel Timiș' }, country: 'RO', region: 'RO-TM', legalId: { kind: 'RO-CUI', value: 'RO18547290' } });
    const pekara = await register({ kind: 'sme', name: { 'sr-Latn': 'Pekara Novi Sad' }, country: 'RS', region: 'RS-02', legalId: { kind: 'RS-PIB', value: '101134702' } });
    const hotelMember = await token({ role: 'member', sub: 'ana', org: hotel });
    const pekaraMember = await token({ role: 'member', sub: 'milan', org: pekara });

    const listing = { title: 'Sourdough bread', description: 'Daily', naceCodes: ['10.71'], niceClasses: [30], countriesWanted: ['RS'], languages: ['ro'], expiresOn: inDays(60) };
    const request = await httpPost(api('/network/listings'), { ...listing, kind: 'business-request' }, hotelMember);
    expect(request.status).toBe(201);
    const offer = await httpPost(api('/network/listings'), { ...listing, kind: 'business-offer', countriesWanted: [] }, pekaraMember);
    expect(offer.status).toBe(201);
    const matches = await httpGet(api(`/network/listings/${request.body.id}/matches`));
    expect(matches.body).toEqual([expect.objectContaining({ offer: expect.objectContaining({ id: offer.body.id, organisationCountry: 'RS' }), score: expect.any(Number) })]);
    expect((await httpPost(api('/network/listings'), { ...listing, kind: 'business-request', naceCodes: ['10.79'] }, hotelMember)).body.fields).toEqual([{ field: 'naceCodes', reason: 'naceCodes: 10.79 is not a NACE Rev.2 class' }]);

    expect((await httpPost(api('/network/members'), { roles: ['partner'] }, pekaraMember)).body.status).toBe('applied');
    expect((await httpPost(api(`/network/members/${pekara}/approval`), {}, secretariat)).body.status).toBe('active');
    expect((await httpGet(api('/network/members'))).body.items).toEqual([expect.objectContaining({ organisationId: pekara, roles: ['partner'] })]);

    const doc = await httpGet(api('/openapi.json'));
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/network/listings', '/api/v1/network/members', '/api/v1/network/fairs', '/api/v1/network/meetings/{id}/acceptance']));
  });
});
