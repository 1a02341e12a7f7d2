import { z } from 'zod';
import { parseOrThrow } from '@lmp/errors';
import { readModelCompanies, readModelLicences } from '../../data-access/consistency.repository';
import { withTransaction, type Db } from '../../data-access/database';
import {
  openSnapshot,
  type SnapshotSource,
} from '../../infrastructure/licences-snapshot/licences-snapshot.client';
import { compareCompany, compareLicence } from './compare-rows';
import type { ConsistencyReport, Difference, RowRef } from './consistency.types';
import { mergeById } from './merge-by-id';

const ZCheckOptions = z.object({
  /** How many of each kind of difference the report lists; all are counted. */
  limit: z.number().int().min(0).default(100),
  /** Read-model rows read per query. */
  pageSize: z.number().int().min(1).default(1000),
});

/** A report that counts every difference and lists the first `limit` of each kind. */
function reportCollector(limit: number) {
  const missing: RowRef[] = [];
  const extra: RowRef[] = [];
  const different: Difference[] = [];
  const counts = { missing: 0, extra: 0, different: 0 };
  const keep = <T>(list: T[], item: T) => {
    if (list.length < limit) list.push(item);
  };
  return {
    missing(ref: RowRef) {
      counts.missing += 1;
      keep(missing, ref);
    },
    extra(ref: RowRef) {
      counts.extra += 1;
      keep(extra, ref);
    },
    different(differences: Difference[]) {
      counts.different += differences.length;
      for (const d of differences) keep(different, d);
    },
    result: () => ({ counts, missing, extra, different }),
  };
}

/**
 * Compares the read model with the source of truth, the licences service's snapshot: every
 * company and licence there must be here with the same values (compare-rows.ts says which), and
 * nothing else. Both sides are read in id order side by side, one row of each in memory; the
 * read model inside one read-only snapshot of its own, so it does not shift under the check.
 *
 * Events still in flight show as differences: run it when the queues are drained, or again.
 */
export async function checkReadModel({
  db,
  source,
  ...options
}: {
  db: Db;
  source: SnapshotSource;
  limit?: number;
  pageSize?: number;
}): Promise<ConsistencyReport> {
  const { limit, pageSize } = parseOrThrow(ZCheckOptions, options);
  const report = reportCollector(limit);
  return withTransaction(db, async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const companies = openSnapshot(source, 'companies');
    let checkedCompanies = 0;
    await mergeById(companies.rows, readModelCompanies(tx, pageSize), {
      both: (expected, actual) => {
        checkedCompanies += 1;
        report.different(compareCompany(expected, actual));
      },
      leftOnly: ({ id }) => {
        checkedCompanies += 1;
        report.missing({ kind: 'company', id });
      },
      rightOnly: ({ id }) => report.extra({ kind: 'company', id }),
    });
    const licences = openSnapshot(source, 'licences');
    let checkedLicences = 0;
    await mergeById(licences.rows, readModelLicences(tx, pageSize), {
      both: (expected, actual) => {
        checkedLicences += 1;
        report.different(compareLicence(expected, actual));
      },
      leftOnly: ({ id }) => {
        checkedLicences += 1;
        report.missing({ kind: 'licence', id });
      },
      rightOnly: ({ id }) => report.extra({ kind: 'licence', id }),
    });
    const { counts, ...lists } = report.result();
    return {
      consistent: counts.missing + counts.extra + counts.different === 0,
      asOf: { companies: companies.end!.asOf, licences: licences.end!.asOf },
      checked: { companies: checkedCompanies, licences: checkedLicences },
      counts,
      ...lists,
    };
  });
}
