/** The aggregate columns behind ReportFigures, as the repositories read them. */
export interface FiguresRow {
  total: number;
  pending: number;
  processing: number;
  granted: number;
  refused: number;
  urgent_pending: number;
  stale_pending: number;
  median_days: number | null;
  p90_days: number | null;
  transmitted: number;
  general: number;
}

export interface TimelineRow {
  period: string;
  submitted: number;
  granted: number;
  refused: number;
  pending_at_end: number;
}

export interface ExporterRow {
  exporter: string;
  credit_code: string | null;
  licences: number;
  pending: number;
  granted: number;
  refused: number;
  median_days: number | null;
  general: number;
}

export interface StaleRow {
  id: string;
  licence_number: string;
  company_id: string;
  company_name: string | null;
  member_state: string | null;
  exporter_name: string;
  licence_type: 'individual' | 'general';
  urgent: boolean;
  status: 'pending' | 'processing' | 'granted' | 'refused';
  submitted_at: Date;
  status_changed_at: Date;
  transmission_count: number;
  last_transmitted_at: Date;
}

export interface DiscrepancyRow {
  licence_id: string;
  licence_number: string;
  company_id: string;
  company_name: string | null;
  status: 'pending' | 'processing' | 'granted' | 'refused';
  reported_status: 'pending' | 'processing' | 'granted' | 'refused';
  reported_date: string | null;
  confirmed_status: 'pending' | 'processing' | 'granted' | 'refused';
  comment: string | null;
  recorded_at: Date;
}

/** One shareable group before suppression. */
export interface ShareableCounts {
  period: string | null;
  key: string | null;
  total: number;
  pending: number;
  granted: number;
  refused: number;
}

/** One licence of the export, with its company's data. */
export interface ExportRow {
  id: string;
  licence_number: string;
  licence_type: string;
  valid_from: string | null;
  valid_to: string | null;
  application_date: string | null;
  submitted_at: Date;
  exporter_name: string;
  exporter_credit_code: string | null;
  sector: string;
  elements: string[];
  product_type: string;
  quantity_kg: number | null;
  value_eur: number | null;
  urgent: boolean;
  status: string;
  decision_date: string | null;
  days_to_decision: number | null;
  customs_status: string;
  source: string;
  transmission_count: number;
  last_transmitted_at: Date | null;
  company_id: string;
  company_name: string | null;
  company_eori: string | null;
  company_country: string | null;
  member_state: string | null;
  sme: boolean | null;
  company_sector: string | null;
}
