export * from './dto';
export * from './subjects';
