import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readCsvSheet } from '@lmp/spreadsheet';
import { identityHeaders } from '@lmp/testing';
import type { Queryable } from '@lmp/service';
import type { ApiClient, ApiResponse } from './support/licences-harness';

/** The anonymised example export shipped with the service (fixtures/eusurvey-example.csv). */
export const EXAMPLE_FILE = path.join(__dirname, '..', 'fixtures', 'eusurvey-example.csv');
export const exampleCsv = () => readFileSync(EXAMPLE_FILE);

/** The example file's rows as objects keyed by its header (for JSON uploads and XLSX copies). */
export function exampleRows(): Record<string, string>[] {
  const sheet = readCsvSheet(exampleCsv());
  return sheet.rows.map((r) =>
    Object.fromEntries(sheet.header.map((name, i) => [String(name), String(r.cells[i] ?? '')])),
  );
}

/** One survey row for respondent `email` (a valid licence in a valid company); override any column. */
export function aSurveyRow(overrides: Record<string, string | number | boolean | null> = {}) {
  const unique = Math.random().toString(36).slice(2, 10).toUpperCase();
  return {
    respondentEmail: `respondent-${unique.toLowerCase()}@survey.example`,
    submittedAt: '2025-07-01 10:00:00',
    companyName: `Survey Company ${unique}`,
    eori: `DE${unique}`,
    memberState: 'DE',
    sme: false,
    companySector: 'automotive',
    licenceNumber: `SV-2025-${unique}`,
    licenceType: 'individual',
    applicationDate: '2025-06-15',
    exporterName: 'JL Mag Rare-Earth Co., Ltd.',
    elements: 'dysprosium',
    productType: 'magnets_ndfeb',
    quantityKg: 100,
    mofcomCentralLevel: true,
    ...overrides,
  };
}

/** POST /migrations/eusurvey with a raw body, as the gateway forwards an upload. */
export async function migrate(
  baseUrl: string,
  client: ApiClient,
  body: string | Buffer | object,
  options: { contentType?: string; query?: string } = {},
): Promise<ApiResponse> {
  const raw = typeof body === 'string' || Buffer.isBuffer(body);
  const response = await fetch(`${baseUrl}/api/v1/migrations/eusurvey${options.query ?? ''}`, {
    method: 'POST',
    headers: {
      ...(await identityHeaders(client.identity)),
      'content-type': options.contentType ?? (raw ? 'text/csv' : 'application/json'),
    },
    body: raw ? (typeof body === 'string' ? body : new Uint8Array(body)) : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
    text,
  };
}

/** How many rows each table holds: what a dry run or a re-run must leave as it was. */
export async function tableCounts(db: Queryable): Promise<Record<string, number>> {
  const tables = [
    'companies',
    'users',
    'licences',
    'licence_history',
    'outbox_events',
    'eusurvey_migration_runs',
    'eusurvey_migrated_rows',
    'eusurvey_provisioned_users',
  ];
  const { rows } = await db.query<{ name: string; n: number }>(
    tables.map((t) => `SELECT '${t}' AS name, count(*)::int AS n FROM ${t}`).join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}
