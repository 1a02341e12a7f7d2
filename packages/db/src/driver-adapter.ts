// The schema engine reaches Postgres through a Prisma driver adapter (@prisma/adapter-pg).
// Two things are adjusted here:
// - PrismaPg's executeScript splits a migration on every ";" and sends the pieces to whichever
//   pooled connection is free, which breaks functions, string literals and BEGIN/COMMIT. The
//   native engine sends the whole script in one simple-protocol query, so we do the same.
// - PrismaPg refuses result columns of Postgres's internal `"char"` type (and other catalog
//   types such as regclass), which the engine's schema describer reads from pg_catalog; the
//   native engine reads them as text, so we report them as text too.
// - The pools are ended when the engine is done (the engine does not do it), and a shadow
//   database, when the engine asks for one, is created and dropped by the admin connection.
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorCapturingSqlMigrationAwareDriverAdapterFactory,
  type SqlDriverAdapter,
} from '@prisma/driver-adapter-utils';
import type { Pool } from 'pg';
import { randomBytes } from 'node:crypto';
import { withClient } from './admin-client';
import { EXTENSIONS_SCHEMA, quoteIdent, withDatabase } from './names';

export interface AdapterOptions {
  /** Where the engine connects. */
  url: string;
  /** Schema of `_prisma_migrations` (and default schema of unqualified names in the engine). */
  schema?: string;
  /** Admin connection string, needed only if the engine asks for a shadow database. */
  adminUrl?: string;
  /** search_path of the shadow database, so migrations replay as they run for the service role. */
  shadowSearchPath?: string[];
}

export interface EngineAdapter {
  factory: ErrorCapturingSqlMigrationAwareDriverAdapterFactory;
  /** Ends every pool the engine opened and drops any shadow database left. */
  close(): Promise<void>;
}

export function createEngineAdapter(options: AdapterOptions): EngineAdapter {
  const open = new Set<SqlDriverAdapter>();
  const shadowDatabases = new Set<string>();

  async function connect(url: string, schema?: string): Promise<SqlDriverAdapter> {
    // The engine reads and writes `_prisma_migrations` unqualified, so the session's search_path
    // decides where it lives: the service's schema.
    const config = {
      connectionString: url,
      max: 2,
      ...(schema ? { options: `-c search_path=${schema},${EXTENSIONS_SCHEMA}` } : {}),
    };
    const adapter = await new PrismaPg(config, schema ? { schema } : undefined).connect();
    wholeScriptAtOnce(adapter);
    catalogTypesAsText(adapter);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (!open.delete(adapter)) return;
      await dispose();
    };
    open.add(adapter);
    return adapter;
  }

  async function dropShadow(name: string): Promise<void> {
    if (!shadowDatabases.delete(name) || !options.adminUrl) return;
    await withClient(options.adminUrl, (c) =>
      c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
    );
  }

  const raw = {
    provider: 'postgres' as const,
    adapterName: '@prisma/adapter-pg',
    connect: () => connect(options.url, options.schema),
    connectToShadowDb: async () => {
      if (!options.adminUrl)
        throw new Error('a shadow database was needed but no admin connection was given');
      const name = `lmp_shadow_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
      await withClient(options.adminUrl, async (c) => {
        await c.query(`CREATE DATABASE ${quoteIdent(name)}`);
        shadowDatabases.add(name);
        if (options.shadowSearchPath?.length) {
          const path = options.shadowSearchPath.map(quoteIdent).join(', ');
          await c.query(`ALTER DATABASE ${quoteIdent(name)} SET search_path = ${path}`);
        }
      });
      const adapter = await connect(withDatabase(options.adminUrl, name));
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await dropShadow(name);
      };
      return adapter;
    },
  };

  return {
    factory: bindMigrationAwareSqlAdapterFactory(raw),
    close: async () => {
      for (const adapter of [...open]) await adapter.dispose();
      for (const name of [...shadowDatabases]) await dropShadow(name);
    },
  };
}

function wholeScriptAtOnce(adapter: SqlDriverAdapter): void {
  const pool = (adapter as unknown as { underlyingDriver(): Pool }).underlyingDriver();
  const toAdapterError = (adapter as unknown as { onError(error: unknown): never }).onError.bind(adapter);
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (error) {
      toAdapterError(error);
    }
  };
}

// "char", int2vector, regproc, oidvector, pg_node_tree, regprocedure, regoper, regoperator,
// regclass, regtype, regnamespace, regrole: all arrive from pg as strings already.
const CATALOG_TYPES = new Set([18, 22, 24, 30, 194, 2202, 2203, 2204, 2205, 2206, 4089, 4096]);
const TEXT = 25;

function catalogTypesAsText(adapter: SqlDriverAdapter): void {
  type Result = { fields?: { dataTypeID: number }[] };
  const queryable = adapter as unknown as { performIO(query: unknown): Promise<Result | Result[]> };
  const performIO = queryable.performIO.bind(adapter);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    // Several statements in one query (the shadow database's init script) give several results.
    for (const one of Array.isArray(result) ? result : [result]) {
      for (const field of one.fields ?? []) if (CATALOG_TYPES.has(field.dataTypeID)) field.dataTypeID = TEXT;
    }
    return result;
  };
}
