export * from './metrics';
export * from './listener';
