import type { z } from 'zod';
import type {
  Breakdown,
  Licence,
  ReportSummary,
  Timeline,
  ZExporterReport,
  ZExporterRow,
  ZStaleLicence,
  ZStaleReport,
} from '@lmp/contracts';

/** The reporting API's answers as the pages read them (packages/contracts report.schema.ts). */
export type { Breakdown, ReportSummary, Timeline };
export type ExporterReport = z.infer<typeof ZExporterReport>;
export type ExporterRow = z.infer<typeof ZExporterRow>;
export type StaleReport = z.infer<typeof ZStaleReport>;
export type StaleLicence = z.infer<typeof ZStaleLicence>;

/** GET /licences (list.schema.ts pageOf). */
export interface LicencePage {
  items: Licence[];
  nextCursor: string | null;
  total: number;
  totalExact: boolean;
}
