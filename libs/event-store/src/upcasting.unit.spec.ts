import type { RecordedEvent } from './event-store';
import { Upcasters } from './upcasting';

const recorded = (type: string, schemaVersion: number, data: Record<string, unknown>): RecordedEvent =>
  ({ streamId: 's-1', type, data, revision: 0, position: 1024, metadata: { schemaVersion } }) as unknown as RecordedEvent;

describe('upcasters', () => {
  const upcasters = new Upcasters()
    .register('ProducerRegistered', 1, (d: { name: string }) => ({ legalName: d.name }))
    .register('ProducerRegistered', 2, (d: { legalName: string }) => ({ ...d, country: 'RO' }));

  it('runs the chain step by step up to the current version and keeps the stored form', () => {
    const event = upcasters.apply(recorded('ProducerRegistered', 1, { name: 'Ferma' }));
    expect(event.data).toEqual({ legalName: 'Ferma', country: 'RO' });
    expect(event.metadata.schemaVersion).toBe(3);
    expect(event.stored).toEqual({ data: { name: 'Ferma' }, schemaVersion: 1 });
  });

  it('leaves current versions and other types untouched', () => {
    const current = recorded('ProducerRegistered', 3, { legalName: 'X', country: 'RS' });
    expect(upcasters.apply(current)).toBe(current);
    const other = recorded('CertificateGranted', 1, { name: 'X' });
    expect(upcasters.apply(other)).toBe(other);
  });

  it('refuses two upcasters for the same step', () => {
    expect(() => upcasters.register('ProducerRegistered', 1, (d) => d)).toThrow(/already registered/);
  });
});
