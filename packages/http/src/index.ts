export * from './request-context.middleware';
export * from './json-body';
export * from './metrics';
export * from './health.routes';
export * from './http-server';
export * from './json-guards';
export * from './method-not-allowed';
export * from './client-error';
