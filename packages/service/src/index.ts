export * from './service-config';
export * from './database';
export * from './session-lock';
export * from './page-cursor';
export * from './service-app';
export * from './start-service';
export * from './run-as-main';
