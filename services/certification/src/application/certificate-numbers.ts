import { Injectable } from '@nestjs/common';
import { EventStore, NO_STREAM, RecordedEvent, WrongExpectedRevision } from '@banat/event-store';
import type { CommandEnvelope } from './command-metadata';
import { InjectEventStore } from './event-store.provider';

/** Short prefixes printed on certificates; a scheme not listed uses its id in capitals. */
const PREFIXES: Record<string, string> = { 'made-in-banat': 'MIB', 'esca-bronze': 'ESCAB', 'esca-silver': 'ESCAS', 'esca-gold': 'ESCAG' };
export const certificatePrefix = (schemeId: string) => PREFIXES[schemeId] ?? schemeId.replace(/[^A-Za-z0-9]/g, '').toUpperCase();

const counterStream = (prefix: string, year: string) => `certnumbers-${prefix}-${year}`;
const format = (prefix: string, year: string, sequence: number) => `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;

type Allocated = { number: string; sequence: number; grantCommandId?: string };
type Released = { number: string; sequence: number };

/** The counter as folded: who holds which number, and numbers given back for the next grant. */
function fold(events: RecordedEvent[]) {
  const held = new Map<string, { number: string; sequence: number }>();
  const returned = new Map<number, string>();
  let last = 0;
  for (const e of events) {
    const d = e.data as Allocated | Released;
    if (e.type === 'CertificateNumberAllocated') {
      // Numbers allocated before releases existed name their grant in the metadata.
      held.set((d as Allocated).grantCommandId ?? e.metadata.commandId, d);
      returned.delete(d.sequence);
      last = Math.max(last, d.sequence);
    } else if (e.type === 'CertificateNumberReleased') {
      for (const [grant, h] of held) if (h.number === d.number) held.delete(grant);
      returned.set(d.sequence, d.number);
    }
  }
  return { held, returned, last };
}

/**
 * Numbers per scheme and year from a counter stream: each number is one event appended at the
 * revision read, so two allocations can never take the same number; a conflict re-reads and retries.
 * The grant's command id makes a retried grant get back the number it was given the first time; a
 * number whose grant was not recorded (lost race, refusal) is released and given to the next grant,
 * so the public numbering has no gap.
 */
@Injectable()
export class CertificateNumbers {
  constructor(@InjectEventStore() private readonly store: EventStore) {}

  async allocate(schemeId: string, year: string, envelope: CommandEnvelope): Promise<string> {
    const prefix = certificatePrefix(schemeId);
    const grantCommandId = envelope.store.commandId;
    return this.change(counterStream(prefix, year), envelope, 'allocate', (counter) => {
      const mine = counter.held.get(grantCommandId);
      if (mine) return { answer: mine.number };
      const sequence = Math.min(...counter.returned.keys(), counter.last + 1);
      const number = format(prefix, year, sequence);
      return { answer: number, event: { type: 'CertificateNumberAllocated', data: { number, sequence, grantCommandId } } };
    });
  }

  /** Gives back a number whose grant was not recorded; the next grant takes it. */
  async release(schemeId: string, year: string, number: string, envelope: CommandEnvelope): Promise<void> {
    await this.change(counterStream(certificatePrefix(schemeId), year), envelope, 'release', (counter) => {
      const holder = [...counter.held.values()].find((h) => h.number === number);
      return { answer: number, event: holder ? { type: 'CertificateNumberReleased', data: { number, sequence: holder.sequence } } : undefined };
    });
  }

  private async change(
    streamId: string,
    envelope: CommandEnvelope,
    what: string,
    decide: (counter: ReturnType<typeof fold>) => { answer: string; event?: { type: string; data: Allocated | Released } },
  ): Promise<string> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const events = (await this.store.readStream(streamId)) as RecordedEvent[];
      const { answer, event } = decide(fold(events));
      if (!event) return answer;
      try {
        // One command may allocate, release and allocate again: each append gets its own id, the revision guards it.
        await this.store.appendToStream(streamId, [event], {
          expectedRevision: events.length === 0 ? NO_STREAM : events.length - 1,
          metadata: { ...envelope.store, commandId: `${envelope.store.commandId}:${what}:${events.length}` },
        });
        return answer;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision)) throw error;
      }
    }
    throw new Error(`${streamId}: could not ${what} a certificate number after 50 attempts`);
  }
}
