export * from './app-error';
export * from './problem';
export * from './problem-types';
export * from './zod-errors';
export * from './http-error-handler';
export * from './dependency-errors';
