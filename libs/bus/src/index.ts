export * from './reply-inbox';
