import type { Connection } from 'mongoose';

export const CHECKPOINT_COLLECTION = 'projection_checkpoints';

interface CheckpointDocument {
  _id: string;
  position: number;
  updatedAt: Date;
}

/** Where a runner keeps how far each projection got. */
export interface Checkpoints {
  load(projection: string): Promise<number>;
  save(projection: string, position: number): Promise<void>;
  reset(projection: string): Promise<void>;
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

  async reset(projection: string): Promise<void> {
    await this.collection.deleteOne({ _id: projection });
  }
}
