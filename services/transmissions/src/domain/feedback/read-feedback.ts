import { createHash } from 'node:crypto';
import type { FeedbackSource } from '@lmp/contracts';
import { readCsvSheet, readXlsxSheet } from '@lmp/spreadsheet';
import {
  checkRow,
  FILE_COLUMNS,
  inputOfFileRow,
  JSON_FIELDS,
  receivedOfJson,
  rowsOfJson,
  rowsOfSheet,
  type CheckedRow,
} from './feedback-rows';

/** What was sent: JSON rows (parsed by the JSON body parser) or a file's bytes. */
export type FeedbackUpload = { source: 'json'; body: unknown } | { source: 'csv' | 'xlsx'; file: Buffer };

export interface ReadFeedback {
  source: FeedbackSource;
  sha256: string;
  rows: CheckedRow[];
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The rows of an upload, each checked: a bad row is reported, a bad envelope or header is a 422. */
export async function readFeedback(upload: FeedbackUpload): Promise<ReadFeedback> {
  if (upload.source === 'json') {
    const rows = rowsOfJson(upload.body);
    return {
      source: 'json',
      sha256: sha256(JSON.stringify(rows)),
      rows: rows.map((value, i) => checkRow(receivedOfJson(value, i), value, JSON_FIELDS)),
    };
  }
  const sheet =
    upload.source === 'csv'
      ? readCsvSheet(upload.file)
      : await readXlsxSheet(upload.file, { preferredSheet: 'Feedback' });
  const { rows, extraCells } = rowsOfSheet(sheet);
  return {
    source: upload.source,
    sha256: sha256(upload.file),
    rows: rows.map((row): CheckedRow =>
      extraCells.has(row.row)
        ? { ok: false, row, reason: '(row): has cells beyond the date column' }
        : checkRow(row, inputOfFileRow(row), FILE_COLUMNS),
    ),
  };
}
