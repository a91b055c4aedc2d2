export * from './subjects';
export * from './dto';
export * from './views';
export * from './pages-dto';
