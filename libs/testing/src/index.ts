export * from './servers';
export * from './docker';
export * from './platform';
export * from './http';
export * from './in-process';
export * from './nats-auth';
export * from './identity';
export * from './legal-ids';
