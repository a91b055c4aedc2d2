import { Model } from 'mongoose';
import { conflict, isDuplicateKey } from '@banat/messaging';
import { Change } from '../read-models/change.schema';
import { ListingPlaceDocument } from '../read-models/listing-place.schema';
import { derivedId } from './caller';

/** A claim older than this whose change was never stored belongs to a writer that died: it is taken over. */
const DEAD_CLAIM_MS = 5000;
const ATTEMPTS = 6;

/** Thrown when another change took the place first: the command is decided again on what is stored now. */
class PlaceTaken extends Error {}

/**
 * The organisation's places for open listings, one claim per state of its listings (`sequence`: the sum of their
 * versions, raised by every listing change). A change that opens a listing takes the claim for the state it read before
 * it is stored; a second change decided on the same state finds it taken and is decided again on the new state (where
 * the bound refuses it), never stored beside the first.
 */
export class ListingPlaces {
  constructor(
    private readonly places: Model<ListingPlaceDocument>,
    private readonly changes: Model<Change>,
  ) {}

  /** The listings' state a claim is named by: the sum of the versions of the organisation's listings. */
  static sequence(listings: ReadonlyArray<{ version: number }>): number {
    return listings.reduce((sum, l) => sum + l.version, 0);
  }

  /** Runs `attempt` (which reads, decides, and calls `take` before storing) again while another change takes its place first; a 409 if that never settles. */
  async retrying<T>(attempt: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof PlaceTaken)) throw error;
        if (n >= ATTEMPTS) throw conflict('another change took the last place for an open listing at the same time; reload and retry');
        await new Promise((resolve) => setTimeout(resolve, 25 * n));
      }
    }
  }

  /** Takes the place for the listings' state `sequence` for this change, then stores it with `store`; releases the place if storing fails. */
  async take<T>(organisationId: string, sequence: number, changeId: string, store: () => Promise<T>): Promise<T> {
    const _id = derivedId('listing-place', organisationId, sequence);
    const at = new Date().toISOString();
    try {
      await this.places.create({ _id, organisationId, changeId, at });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const held = await this.places.findById(_id).lean<ListingPlaceDocument>();
      const dead = held && !(await this.changes.exists({ _id: held.changeId })) && Date.parse(held.at) < Date.now() - DEAD_CLAIM_MS;
      if (!dead || (await this.places.updateOne({ _id, at: held.at, changeId: held.changeId }, { $set: { changeId, at } })).modifiedCount !== 1) throw new PlaceTaken();
    }
    try {
      return await store();
    } catch (error) {
      // Released only if no change of that id was stored: a stored one is applied (by the relay if need be) and moves the sequence on.
      if (!(await this.changes.exists({ _id: changeId }).catch(() => true))) await this.places.deleteOne({ _id, changeId }).catch(() => undefined);
      throw error;
    }
  }
}
