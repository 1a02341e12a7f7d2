import { ATTACHMENT_TYPES } from '@lmp/contracts';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An upload of rows as the raw body: media type → what it holds. */
export const SPREADSHEET_FILES = {
  'text/csv': 'CSV, one row per line after the header',
  [XLSX]: 'XLSX workbook',
};

/** The files a message may carry (checked by content, not by name). */
export const ATTACHMENT_MEDIA: readonly string[] = Object.values(ATTACHMENT_TYPES);
