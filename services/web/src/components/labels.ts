/**
 * How the platform's codes read on a page (one place, so every page and chart says the same):
 * statuses, sectors, elements, member states. An unknown code is shown as it is.
 */
const STATUS: Record<string, string> = {
  pending: 'Pending',
  processing: 'Processing',
  granted: 'Granted',
  refused: 'Refused',
};

const CUSTOMS_STATUS: Record<string, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  cleared: 'Cleared',
  blocked: 'Blocked',
};

const SECTOR: Record<string, string> = {
  automotive: 'Automotive',
  aerospace: 'Aerospace',
  defence: 'Defence',
  electronics: 'Electronics',
  energy: 'Energy',
  medical: 'Medical',
  industrial_machinery: 'Industrial machinery',
  chemicals: 'Chemicals',
  research: 'Research',
  other: 'Other',
};

const PRODUCT_TYPE: Record<string, string> = {
  magnets_ndfeb: 'NdFeB magnets',
  magnets_smco: 'SmCo magnets',
  metals_alloys: 'Metals and alloys',
  oxides_compounds: 'Oxides and compounds',
  other: 'Other',
};

const LICENCE_TYPE: Record<string, string> = { individual: 'Individual', general: 'General' };

// prettier-ignore
const MEMBER_STATE: Record<string, string> = {
  AT: 'Austria', BE: 'Belgium', BG: 'Bulgaria', HR: 'Croatia', CY: 'Cyprus', CZ: 'Czechia',
  DK: 'Denmark', EE: 'Estonia', FI: 'Finland', FR: 'France', DE: 'Germany', GR: 'Greece',
  HU: 'Hungary', IE: 'Ireland', IT: 'Italy', LV: 'Latvia', LT: 'Lithuania', LU: 'Luxembourg',
  MT: 'Malta', NL: 'Netherlands', PL: 'Poland', PT: 'Portugal', RO: 'Romania', SK: 'Slovakia',
  SI: 'Slovenia', ES: 'Spain', SE: 'Sweden',
};

const BATCH_STATUS: Record<string, string> = {
  draft: 'Draft',
  dispatching: 'Dispatching',
  dispatched: 'Dispatched',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const BATCH_KIND: Record<string, string> = { scheduled: 'Scheduled', urgent: 'Urgent', manual: 'Manual' };

const capitalised = (code: string) => code.charAt(0).toUpperCase() + code.slice(1).replace(/_/g, ' ');
const from = (table: Record<string, string>) => (code: string | null | undefined) =>
  code == null ? 'Not known yet' : (table[code] ?? code);

export const statusLabel = from(STATUS);
export const customsStatusLabel = from(CUSTOMS_STATUS);
export const sectorLabel = from(SECTOR);
export const productTypeLabel = from(PRODUCT_TYPE);
export const licenceTypeLabel = from(LICENCE_TYPE);
export const memberStateLabel = from(MEMBER_STATE);
export const batchStatusLabel = from(BATCH_STATUS);
export const batchKindLabel = from(BATCH_KIND);
export const elementLabel = (code: string | null | undefined) =>
  code == null ? 'Not known yet' : capitalised(code);
export const smeLabel = (code: string | null | undefined) =>
  code == null ? 'Not known yet' : code === 'true' ? 'SME' : 'Not an SME';

/** `{ value, label }` options for a Select, from a list of codes and a label function. */
export function optionsOf(codes: readonly string[], label: (code: string) => string) {
  return codes.map((value) => ({ value, label: label(value) }));
}
