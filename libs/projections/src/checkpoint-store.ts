import type { Connection } from 'mongoose';
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

/** One document per projection: the position up to which every event has been applied. */
export class CheckpointStore implements Checkpoints {
  constructor(private readonly connection: Connection) {}

  private get collection() {
    return this.connection.collection<CheckpointDocument>(CHECKPOINT_COLLECTION);
  }

  /** 0 when the projection has never run (or was reset). */
  async load(projection: string): Promise<number> {
    const doc = await this.collection.findOne({ _id: projection });
    return doc?.position ?? 0;
  }

  /** Only ever moves forward ($max), so a stale writer cannot pull the checkpoint back. */
  async save(projection: string, position: number): Promise<void> {
    await this.collection.updateOne(
      { _id: projection },
      { $max: { position }, $set: { updatedAt: new Date() } },
      { upsert: true },
    );
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
