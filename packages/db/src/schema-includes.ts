// A service's Prisma schema is its prisma/schema.prisma plus the fragments that file includes
// with a line
//   // lmp-migrate: include @lmp/bus/prisma/bus-tables.prisma
// A fragment is a .prisma file of models shared by several services (the bus tables); its
// `@@schema("__SCHEMA__")` placeholders are replaced by the including service's schema. The
// engine reads schema.prisma and the rendered fragments together as one multi-file schema, so
// one definition gives every service the same tables without a copy in any folder.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { serviceSchemaName } from './names';
import type { SchemaFile } from './schema-engine';

/** Stands for the including service's schema in a fragment. */
export const SCHEMA_PLACEHOLDER = '__SCHEMA__';

const DIRECTIVE = /^[ \t]*\/\/[ \t]*lmp-migrate:(.*)$/gm;

export interface ReadServiceSchemaOptions {
  /** The service's folder, holding prisma/schema.prisma. */
  serviceDir: string;
  /** Whose schema the fragments are rendered for. */
  service: string;
}

/** prisma/schema.prisma followed by each fragment it includes, rendered for the service's schema. */
export function readServiceSchema({ serviceDir, service }: ReadServiceSchemaOptions): SchemaFile[] {
  const file = path.join(serviceDir, 'prisma', 'schema.prisma');
  if (!existsSync(file)) throw new Error(`no Prisma schema at ${file}`);
  const content = readFileSync(file, 'utf8');
  const schema = serviceSchemaName(service);
  const fragments = schemaIncludes(file, content).map(({ specifier, line }) => {
    const where = `${file}:${line}`;
    const fragment = specifier.startsWith('.')
      ? resolveFragment(path.resolve(path.dirname(file), specifier), [], where)
      : resolveFragment(specifier, [serviceDir], where);
    return { path: fragment, content: renderFragment(readFileSync(fragment, 'utf8'), schema) };
  });
  return [{ path: file, content }, ...fragments];
}

/**
 * The same schema as one file, each fragment appended where a reader sees where it came from and
 * the include lines disarmed: valid for stock Prisma tools, and for lmp-migrate itself.
 */
export function inlineServiceSchema(options: ReadServiceSchemaOptions): string {
  const [main, ...fragments] = readServiceSchema(options);
  const schema = serviceSchemaName(options.service);
  return [
    main!.content
      .replace(DIRECTIVE, (line) => line.replace('lmp-migrate:', 'inlined below by lmp-migrate:'))
      .trimEnd(),
    ...fragments.map(
      (f) => `// ---- included from ${f.path}, rendered for schema "${schema}"\n\n${f.content.trimEnd()}`,
    ),
  ].join('\n\n');
}

export interface SchemaInclude {
  /** As written: a package path such as `@lmp/bus/prisma/bus-tables.prisma`, or a path relative to schema.prisma. */
  specifier: string;
  /** 1-based, for messages. */
  line: number;
}

/** The `// lmp-migrate: include <fragment>` lines of a schema; any other `lmp-migrate:` line is an error. */
export function schemaIncludes(file: string, content: string): SchemaInclude[] {
  const includes: SchemaInclude[] = [];
  for (const match of content.matchAll(DIRECTIVE)) {
    const line = content.slice(0, match.index).split('\n').length;
    const words = match[1]!.trim().split(/\s+/);
    if (words.length !== 2 || words[0] !== 'include') {
      throw new Error(
        `${file}:${line}: unknown lmp-migrate directive "${match[0].trim()}"; ` +
          'the one known is "// lmp-migrate: include <package>/<path>.prisma"',
      );
    }
    includes.push({ specifier: words[1]!, line });
  }
  return includes;
}

/** The fragment's text with its schema placeholder replaced. */
export function renderFragment(content: string, schema: string): string {
  return content.replaceAll(SCHEMA_PLACEHOLDER, serviceSchemaName(schema));
}

/**
 * A file path, or a package path resolved as Node resolves modules: from `fromDirs` (the service,
 * whose dependency the package is), then from where @lmp/db itself is installed, so that a copy
 * of a prisma folder outside the repository (as the drift tests make) still finds it.
 */
export function resolveFragment(specifier: string, fromDirs: string[], where: string): string {
  if (path.isAbsolute(specifier)) {
    if (existsSync(specifier)) return specifier;
    throw new Error(`${where}: the schema fragment ${specifier} does not exist`);
  }
  const origins = [...fromDirs.map((dir) => path.join(path.resolve(dir), 'package.json')), __filename];
  for (const origin of origins) {
    try {
      return createRequire(origin).resolve(specifier);
    } catch {
      // try the next origin
    }
  }
  throw new Error(
    `${where}: cannot find the schema fragment "${specifier}" from ${fromDirs.join(', ')} ` +
      '(is its package a dependency of the service?)',
  );
}
