export * from './web-stack';
export * from './browser';
export * from './operator-flows';
