import type { RecordedEvent } from './event-store';

/** Turns `data` of one schema version into the next one (fromVersion → fromVersion + 1). */
export type Upcaster = (data: any) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Upcasters applied on read: old schema versions are delivered as current, stored events are never
 * rewritten. Chains run step by step (v1 → v2 → v3).
 */
export class Upcasters {
  private readonly steps = new Map<string, Upcaster>();

  register(type: string, fromVersion: number, upcast: Upcaster): this {
    const key = stepKey(type, fromVersion);
    if (this.steps.has(key)) throw new Error(`an upcaster for ${type} v${fromVersion} is already registered`);
    this.steps.set(key, upcast);
    return this;
  }

  /** The event as the current schema; keeps the stored form in `stored` when anything changed. */
  apply<E extends RecordedEvent>(event: E): E {
    if (this.steps.size === 0) return event;
    const storedVersion = event.metadata.schemaVersion;
    let version = storedVersion;
    let data: unknown = event.data;
    for (let step = this.steps.get(stepKey(event.type, version)); step; step = this.steps.get(stepKey(event.type, version))) {
      data = step(data);
      version++;
    }
    if (version === storedVersion) return event;
    return { ...event, data, metadata: { ...event.metadata, schemaVersion: version }, stored: { data: event.data, schemaVersion: storedVersion } };
  }
}

const stepKey = (type: string, fromVersion: number) => `${type}\u0000${fromVersion}`;

