export * from './kinds';
export * from './subjects';
export * from './dto';
export * from './views';
export * from './public-events';
export * from './reporting';
