import { Injectable } from '@nestjs/common';
import { EventStore, NO_STREAM, RecordedEvent, WrongExpectedRevision } from '@banat/event-store';
import type { CommandEnvelope } from './command-metadata';
import { InjectEventStore } from './event-store.provider';

/** Short prefixes printed on certificates; a scheme not listed uses its id in capitals. */
const PREFIXES: Record<string, string> = { 'made-in-banat': 'MIB', 'esca-bronze': 'ESCAB', 'esca-silver': 'ESCAS', 'esca-gold': 'ESCAG' };
export const certificatePrefix = (schemeId: string) => PREFIXES[schemeId] ?? schemeId.replace(/[^A-Za-z0-9]/g, '').toUpperCase();

const counterStream = (prefix: string, year: string) => `certnumbers-${prefix}-${year}`;
const format = (prefix: string, year: string, sequence: number) => `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;

type Allocated = { number: string; sequence: number };

/**
 * Numbers per scheme and year from a counter stream: each number is one event appended at the
 * revision read, so two allocations can never take the same number; a conflict re-reads and retries.
 * The command id makes a retried grant get back the number it was given the first time.
 */
@Injectable()
export class CertificateNumbers {
  constructor(@InjectEventStore() private readonly store: EventStore) {}

  async allocate(schemeId: string, year: string, envelope: CommandEnvelope): Promise<string> {
    const prefix = certificatePrefix(schemeId);
    const streamId = counterStream(prefix, year);
    for (let attempt = 0; attempt < 50; attempt++) {
      const events = (await this.store.readStream(streamId)) as RecordedEvent[];
      const mine = events.find((e) => e.metadata.commandId === envelope.store.commandId);
      if (mine) return (mine.data as Allocated).number;
      const sequence = events.length + 1;
      const number = format(prefix, year, sequence);
      try {
        await this.store.appendToStream(streamId, [{ type: 'CertificateNumberAllocated', data: { number, sequence } }], {
          expectedRevision: events.length === 0 ? NO_STREAM : events.length - 1,
          metadata: envelope.store,
        });
        return number;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision)) throw error;
      }
    }
    throw new Error(`could not allocate a ${prefix} ${year} certificate number after 50 attempts`);
  }
}
