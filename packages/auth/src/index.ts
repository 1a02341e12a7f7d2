export * from './identity';
export * from './identity-keys';
export * from './identity-token';
export * from './identity-middleware';
