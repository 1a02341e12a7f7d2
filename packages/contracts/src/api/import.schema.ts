import { z } from 'zod';
import { LICENCE_SOURCES } from './reference-data';

/** One row of POST /licences/import's report. */
export const ZImportRowReport = z.object({
  /** The row as the user sees it: the spreadsheet row, or the line the row starts on in the CSV. */
  row: z.number().int(),
  licenceNumber: z.string().nullable(),
  status: z.enum(['created', 'valid', 'failed']),
  id: z.uuid().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type ImportRowReport = z.infer<typeof ZImportRowReport>;

/** POST /licences/import answer: total = created + valid + failed; `valid` counts rows a dry run found importable. */
export const ZImportReport = z.object({
  dryRun: z.boolean(),
  source: z.enum(LICENCE_SOURCES),
  total: z.number().int(),
  created: z.number().int(),
  valid: z.number().int(),
  failed: z.number().int(),
  rows: z.array(ZImportRowReport),
});
export type ImportReport = z.infer<typeof ZImportReport>;
