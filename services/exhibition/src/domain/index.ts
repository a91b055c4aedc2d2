export * from './search-key';
export * from './certificate-facts';
export * from './brand-mark';
export * from './booth';
export * from './exhibitor';
export * from './themed-exhibition';
