import type { Connection, mongo } from 'mongoose';
import type { ProjectionFailure } from './projector-status';

export const CHECKPOINT_COLLECTION = 'projection_checkpoints';

interface CheckpointDocument {
  _id: string;
  position: number;
  updatedAt: Date;
  /** Set while the projection is halted on a poison event, so every replica can report it. */
  failure?: ProjectionFailure;
}

/** What any process can tell about a projection from the store alone. */
export interface StoredProjectionState {
  position: number;
  failure?: ProjectionFailure;
}

/** Where a runner keeps how far each projection got. */
export interface Checkpoints {
  load(projection: string): Promise<number>;
  save(projection: string, position: number): Promise<void>;
  reset(projection: string): Promise<void>;
  /** Records that the projection halted on a poison event (optional: in-memory stores may skip it). */
  recordFailure?(projection: string, failure: ProjectionFailure): Promise<void>;
  clearFailure?(projection: string): Promise<void>;
}

/** A save waiting for the next bulk write of its connection's checkpoints. */
interface PendingSave {
  position: number;
  done: Array<{ resolve(): void; reject(error: unknown): void }>;
}

/**
 * The checkpoint saves of every projector on one connection, written together: while a write is in
 * flight, the saves that come in wait, and the next write carries all of them (the latest position
 * of each projection), one `$max` update each in one bulk write. Each command costs this process
 * and the store far more than a statement in it; projectors fed from one subscription finish their
 * batches together, so their saves meet. One write in flight per connection at a time: two saves of
 * one document in flight could land in either order, and FerretDB's `$max` is not atomic.
 */
class CheckpointWriter {
  private pending = new Map<string, PendingSave>();
  private writing = false;

  constructor(private readonly collection: () => mongo.Collection<CheckpointDocument>) {}

  save(projection: string, position: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const pending = this.pending.get(projection);
      if (pending) {
        pending.position = Math.max(pending.position, position);
        pending.done.push({ resolve, reject });
      } else this.pending.set(projection, { position, done: [{ resolve, reject }] });
      if (this.writing) return;
      // Started after the current turn of the event loop: the saves of projectors finishing together join this write.
      this.writing = true;
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.size > 0) {
        const saves = [...this.pending.values()];
        const projections = [...this.pending.keys()];
        this.pending = new Map();
        const updatedAt = new Date();
        try {
          await this.collection().bulkWrite(
            projections.map((projection, i) => ({ updateOne: { filter: { _id: projection }, update: { $max: { position: saves[i]!.position }, $set: { updatedAt } }, upsert: true } })),
            { ordered: false },
          );
          for (const save of saves) for (const { resolve } of save.done) resolve();
        } catch (error) {
          // Unordered: a save that failed on its own (a write error at its index) fails alone.
          const writeErrors = (error as { writeErrors?: { index?: number } | Array<{ index?: number }> }).writeErrors;
          const failed = new Set(writeErrors === undefined ? [] : [writeErrors].flat().map((w) => w.index));
          saves.forEach((save, i) => {
            for (const { resolve, reject } of save.done) (failed.size === 0 || failed.has(i) ? reject(error) : resolve());
          });
        }
      }
    } finally {
      this.writing = false;
    }
  }
}

const writers = new WeakMap<Connection, CheckpointWriter>();

/** One document per projection: the position up to which every event has been applied. */
export class CheckpointStore implements Checkpoints {
  private readonly writer: CheckpointWriter;

  constructor(private readonly connection: Connection) {
    let writer = writers.get(connection);
    if (!writer) writers.set(connection, (writer = new CheckpointWriter(() => connection.collection<CheckpointDocument>(CHECKPOINT_COLLECTION))));
    this.writer = writer;
  }

  private get collection() {
    return this.connection.collection<CheckpointDocument>(CHECKPOINT_COLLECTION);
  }

  /** 0 when the projection has never run (or was reset). */
  async load(projection: string): Promise<number> {
    const doc = await this.collection.findOne({ _id: projection });
    return doc?.position ?? 0;
  }

  /**
   * Only ever moves forward ($max), so a stale writer cannot pull the checkpoint back. Written with the
   * saves of the other projections of this connection that meet it (see CheckpointWriter).
   */
  save(projection: string, position: number): Promise<void> {
    return this.writer.save(projection, position);
  }

  async state(projection: string): Promise<StoredProjectionState> {
    const doc = await this.collection.findOne({ _id: projection });
    return { position: doc?.position ?? 0, ...(doc?.failure ? { failure: doc.failure } : {}) };
  }

  async recordFailure(projection: string, failure: ProjectionFailure): Promise<void> {
    const update = { $set: { failure, updatedAt: new Date() } };
    try {
      await this.collection.updateOne({ _id: projection }, { ...update, $setOnInsert: { position: 0 } }, { upsert: true });
    } catch (error) {
      // E11000: the first checkpoint was inserted meanwhile; the document is there now.
      if ((error as { code?: unknown }).code !== 11000) throw error;
      await this.collection.updateOne({ _id: projection }, update);
    }
  }

  async clearFailure(projection: string): Promise<void> {
    await this.collection.updateOne({ _id: projection, failure: { $exists: true } }, { $unset: { failure: '' } });
  }

  async reset(projection: string): Promise<void> {
    await this.collection.deleteOne({ _id: projection });
  }
}
