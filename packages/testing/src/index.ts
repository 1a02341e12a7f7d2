export * from './postgres-database';
export * from './rabbitmq-vhost';
export * from './identity-token';
export * from './http-client';
export * from './builders';
export * from './service-process';
export * from './throwaway-postgres';
export * from './smtp-server';
