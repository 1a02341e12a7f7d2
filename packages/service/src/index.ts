export * from './service-config';
export * from './database';
export * from './service-app';
export * from './start-service';
export * from './run-as-main';
