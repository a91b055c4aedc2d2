export * from './servers';
export * from './docker';
export * from './platform';
