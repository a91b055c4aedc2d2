export * from './errors';
export * from './subjects';
