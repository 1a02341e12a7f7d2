import { ZLicenceInput } from '@lmp/contracts';
import type { z } from 'zod';

/** How a cell is read: the type its field has in ZLicenceInput. */
export type ColumnKind = 'text' | 'choice' | 'number' | 'boolean' | 'list' | 'object';

export interface LicenceColumn {
  /** The header as the file names it: the field, camelCase; a nested field is prefixed (`exporterName`). */
  name: string;
  /** Where the value goes in the POST /licences body. */
  path: [string] | [string, string];
  kind: ColumnKind;
  required: boolean;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  /** A pipe's input schema (e.g. an amount checked for decimals, then for range). */
  in?: z.ZodType;
  values?: unknown[];
  shape?: Record<string, z.ZodType>;
}
const defOf = (schema: z.ZodType) => schema.def as unknown as Def;

/** The schema under optional(), nullable(), default() and pipe(). */
function innerOf(schema: z.ZodType): Def {
  let def = defOf(schema);
  for (let next = def.innerType ?? def.in; next; next = def.innerType ?? def.in) def = defOf(next);
  return def;
}

function kindOf(def: Def): ColumnKind {
  switch (def.type) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'literal':
      return def.values?.every((v) => typeof v === 'boolean') ? 'boolean' : 'text';
    case 'array':
      return 'list';
    case 'enum':
      return 'choice';
    case 'object':
      return 'object';
    default:
      return 'text';
  }
}

const isRequired = (schema: z.ZodType) => !schema.safeParse(undefined).success;

/**
 * The columns of an import file: the fields of POST /licences, nested objects flattened one level
 * (exporter.name → exporterName). Derived from ZLicenceInput, so the file and the API cannot drift.
 */
export const LICENCE_COLUMNS: readonly LicenceColumn[] = Object.entries(
  ZLicenceInput.shape as Record<string, z.ZodType>,
).flatMap(([field, schema]): LicenceColumn[] => {
  const def = innerOf(schema);
  if (kindOf(def) !== 'object') {
    return [{ name: field, path: [field], kind: kindOf(def), required: isRequired(schema) }];
  }
  return Object.entries(def.shape ?? {}).map(([inner, innerSchema]) => ({
    name: field + inner[0]!.toUpperCase() + inner.slice(1),
    path: [field, inner],
    kind: kindOf(innerOf(innerSchema)),
    required: isRequired(innerSchema),
  }));
});

/** The column a validation issue's path points into (`exporter.name` → exporterName, `elements.2` → elements). */
export function columnOfPath(path: readonly PropertyKey[]): LicenceColumn | undefined {
  return (
    LICENCE_COLUMNS.find((c) => c.path.length === 2 && c.path[0] === path[0] && c.path[1] === path[1]) ??
    LICENCE_COLUMNS.find((c) => c.path[0] === path[0])
  );
}
