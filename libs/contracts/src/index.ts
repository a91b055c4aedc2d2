export * from './errors';
export * from './subjects';
export * from './registry';
export * from './certification';
export * from './exhibition';
export * from './events';
export * from './asyncapi';
