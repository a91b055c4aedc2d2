import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { CertificationEvents, CertificationEventSchemas } from '@banat/contracts';
import { CertificateEvent, publicFactsOf } from '../domain';
import { expired, issued, restored, suspended, withdrawn } from '../domain/certificate/certificate.fixtures';

const renewed: CertificateEvent = {
  type: 'CertificateRenewed',
  data: { certificateNumber: 'MIB-2025-0001', renewalApplicationId: 'app-r', previousValidUntil: '2028-03-02', validFrom: '2028-03-03', validUntil: '2031-03-02', reason: 'renewal granted', at: '2028-02-01T08:00:00.000Z', actor: 'dm', role: 'decision-maker' },
};

describe('the JSON Schemas of the public certification events', () => {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);

  it('has one schema per public event type, and every schema compiles', () => {
    expect(Object.keys(CertificationEventSchemas).sort()).toEqual(Object.values(CertificationEvents).map((e) => e.type).sort());
    for (const schema of Object.values(CertificationEventSchemas)) expect(() => ajv.compile(schema)).not.toThrow();
  });

  it.each([
    ['granted, suspended, restored, withdrawn', [issued(), suspended(), restored(), withdrawn()]],
    ['granted, renewed, expired', [issued(), renewed, expired('2031-03-03T01:00:00.000Z')]],
  ])('accepts the facts the domain publishes for a certificate %s', (_, events) => {
    for (const fact of publicFactsOf(events as CertificateEvent[])) {
      const name = fact.type.replace('certificate.', '') as keyof typeof CertificationEvents;
      const validate = ajv.getSchema(CertificationEventSchemas[CertificationEvents[name].type].$id) ?? ajv.compile(CertificationEventSchemas[CertificationEvents[name].type]);
      expect({ type: fact.type, valid: validate(fact.data), errors: validate.errors ?? null }).toEqual({ type: fact.type, valid: true, errors: null });
    }
  });

  it('refuses a suspension without its reason', () => {
    const [, fact] = publicFactsOf([issued(), suspended()]);
    const { reason: _reason, ...withoutReason } = fact.data;
    expect(ajv.compile({ ...CertificationEventSchemas[CertificationEvents.suspended.type], $id: 'suspended-check' })(withoutReason)).toBe(false);
  });
});
