import type * as Mongoose from 'mongoose';

/**
 * The driver's BSON, loaded on first use rather than with this library: the gateway imports the
 * library (isTransientError) and has no database, and mongoose (with the driver's 17 MB BSON buffer)
 * was 18 MB of its idle RSS.
 */
export const bson = (): typeof Mongoose.mongo.BSON => (require('mongoose') as typeof Mongoose).mongo.BSON;
