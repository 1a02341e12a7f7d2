import { COMPANY_OPERATIONS } from './company.operations';
import { LICENCE_OPERATIONS } from './licence.operations';
import { MESSAGE_OPERATIONS } from './message.operations';
import { MIGRATION_OPERATIONS } from './migration.operations';
import type { OperationSpec } from './operation-spec';
import { REPORT_OPERATIONS } from './report.operations';
import { TRANSMISSION_OPERATIONS } from './transmission.operations';

export type { OperationSpec } from './operation-spec';

/** Every operation of the public API (API.md), in the order the document lists them. */
export const OPERATIONS: readonly OperationSpec[] = [
  ...COMPANY_OPERATIONS,
  ...LICENCE_OPERATIONS,
  ...MIGRATION_OPERATIONS,
  ...MESSAGE_OPERATIONS,
  ...REPORT_OPERATIONS,
  ...TRANSMISSION_OPERATIONS,
];
