export * from './app-error';
export * from './problem';
export * from './problem-types';
export * from './zod-errors';
export * from './http-error-handler';
export * from './dependency-errors';
export * from './report-error';
export * from './body-parser-errors';
