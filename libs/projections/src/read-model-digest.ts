import { createHash } from 'node:crypto';
import type { Model } from 'mongoose';
import { canonicalDocument, stableStringify, VOLATILE_FIELDS } from './canonical-json';
import { bson } from './lazy-bson';

export interface DigestOptions {
  /** Top-level fields left out of the digest; defaults to updatedAt, createdAt, __v. */
  exclude?: readonly string[];
  /** Documents per batch of the read (default 1,000). */
  batchSize?: number;
}

/** One document as read for a digest: its _id, the key it is ordered and matched by, the SHA-256 (base64) of its canonical text, and its `_position`. */
export interface DocumentDigest {
  key: string;
  id: unknown;
  digest: string;
  position?: number;
}

/** A document's _id as one text: equal ids, equal keys; the order of a digest's documents. */
export const documentKey = (id: unknown): string => (typeof id === 'string' ? `s:${id}` : stableStringify(bson().EJSON.serialize({ id }, { relaxed: false })));

const byKey = (a: DocumentDigest, b: DocumentDigest) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Every document of one read model, each with its own digest, in `documentKey` order. Read without a
 * sort, in batches, and ordered here: FerretDB 1.24 sorts any sorted find in its own memory (no sort
 * pushdown), holding the whole collection decoded while it serves the batches (seen: 1.4 GB resident
 * in an audit's comparison, and about a quarter of its CPU in its garbage collector); an unsorted read is streamed.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function documentDigests(model: Model<any>, options: DigestOptions = {}): Promise<DocumentDigest[]> {
  const exclude = options.exclude ?? VOLATILE_FIELDS;
  const documents: DocumentDigest[] = [];
  // Native cursor: no hydration, no schema defaults added.
  for await (const doc of model.collection.find({}, { batchSize: options.batchSize ?? 1000 }) as AsyncIterable<Record<string, unknown>>) {
    const digest = createHash('sha256').update(canonicalDocument(doc, exclude)).digest('base64');
    documents.push({ key: documentKey(doc._id), id: doc._id, digest, ...(typeof doc._position === 'number' ? { position: doc._position } : {}) });
  }
  return documents.sort(byKey);
}

/**
 * SHA-256 over read models, collection by collection (sorted by name) and document by document
 * (`documentKey` order), of each document's own digest: equal digests mean equal read models.
 */
export function digestOfDocuments(collections: ReadonlyArray<{ collection: string; documents: readonly DocumentDigest[] }>): string {
  const hash = createHash('sha256');
  for (const { collection, documents } of [...collections].sort((a, b) => a.collection.localeCompare(b.collection))) {
    hash.update(`collection ${collection}\n`);
    for (const document of documents) hash.update(`${document.digest}\n`);
  }
  return hash.digest('hex');
}

/** `digestOfDocuments` over every document of the given read models, read as `documentDigests` reads them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function readModelDigest(models: readonly Model<any>[], options: DigestOptions = {}): Promise<string> {
  const collections = [];
  for (const model of models) collections.push({ collection: model.collection.collectionName as string, documents: await documentDigests(model, options) });
  return digestOfDocuments(collections);
}
