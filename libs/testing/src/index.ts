export * from './servers';
export * from './docker';
