import { z } from 'zod';
import type { OutboxNotifier } from '@lmp/bus';
import type { ImportReport, ImportRowReport } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import { assertOperatorWithCompany, type Actor } from '../identity/actor';
import { reserveIdempotencyKey } from '../idempotency/idempotency-keys';
import { fileDigest, requestHash } from '../idempotency/request-hash';
import { parseLicenceFile, type LicenceFileFormat, type LicenceFileRow } from './licence-file.parser';
import { writeLicenceRegistrations } from '../../data-access/licence-registrations.writer';
import { checkDuplicates, checkRow, type CheckedRow } from './licence-row.checks';
import { DUPLICATE_NUMBER_MESSAGE } from '../licence/duplicate-number';
import { newRegistration } from '../licence/new-registration';

/**
 * The query of POST /licences/import. Strict, so a misspelt `?dryrun=true` is refused, never
 * imported for real. There is no `source`: an operator's file is the operator's own (platform);
 * only the Commission's EU Survey migration (domain/eusurvey-migration) marks licences migrated.
 */
export const ZImportOptions = z.strictObject({
  dryRun: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
});

export type { ImportReport, ImportRowReport };

export interface ImportLicencesOptions {
  db: Db;
  actor: Actor;
  file: Buffer;
  format: LicenceFileFormat;
  /** The request's query: dryRun. */
  query?: unknown;
  /**
   * Idempotency-Key header: a retry with the same key, file bytes, format and options gets the
   * first report (replayed) and imports nothing. Ignored on a dry run (see importLicences).
   */
  idempotencyKey?: string;
  now?: Date;
  outbox: OutboxNotifier;
}

/**
 * Imports a CSV or XLSX file of licences for the operator's company. Every valid row is created
 * and every other row reported with its errors (not all-or-nothing): an operator migrating
 * hundreds of EU Survey rows should not be held back by a handful of typos, and the report makes
 * the partial result explicit, row by row. `?dryRun=true` runs every check, duplicates
 * included, and writes nothing.
 *
 * With an Idempotency-Key the key is reserved (state running) before the first row is written
 * and the report stored with it at the end, so a retry replays the report, and a retry while the
 * import runs is a 409 instead of a second import. A dry run neither reads nor stores the key: it
 * writes nothing, so running it again is harmless and answers with today's duplicates, and the
 * key stays free for the real import that usually follows it.
 */
export async function importLicences(
  options: ImportLicencesOptions,
): Promise<{ report: ImportReport; replayed: boolean }> {
  const { db, actor, idempotencyKey } = options;
  assertOperatorWithCompany(actor);
  const { dryRun } = parseOrThrow(ZImportOptions, options.query ?? {});
  const source = 'platform';
  // A file refused as a whole (not a sheet, too many rows) is a 4xx whatever the key: not stored.
  const fileRows = await parseLicenceFile(options.file, options.format);
  const run = () => checkAndWrite(options, { actor, dryRun, source, fileRows });
  if (!idempotencyKey || dryRun) return { report: (await run()).report, replayed: false };

  const hash = requestHash('POST /licences/import', {
    file: fileDigest(options.file),
    format: options.format,
    dryRun,
    source,
  });
  const reservation = await reserveIdempotencyKey(db, { userId: actor.userId, key: idempotencyKey }, hash);
  if ('replay' in reservation) return { report: reservation.replay.body as ImportReport, replayed: true };
  let outcome: Awaited<ReturnType<typeof run>>;
  try {
    outcome = await run();
  } catch (error) {
    // Nothing was written (the writer throws only then): the key is free for the retry.
    await reservation.release().catch(() => undefined);
    throw error;
  }
  // A database failure part-way leaves rows `not imported`; the report says to import the file
  // again, which with this key must run again (and create only the rest), so it is not stored.
  const { report, complete } = outcome;
  // The licences exist whether or not the report could be stored, so the client gets it anyway;
  // if storing failed, the key stays running and a retry after STALE_RESERVATION_SECONDS re-runs
  // the import, which then finds every row already registered (nothing is imported twice).
  if (complete) await reservation.store({ status: 200, body: report }).catch(() => undefined);
  else await reservation.release().catch(() => undefined);
  return { report, replayed: false };
}

async function checkAndWrite(
  options: ImportLicencesOptions,
  run: {
    actor: Actor & { companyId: string };
    dryRun: boolean;
    source: ImportReport['source'];
    fileRows: LicenceFileRow[];
  },
): Promise<{ report: ImportReport; complete: boolean }> {
  const { db } = options;
  const { actor, dryRun, source } = run;
  const now = options.now ?? new Date();
  const rows = run.fileRows.map((row) => checkRow(row, now));
  await checkDuplicates(db, actor.companyId, rows);
  const accepted = rows.filter((r) => r.data && r.errors.length === 0);
  const reports = new Map<CheckedRow, ImportRowReport>(
    rows.map((r) => [r, { row: r.row, licenceNumber: r.licenceNumber, status: 'failed' }]),
  );
  let complete = true;
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
      else if (outcomes[i] === 'not-written') {
        complete = false;
        r.errors.push({
          field: '(row)',
          message:
            'not imported: the import stopped on a database error; import the file again to add the rest',
        });
      }
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
    complete,
    report: {
      dryRun,
      source,
      total: report.length,
      created: count('created'),
      valid: count('valid'),
      failed: count('failed'),
      rows: report,
    },
  };
}
