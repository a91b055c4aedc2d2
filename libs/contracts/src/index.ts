export * from './errors';
export * from './subjects';
export * from './registry';
export * from './certification';
export * from './exhibition';
export * from './network';
export * from './classifications';
export * from './asyncapi';
