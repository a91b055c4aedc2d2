import { InMemoryEventStore } from '@banat/event-store';
import { CertificateNumbers, certificatePrefix } from './certificate-numbers';
import type { CommandEnvelope } from './command-metadata';

const envelope = (commandId: string): CommandEnvelope => ({
  domain: { actor: 'dm-milan', role: 'decision-maker', now: '2026-03-01T10:00:00.000Z' },
  store: { commandId, correlationId: commandId, actor: 'dm-milan', role: 'decision-maker' },
});

describe('certificate numbers', () => {
  it('prints the scheme prefix, the year and a six-digit sequence', async () => {
    const numbers = new CertificateNumbers(new InMemoryEventStore());
    expect(await numbers.allocate('made-in-banat', '2026', envelope('g1'))).toBe('MIB-2026-000001');
    expect(await numbers.allocate('made-in-banat', '2026', envelope('g2'))).toBe('MIB-2026-000002');
    expect(await numbers.allocate('made-in-banat', '2027', envelope('g3'))).toBe('MIB-2027-000001');
    expect(await numbers.allocate('esca-bronze', '2026', envelope('g4'))).toBe('ESCAB-2026-000001');
    expect(certificatePrefix('some-new-label')).toBe('SOMENEWLABEL');
  });

  it('never gives one number twice, even to 40 grants allocating at the same time', async () => {
    const numbers = new CertificateNumbers(new InMemoryEventStore());
    // Each allocation reads, then appends at the revision it read: concurrent ones conflict and retry.
    const allocated = await Promise.all(Array.from({ length: 40 }, (_, i) => numbers.allocate('made-in-banat', '2026', envelope(`grant-${i}`))));
    expect(new Set(allocated).size).toBe(40);
    expect([...allocated].sort()).toEqual(Array.from({ length: 40 }, (_, i) => `MIB-2026-${String(i + 1).padStart(6, '0')}`));
  });

  it('gives a retried grant the number it got the first time', async () => {
    const numbers = new CertificateNumbers(new InMemoryEventStore());
    const first = await numbers.allocate('made-in-banat', '2026', envelope('grant-7'));
    await numbers.allocate('made-in-banat', '2026', envelope('grant-8'));
    expect(await numbers.allocate('made-in-banat', '2026', envelope('grant-7'))).toBe(first);
  });

  it('gives a released number (its grant not recorded) to the next grant, so the numbering has no gap', async () => {
    const numbers = new CertificateNumbers(new InMemoryEventStore());
    const lost = await numbers.allocate('made-in-banat', '2026', envelope('grant-lost'));
    expect(await numbers.allocate('made-in-banat', '2026', envelope('grant-b'))).toBe('MIB-2026-000002');
    await numbers.release('made-in-banat', '2026', lost, envelope('grant-lost'));
    await numbers.release('made-in-banat', '2026', lost, envelope('grant-lost')); // twice is once
    expect(await numbers.allocate('made-in-banat', '2026', envelope('grant-c'))).toBe(lost);
    // The lost grant, tried again with its own command id, takes the next number; nobody else's.
    expect(await numbers.allocate('made-in-banat', '2026', envelope('grant-lost'))).toBe('MIB-2026-000003');
    expect(await numbers.allocate('made-in-banat', '2026', envelope('grant-b'))).toBe('MIB-2026-000002');
  });
});
