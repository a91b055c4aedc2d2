export * from './search-key';
export * from './certificate-facts';
export * from './brand-mark';
export * from './booth';
