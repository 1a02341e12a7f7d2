import type { Licence } from '@lmp/contracts';
import type { EditableField, LicenceRecord } from '../domain/licence/licence.types';

/** Fields a PATCH may change, and their columns: the one mapping between the two names. */
export const editableColumns = {
  licenceType: 'licence_type',
  validFrom: 'valid_from',
  validTo: 'valid_to',
  applicationDate: 'application_date',
  exporterName: 'exporter_name',
  exporterCreditCode: 'exporter_credit_code',
  sector: 'sector',
  elements: 'elements',
  productType: 'product_type',
  quantityKg: 'quantity_kg',
  valueEur: 'value_eur',
  urgent: 'urgent',
  urgencyReason: 'urgency_reason',
  status: 'status',
  decisionDate: 'decision_date',
  customsStatus: 'customs_status',
  customsNote: 'customs_note',
} as const satisfies Record<EditableField, string>;

export type EditableColumn = keyof typeof editableColumns;

export const LICENCE_SELECT = `
  id, company_id, licence_number, licence_type, valid_from, valid_to, application_date,
  exporter_name, exporter_credit_code, sector, elements, product_type, quantity_kg, value_eur,
  urgent, urgency_reason, status, decision_date, customs_status, customs_note,
  mofcom_central_level, source, review_required, submitted_at, updated_at, version,
  transmission_count, last_transmitted_at`;

export interface LicenceRow {
  id: string;
  company_id: string;
  licence_number: string;
  licence_type: Licence['licenceType'];
  valid_from: string | null;
  valid_to: string | null;
  application_date: string;
  exporter_name: string;
  exporter_credit_code: string | null;
  sector: Licence['sector'];
  elements: Licence['elements'];
  product_type: Licence['productType'];
  quantity_kg: number;
  value_eur: number | null;
  urgent: boolean;
  urgency_reason: string | null;
  status: Licence['status'];
  decision_date: string | null;
  customs_status: Licence['customsStatus'];
  customs_note: string | null;
  mofcom_central_level: boolean;
  source: Licence['source'];
  review_required: boolean;
  submitted_at: Date;
  updated_at: Date;
  version: number;
  transmission_count: number;
  last_transmitted_at: Date | null;
}

export function toLicenceRecord(row: LicenceRow): LicenceRecord {
  return {
    id: row.id,
    companyId: row.company_id,
    licenceNumber: row.licence_number,
    licenceType: row.licence_type,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    applicationDate: row.application_date,
    exporter: { name: row.exporter_name, creditCode: row.exporter_credit_code },
    sector: row.sector,
    elements: row.elements,
    productType: row.product_type,
    quantityKg: row.quantity_kg,
    valueEur: row.value_eur,
    urgent: row.urgent,
    urgencyReason: row.urgency_reason,
    status: row.status,
    decisionDate: row.decision_date,
    customsStatus: row.customs_status,
    customsNote: row.customs_note,
    mofcomCentralLevel: row.mofcom_central_level,
    source: row.source,
    reviewRequired: row.review_required,
    submittedAt: row.submitted_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    transmissionCount: row.transmission_count,
    lastTransmittedAt: row.last_transmitted_at?.toISOString() ?? null,
  };
}
