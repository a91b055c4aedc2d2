import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { RegistryEventSchemas, RegistryEvents } from '@banat/contracts';
import { createService, PUBLIC_STREAM } from '@banat/messaging';
import { eventually } from '@banat/testing';
import { ExhibitionModule } from '../../exhibition/src/exhibition.module';
import { NetworkModule } from '../../network/src/network.module';
import { expertOrganisations, reviewedFile } from '../test/certification-scenarios';
import { CertificationPlatform, startCertificationPlatform } from '../test/certification-test-platform';

/**
 * Registry, certification, exhibition, network and the gateway on real servers: an organisation with
 * contact people goes through a grant; nothing public (reads without a role, events on BANAT_PUBLIC)
 * names its contact people or the staff who acted, while the secretariat still reads them.
 */
describe('public reads and public events carry no personal data', () => {
  let p: CertificationPlatform;
  let holderId: string;
  let closedId: string;
  let certificateNumber: string;
  const contacts = [{ name: 'Ana Popescu', email: 'ana.popescu@example.ro', phone: '+40 256 123 456' }];
  const closedContacts = [{ name: 'Dragan Petrović', email: 'dragan@example.rs', phone: '+381 23 555 0101' }];
  /** Every personal datum and staff id this test puts in: none may appear in anything public. */
  const secrets = ['Ana Popescu', 'ana.popescu@example.ro', '+40 256 123 456', 'Dragan', 'dragan@example.rs', '+381 23 555 0101', 'sec-registry', 'sec-ana', 'expert-ro', 'expert-rs', 'reviewer-ion', 'dm-milan'];
  const leaked = (value: unknown) => secrets.filter((s) => JSON.stringify(value).includes(s));
  /** Who the experts work for: public in the registry, but nothing the certification publishes says who assessed a file. */
  let expertOrganisationIds: string[] = [];
  const namesExpertOrganisation = (value: unknown) => expertOrganisationIds.filter((id) => JSON.stringify(value).includes(id));
  const registrar = () => p.as('sec-registry', 'secretariat');

  beforeAll(async () => {
    p = await startCertificationPlatform();
    await p.start(await createService('exhibition', (c) => ExhibitionModule.forRoot(c), p.config));
    await p.start(await createService('network', (c) => NetworkModule.forRoot(c), p.config));
    const register = async (name: string, value: string, people: typeof contacts) => {
      const res = await p.post('/organisations', { kind: 'sme', name: { en: name }, country: 'RO', region: 'RO-TM', legalId: { kind: 'RO-CUI', value }, contacts: people, products: [{ name: { en: 'Acacia honey' }, niceClasses: [30] }] }, registrar());
      if (res.status !== 201) throw new Error(`registry refused: ${JSON.stringify(res.body)}`);
      return res.body as { id: string; contacts: unknown };
    };
    const holder = await register('Banat Apiary', 'RO18547290', contacts);
    expect(holder.contacts).toEqual(contacts); // the secretariat registering reads what it gave
    holderId = holder.id;
    closedId = (await register('Closed Dairy', '18547303', closedContacts)).id;
    const deactivated = await p.post(`/organisations/${closedId}/deactivation`, { reason: 'ceased trading', expectedRevision: 1 }, registrar());
    expect(deactivated.body.deactivation).toMatchObject({ reason: 'ceased trading', by: 'sec-registry' });

    p.clock.now = '2026-01-10T10:00:00.000Z';
    const applicationId = await reviewedFile(p, holderId);
    expertOrganisationIds = Object.values(await expertOrganisations(p));
    const granted = await p.post(`/applications/${applicationId}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, p.as('dm-milan', 'decision-maker'));
    expect(granted.status).toBe(200);
    certificateNumber = granted.body.certificateNumber;
    // The exhibition and the network keep working from the slimmer events: the booth opens with the mark, the directory lists both.
    await eventually(async () => ((await p.get(`/exhibition/booths/${holderId}`)).body?.brandMark?.shown === true ? true : undefined), 200);
    await eventually(async () => ((await p.get(`/network/directory/${closedId}`)).body?.active === false ? true : undefined), 200);
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('public reads name no contact person and no staff member', async () => {
    const reads = [
      `/organisations/${holderId}`,
      `/organisations/${closedId}`,
      '/organisations?q=banat',
      '/organisations?includeInactive=true',
      '/register',
      `/certificates/${certificateNumber}`,
      `/certificates/${certificateNumber}/as-of?when=2026-06-01`,
      '/statistics/made-in-banat',
      `/exhibition/booths/${holderId}`,
      '/exhibition/booths',
      `/network/directory/${holderId}`,
      `/network/directory/${closedId}`,
    ];
    // Anonymous, and roles that have no need: a partner, an expert, another organisation's member.
    const callers = [{}, p.as('partner-x', 'partner'), p.as('expert-ana', 'expert'), p.as('member-1', 'member', closedId)];
    for (const path of reads) {
      const res = await p.get(path, callers[0]);
      expect([path, res.status]).toEqual([path, 200]);
      expect([path, leaked(res.body)]).toEqual([path, []]);
      if (['/register', '/certificates', '/statistics'].some((certification) => path.startsWith(certification))) expect([path, namesExpertOrganisation(res.body)]).toEqual([path, []]);
    }
    for (const who of callers.slice(1)) {
      const res = await p.get(`/organisations/${holderId}`, who);
      expect(res.status).toBe(200);
      expect(res.body).not.toHaveProperty('contacts');
      expect(leaked(res.body)).toEqual([]);
    }
    // Nor the staff who deactivated, even to the deactivated organisation itself.
    expect((await p.get(`/organisations/${closedId}`)).body.deactivation).toEqual({ reason: 'ceased trading', at: expect.any(String) });
    expect((await p.get(`/organisations/${closedId}`, p.as('member-1', 'member', closedId))).body.deactivation).toEqual({ reason: 'ceased trading', at: expect.any(String) });
  });

  it('the secretariat, the auditor and the organisation itself still read its contact people; staff ids only the secretariat and auditor', async () => {
    for (const who of [p.as('sec-ana', 'secretariat'), p.as('aud-eva', 'auditor'), p.as('member-2', 'member', holderId)]) {
      expect((await p.get(`/organisations/${holderId}`, who)).body.contacts).toEqual(contacts);
    }
    expect((await p.get(`/organisations/${closedId}`, p.as('sec-ana', 'secretariat'))).body).toMatchObject({ contacts: closedContacts, deactivation: { by: 'sec-registry' } });
    expect((await p.get('/organisations?includeInactive=true', p.as('aud-eva', 'auditor'))).body.items.map((o: { contacts: unknown }) => o.contacts)).toEqual(expect.arrayContaining([contacts, closedContacts]));
  });

  it('the public events stored in BANAT_PUBLIC carry none of it, and match their published schemas', async () => {
    const jsm = await p.nc.jetstreamManager();
    const { state } = await jsm.streams.info(PUBLIC_STREAM);
    const events: Array<{ type: string; data: Record<string, unknown> }> = [];
    for (let seq = state.first_seq; seq <= state.last_seq; seq++) events.push((await jsm.streams.getMessage(PUBLIC_STREAM, { seq })).json());
    const types = events.map((e) => e.type);
    // Not vacuous: the registrations, the deactivation and the grant are all there.
    expect(types).toEqual(expect.arrayContaining([RegistryEvents.registered.type, RegistryEvents.deactivated.type, 'eu.madeinbanat.certification.certificate.granted.v1']));
    for (const event of events) expect([event.type, leaked(event)]).toEqual([event.type, []]);
    const certificationFacts = events.filter((e) => e.type.includes('.certification.'));
    expect(certificationFacts.length).toBeGreaterThan(0);
    for (const event of certificationFacts) expect([event.type, namesExpertOrganisation(event)]).toEqual([event.type, []]);
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    for (const event of events.filter((e) => RegistryEventSchemas[e.type])) {
      const validate = ajv.compile(RegistryEventSchemas[event.type]!);
      expect([event.type, validate(event.data), validate.errors]).toEqual([event.type, true, null]);
    }
    // The schema itself refuses an organisation event with contact people.
    const registered = events.find((e) => e.type === RegistryEvents.registered.type)!;
    expect(ajv.compile(RegistryEventSchemas[RegistryEvents.registered.type]!)({ ...registered.data, contacts })).toBe(false);
  });
});
