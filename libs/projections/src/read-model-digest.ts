import { createHash } from 'node:crypto';
import type { Model } from 'mongoose';
import { canonicalDocument, VOLATILE_FIELDS } from './canonical-json';

export interface DigestOptions {
  /** Top-level fields left out of the digest; defaults to updatedAt, createdAt, __v. */
  exclude?: readonly string[];
}

/**
 * SHA-256 over every document of the given read models, collection by collection (sorted by name)
 * and document by document (sorted by _id): equal digests mean equal read models.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function readModelDigest(models: readonly Model<any>[], options: DigestOptions = {}): Promise<string> {
  const exclude = options.exclude ?? VOLATILE_FIELDS;
  const hash = createHash('sha256');
  const ordered = [...models].sort((a, b) => a.collection.collectionName.localeCompare(b.collection.collectionName));
  for (const model of ordered) {
    hash.update(`collection ${model.collection.collectionName}\n`);
    // Native cursor: no hydration, no schema defaults added, streamed so big read models fit.
    for await (const doc of model.collection.find({}, { sort: { _id: 1 } })) {
      hash.update(canonicalDocument(doc as Record<string, unknown>, exclude));
      hash.update('\n');
    }
  }
  return hash.digest('hex');
}
