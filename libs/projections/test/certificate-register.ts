import { ANY, type DomainEvent, type EventStore, type RecordedEvent } from '@banat/event-store';
import { Schema, type Connection, type Model } from 'mongoose';
import { defineProjection, readModelPositionPlugin, type Projection } from '../src';

/** A sample projection for the tests: one register entry per certification stream, and counts per event type. */
export type CertificationEvent =
  | DomainEvent<'ApplicationSubmitted', { producer: string }>
  | DomainEvent<'AssessmentRecorded', { score: number }>
  | DomainEvent<'CertificateGranted', { certificateNo: string }>
  | DomainEvent<'CertificateSuspended', { reason: string }>
  | DomainEvent<'NoteAdded', { text: string }>; // not handled: only moves the checkpoint

export const STATUS_BY_TYPE: Partial<Record<CertificationEvent['type'], string>> = {
  ApplicationSubmitted: 'applied',
  AssessmentRecorded: 'assessed',
  CertificateGranted: 'granted',
  CertificateSuspended: 'suspended',
};

export interface RegisterEntry {
  _id: string;
  producer?: string;
  status: string;
  lastEventType: string;
  eventCount: number;
  certificateNo?: string;
}

export interface EventTypeCount {
  _id: string;
  count: number;
}

export function registerModels(connection: Connection): { register: Model<RegisterEntry>; typeCounts: Model<EventTypeCount> } {
  const register = new Schema<RegisterEntry>(
    { _id: String, producer: String, status: String, lastEventType: String, eventCount: Number, certificateNo: String },
    { timestamps: true, versionKey: false },
  );
  register.plugin(readModelPositionPlugin);
  register.index({ status: 1 });
  const typeCounts = new Schema<EventTypeCount>({ _id: String, count: Number }, { versionKey: false });
  typeCounts.plugin(readModelPositionPlugin);
  return {
    register: connection.model('CertificateRegisterEntry', register, 'certificate_register'),
    typeCounts: connection.model('CertificationEventTypeCount', typeCounts, 'certification_event_type_counts'),
  };
}

export function certificateRegisterProjection(models: ReturnType<typeof registerModels>): Projection<CertificationEvent> {
  return defineProjection<CertificationEvent>({
    name: 'certificate-register',
    handles: ['ApplicationSubmitted', 'AssessmentRecorded', 'CertificateGranted', 'CertificateSuspended'],
    models: [models.register, models.typeCounts],
    async apply(event, ctx) {
      const set: Partial<RegisterEntry> = { status: STATUS_BY_TYPE[event.type], lastEventType: event.type };
      if (event.type === 'ApplicationSubmitted') set.producer = (event.data as { producer: string }).producer;
      if (event.type === 'CertificateGranted') set.certificateNo = (event.data as { certificateNo: string }).certificateNo;
      await ctx.upsertAt(models.register, event.streamId, { $set: set, $inc: { eventCount: 1 } });
      await ctx.upsertAt(models.typeCounts, event.type, { $inc: { count: 1 } });
    },
  });
}

/** The same register folded in memory: what the read model must equal. */
export function expectedRegister(events: RecordedEvent[]): { register: RegisterEntry[]; typeCounts: EventTypeCount[] } {
  const register = new Map<string, RegisterEntry>();
  const counts = new Map<string, number>();
  for (const event of events) {
    const status = STATUS_BY_TYPE[event.type as CertificationEvent['type']];
    if (!status) continue;
    const entry: RegisterEntry = register.get(event.streamId) ?? { _id: event.streamId, status, lastEventType: event.type, eventCount: 0 };
    entry.status = status;
    entry.lastEventType = event.type;
    entry.eventCount += 1;
    if (event.type === 'ApplicationSubmitted') entry.producer = (event.data as { producer: string }).producer;
    if (event.type === 'CertificateGranted') entry.certificateNo = (event.data as { certificateNo: string }).certificateNo;
    register.set(event.streamId, entry);
    counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
  }
  const byId = <T extends { _id: string }>(a: T, b: T) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);
  return {
    register: [...register.values()].sort(byId),
    typeCounts: [...counts].map(([_id, count]) => ({ _id, count })).sort(byId),
  };
}

/** A deterministic history: `streams` certification files, `perStream` events each, interleaved. */
export function certificationHistory(streams: number, perStream: number): Array<{ streamId: string; event: CertificationEvent }> {
  const cycle: CertificationEvent['type'][] = ['ApplicationSubmitted', 'NoteAdded', 'AssessmentRecorded', 'CertificateGranted', 'CertificateSuspended'];
  const history: Array<{ streamId: string; event: CertificationEvent }> = [];
  for (let round = 0; round < perStream; round++) {
    for (let s = 0; s < streams; s++) {
      const streamId = `certification-${String(s).padStart(3, '0')}`;
      const type = cycle[(round + s) % cycle.length]!;
      history.push({ streamId, event: sampleEvent(type, s, round) });
    }
  }
  return history;
}

function sampleEvent(type: CertificationEvent['type'], stream: number, round: number): CertificationEvent {
  switch (type) {
    case 'ApplicationSubmitted':
      return { type, data: { producer: `producer-${stream}` } };
    case 'AssessmentRecorded':
      return { type, data: { score: (stream * 7 + round) % 100 } };
    case 'CertificateGranted':
      return { type, data: { certificateNo: `MIB-${stream}-${round}` } };
    case 'CertificateSuspended':
      return { type, data: { reason: 'label misuse' } };
    case 'NoteAdded':
      return { type, data: { text: `note ${round}` } };
  }
}

const metadata = (n: number) => ({ commandId: `cmd-${n}-${Math.random()}`, correlationId: `corr-${n}`, actor: 'test', role: 'assessor' });

/** Appends a generated history one event at a time; returns the last position. */
export async function appendHistory(store: EventStore, history: Array<{ streamId: string; event: CertificationEvent }>): Promise<number> {
  let position = 0;
  for (const [n, { streamId, event }] of history.entries()) {
    position = (await store.appendToStream(streamId, [event], { expectedRevision: ANY, metadata: metadata(n) })).position;
  }
  return position;
}
