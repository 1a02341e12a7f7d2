export * from './request-context.middleware';
export * from './json-body';
export * from './metrics';
export * from './health.routes';
export * from './http-server';
