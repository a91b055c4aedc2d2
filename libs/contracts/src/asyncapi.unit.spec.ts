import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { buildAsyncApiDocument } from './asyncapi';
import { CertificationEvents } from './certification';
import { NetworkEvents } from './network';
import { EventsPublicEvents } from './events';
import { RegistryEvents } from './registry';
import { PUBLIC_PREFIX } from './subjects';

describe('AsyncAPI document of the public events', () => {
  const doc = buildAsyncApiDocument();

  it('is a valid AsyncAPI 3 document with no errors', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(doc));
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
  });

  it('lists every public subject the services publish on, under the public prefix', () => {
    const addresses = Object.values(doc.channels as Record<string, { address: string }>).map((c) => c.address);
    for (const e of [...Object.values(RegistryEvents), ...Object.values(CertificationEvents), ...Object.values(NetworkEvents), ...Object.values(EventsPublicEvents)]) {
      expect(addresses).toContain(`${PUBLIC_PREFIX}.${e.subject}`);
    }
  });

  it('has payload schemas that accept a real event and refuse a broken one', () => {
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    const messages = (doc.components as { messages: Record<string, { name: string; payload: object }> }).messages;
    const granted = Object.values(messages).find((m) => m.name === CertificationEvents.granted.type)!;
    const validate = ajv.compile(granted.payload);
    const event = {
      specversion: '1.0',
      id: 'certificate-MIB-2026-000001-0',
      source: 'urn:madeinbanat:certification',
      type: CertificationEvents.granted.type,
      time: '2026-11-25T10:00:00Z',
      data: {
        certificateNumber: 'MIB-2026-000001',
        holderOrganisationId: '1b4e28ba-2fa1-4d2e-8c1b-6a0c5f1e2d3a',
        holderCountry: 'RO',
        holderRegion: 'RO-TM',
        schemeId: 'made-in-banat',
        schemeVersion: 1,
        products: [{ name: 'Sourdough bread', niceClass: 30 }],
        validFrom: '2026-11-25',
        validUntil: '2029-11-24',
        at: '2026-11-25T10:00:00Z',
      },
    };
    expect(validate(event)).toBe(true);
    expect(validate({ ...event, data: { ...event.data, holderCountry: 'Romania' } })).toBe(false);
    // The id names the certificate's stream and revision, by which a partner orders a certificate's facts.
    expect(validate({ ...event, id: 'a7c1d2e3' })).toBe(false);
    expect((granted.payload as { properties: { id: { description: string } } }).properties.id.description).toMatch(/certificate-<number>-<revision>.*orders/);
  });

  it("has the network's match.suggested schema: a real suggestion passes, one without reasons or with a bad score does not", () => {
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    const messages = (doc.components as { messages: Record<string, { name: string; payload: object }> }).messages;
    const suggested = Object.values(messages).find((m) => m.name === NetworkEvents.matchSuggested.type)!;
    const validate = ajv.compile(suggested.payload);
    const event = {
      specversion: '1.0',
      id: 'listing:6f1c2b9e-3a4d-4e5f-8a7b-1c2d3e4f5a6b:1:1',
      source: 'urn:madeinbanat:network',
      type: NetworkEvents.matchSuggested.type,
      time: '2026-11-25T10:00:00Z',
      data: {
        requestId: '7a2d3c0f-4b5e-4f60-9b8c-2d3e4f5a6b7c',
        requesterOrganisationId: '8b3e4d1a-5c6f-4071-8c9d-3e4f5a6b7c8d',
        offerId: '6f1c2b9e-3a4d-4e5f-8a7b-1c2d3e4f5a6b',
        offerOrganisationId: '1b4e28ba-2fa1-4d2e-8c1b-6a0c5f1e2d3a',
        score: 7,
        reasons: [{ kind: 'nace', detail: 'NACE 10.71 asked, 10.71 offered', points: 4 }],
        at: '2026-11-25T10:00:00Z',
      },
    };
    expect(validate(event)).toBe(true);
    expect(validate({ ...event, data: { ...event.data, reasons: [] } })).toBe(false);
    expect(validate({ ...event, data: { ...event.data, score: 0 } })).toBe(false);
  });

  it('describes the events service\'s public events without room for personal data', () => {
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    const messages = (doc.components as { messages: Record<string, { name: string; payload: object }> }).messages;
    const checkedIn = ajv.compile(Object.values(messages).find((m) => m.name === EventsPublicEvents.checkedIn.type)!.payload);
    const event = {
      specversion: '1.0',
      id: 'e1',
      source: 'urn:madeinbanat:events',
      type: EventsPublicEvents.checkedIn.type,
      time: '2026-05-12T08:30:00Z',
      data: { eventId: '1b4e28ba-2fa1-4d2e-8c1b-6a0c5f1e2d3a', registrationId: '2b4e28ba-2fa1-4d2e-8c1b-6a0c5f1e2d3a', organisationId: '3b4e28ba-2fa1-4d2e-8c1b-6a0c5f1e2d3a', country: 'RO', list: 'day:2026-05-12', at: '2026-05-12T08:30:00Z' },
    };
    expect(checkedIn(event)).toBe(true);
    expect(checkedIn({ ...event, data: { ...event.data, email: 'ana@example.ro' } })).toBe(false);
  });

  it("describes a cluster membership's start and end without room for a removal's reason or who acted", () => {
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    const messages = (doc.components as { messages: Record<string, { name: string; payload: object }> }).messages;
    const payloadOf = (type: string) => ajv.compile(Object.values(messages).find((m) => m.name === type)!.payload);
    const [started, ended] = [payloadOf(NetworkEvents.clusterMembershipStarted.type), payloadOf(NetworkEvents.clusterMembershipEnded.type)];
    const ids = { clusterId: '1b4e28ba-2fa1-4d2e-8c1b-6a0c5f1e2d3a', organisationId: '2b4e28ba-2fa1-4d2e-8c1b-6a0c5f1e2d3a' };
    const event = (type: string, data: object) => ({ specversion: '1.0', id: 'cluster-membership:m1:2:0', source: 'urn:madeinbanat:network', type, time: '2026-12-05T09:00:00Z', data });
    expect(started(event(NetworkEvents.clusterMembershipStarted.type, { ...ids, at: '2026-12-05T09:00:00Z' }))).toBe(true);
    const end = { ...ids, ending: 'removal', at: '2026-12-05T09:00:00Z' };
    expect(ended(event(NetworkEvents.clusterMembershipEnded.type, end))).toBe(true);
    expect(ended(event(NetworkEvents.clusterMembershipEnded.type, { ...end, ending: 'departure' }))).toBe(true);
    expect(ended(event(NetworkEvents.clusterMembershipEnded.type, { ...end, ending: 'expulsion' }))).toBe(false);
    expect(ended(event(NetworkEvents.clusterMembershipEnded.type, { ...end, reason: 'dues unpaid' }))).toBe(false);
    expect(ended(event(NetworkEvents.clusterMembershipEnded.type, { ...end, by: 'cl' }))).toBe(false);
  });
});
