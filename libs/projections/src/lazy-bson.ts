import type * as Mongoose from 'mongoose';

let loaded: typeof Mongoose.mongo.BSON | undefined;

/**
 * The driver's BSON, loaded on first use rather than with this library: the gateway imports the
 * library (isTransientError) and has no database, and mongoose (with the driver's 17 MB BSON buffer)
 * was 18 MB of its idle RSS. Kept once loaded: `require` resolves the name again on every call
 * (through the path-mapping hook, a file-system probe or more each time), and the digest of a read
 * model called it once a document (`audit rebuild` of 100,000 events: 11 s of 25 s of CPU in `require`).
 */
export const bson = (): typeof Mongoose.mongo.BSON => (loaded ??= (require('mongoose') as typeof Mongoose).mongo.BSON);
