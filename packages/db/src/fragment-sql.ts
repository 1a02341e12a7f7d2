import { readFileSync } from 'node:fs';
import { adminUrlFromEnv } from './config';
import { createEngineAdapter } from './driver-adapter';
import { engineErrorMessage } from './engine-error';
import { quoteLiteral, serviceSchemaName } from './names';
import { renderFragment, resolveFragment } from './schema-includes';
import { NO_FILTERS, withSchemaEngine } from './schema-engine';

export interface SchemaFragmentSqlOptions {
  /** A package path such as `@lmp/bus/prisma/bus-tables.prisma`, or an absolute file path. */
  fragment: string;
  /** The schema the fragment is rendered for. */
  schema: string;
  /** The engine needs a connection even to diff from nothing (it changes nothing); defaults to DATABASE_ADMIN_URL. */
  adminUrl?: string;
}

// The preview features fragments may use (the bus tables' partial index); a service including a
// fragment lists them in its own generator block.
const PREVIEW_FEATURES = ['partialIndexes'];

/**
 * The SQL that creates a fragment's tables in `schema` from nothing, `CREATE SCHEMA` included:
 * what a first migration of a service with only that fragment would contain. For tests that
 * need the bus tables without a service around them (packages/bus), so they need no copy.
 */
export async function schemaFragmentSql(options: SchemaFragmentSqlOptions): Promise<string> {
  const schema = serviceSchemaName(options.schema);
  const fragment = resolveFragment(options.fragment, [process.cwd()], 'schemaFragmentSql');
  const files = [
    {
      path: 'lmp-fragment-wrapper.prisma',
      content: [
        'generator client {',
        '  provider        = "prisma-client"',
        `  previewFeatures = [${PREVIEW_FEATURES.map((f) => JSON.stringify(f)).join(', ')}]`,
        '}',
        'datasource db {',
        '  provider = "postgresql"',
        `  schemas  = [${JSON.stringify(schema)}]`,
        '}',
        '',
      ].join('\n'),
    },
    { path: fragment, content: renderFragment(readFileSync(fragment, 'utf8'), schema) },
  ];
  const adapter = createEngineAdapter({ url: options.adminUrl ?? adminUrlFromEnv() });
  try {
    const { stdout } = await withSchemaEngine(files, adapter.factory, (engine) =>
      engine.diff({
        from: { tag: 'empty' },
        to: { tag: 'schemaDatamodel', files },
        script: true,
        exitCode: null,
        filters: NO_FILTERS,
      }),
    );
    return stdout ?? '';
  } catch (error) {
    const reason = engineErrorMessage(error, adapter.factory);
    throw new Error(`rendering ${fragment} for schema ${quoteLiteral(schema)} failed: ${reason}`, {
      cause: error,
    });
  } finally {
    await adapter.close();
  }
}
