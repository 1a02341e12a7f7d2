import { z } from 'zod';
import type { OutboxNotifier } from '@lmp/bus';
import { LICENCE_SOURCES, type ImportReport, type ImportRowReport } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import { assertOperatorWithCompany, type Actor } from '../identity/actor';
import { parseLicenceFile, type LicenceFileFormat } from './licence-file.parser';
import { writeLicenceRegistrations } from '../../data-access/licence-registrations.writer';
import { checkDuplicates, checkRow, type CheckedRow } from './licence-row.checks';
import { DUPLICATE_NUMBER_MESSAGE } from '../licence/duplicate-number';
import { newRegistration } from '../licence/new-registration';

/** The query of POST /licences/import. Strict, so a misspelt `?dryrun=true` is refused, never imported for real. */
export const ZImportOptions = z.strictObject({
  dryRun: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  /** eusurvey_migration marks the licences for their operators to check (PRODUCT.md). */
  source: z
    .enum(LICENCE_SOURCES, { error: `must be one of: ${LICENCE_SOURCES.join(', ')}` })
    .default('platform'),
});

export type { ImportReport, ImportRowReport };

export interface ImportLicencesOptions {
  db: Db;
  actor: Actor;
  file: Buffer;
  format: LicenceFileFormat;
  /** The request's query: dryRun, source. */
  query?: unknown;
  now?: Date;
  outbox: OutboxNotifier;
}

/**
 * Imports a CSV or XLSX file of licences for the operator's company. Every valid row is created
 * and every other row reported with its errors (not all-or-nothing): an operator migrating
 * hundreds of EU Survey rows should not be held back by a handful of typos, and the report makes
 * the partial result explicit, row by row. `?dryRun=true` runs every check, duplicates
 * included, and writes nothing.
 */
export async function importLicences(options: ImportLicencesOptions): Promise<ImportReport> {
  const { db, actor } = options;
  assertOperatorWithCompany(actor);
  const { dryRun, source } = parseOrThrow(ZImportOptions, options.query ?? {});
  const now = options.now ?? new Date();
  const rows = (await parseLicenceFile(options.file, options.format)).map((row) => checkRow(row, now));
  await checkDuplicates(db, actor.companyId, rows);
  const accepted = rows.filter((r) => r.data && r.errors.length === 0);
  const reports = new Map<CheckedRow, ImportRowReport>(
    rows.map((r) => [r, { row: r.row, licenceNumber: r.licenceNumber, status: 'failed' }]),
  );
  if (dryRun) {
    for (const r of accepted) reports.get(r)!.status = 'valid';
  } else {
    const registrations = accepted.map((r) => newRegistration(actor, r.data!, { source, now }));
    const outcomes = await writeLicenceRegistrations(
      db,
      registrations.map((r) => r.registration),
      options.outbox,
    );
    accepted.forEach((r, i) => {
      if (outcomes[i] === 'created')
        Object.assign(reports.get(r)!, { status: 'created', id: registrations[i]!.view.id });
      else if (outcomes[i] === 'not-written')
        r.errors.push({
          field: '(row)',
          message:
            'not imported: the import stopped on a database error; import the file again to add the rest',
        });
      // Registered by someone else since the pre-check.
      else r.errors.push({ field: 'licenceNumber', message: DUPLICATE_NUMBER_MESSAGE });
    });
  }
  const report = rows.map((r) => ({
    ...reports.get(r)!,
    ...(r.errors.length > 0 ? { errors: r.errors } : {}),
  }));
  const count = (status: ImportRowReport['status']) => report.filter((r) => r.status === status).length;
  return {
    dryRun,
    source,
    total: report.length,
    created: count('created'),
    valid: count('valid'),
    failed: count('failed'),
    rows: report,
  };
}
