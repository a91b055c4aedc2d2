export * from './dto';
export * from './subjects';
export * from './public-events';
