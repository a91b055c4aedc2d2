export * from './shared/decider';
export * from './shared/rule-violation';
export * from './listing/listing';
export * from './listing/listing.commands';
export * from './listing/listing.decide';
export * from './listing/listing.errors';
export * from './matching/matching';
