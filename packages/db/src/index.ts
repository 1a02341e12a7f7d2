export * from './config';
export { serviceRoleName, serviceSchemaName, EXTENSIONS_SCHEMA, quoteIdent, withDatabase } from './names';
export { withClient, withAdvisoryLock, redact } from './admin-client';
export * from './service-database-url';
export * from './service-schema';
export * from './migrate';
export * from './create-migration';
export * from './migration-status';
export * from './discover-services';
export { migrationsContentHash } from './migrations-directory';
export {
  readServiceSchema,
  inlineServiceSchema,
  schemaIncludes,
  renderFragment,
  SCHEMA_PLACEHOLDER,
} from './schema-includes';
export * from './fragment-sql';
export type { SchemaFile } from './schema-engine';
