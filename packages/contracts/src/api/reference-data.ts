/** The controlled elements (MOFCOM announcements of 4 April and 9 October 2025). */
export const ELEMENTS = [
  'samarium',
  'gadolinium',
  'terbium',
  'dysprosium',
  'lutetium',
  'scandium',
  'yttrium',
  'holmium',
  'erbium',
  'thulium',
  'ytterbium',
  'europium',
] as const;

export const SECTORS = [
  'automotive',
  'aerospace',
  'defence',
  'electronics',
  'energy',
  'medical',
  'industrial_machinery',
  'chemicals',
  'research',
  'other',
] as const;

export const PRODUCT_TYPES = [
  'magnets_ndfeb',
  'magnets_smco',
  'metals_alloys',
  'oxides_compounds',
  'other',
] as const;
export const LICENCE_TYPES = ['individual', 'general'] as const;
export const LICENCE_STATUSES = ['pending', 'processing', 'granted', 'refused'] as const;
export const CUSTOMS_STATUSES = ['not_started', 'in_progress', 'cleared', 'blocked'] as const;
export const LICENCE_SOURCES = ['platform', 'eusurvey_migration'] as const;

export const EU_MEMBER_STATES = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
] as const; // prettier-ignore

export type Element = (typeof ELEMENTS)[number];
export type Sector = (typeof SECTORS)[number];
export type ProductType = (typeof PRODUCT_TYPES)[number];
export type LicenceType = (typeof LICENCE_TYPES)[number];
export type LicenceStatus = (typeof LICENCE_STATUSES)[number];
export type CustomsStatus = (typeof CUSTOMS_STATUSES)[number];
export type LicenceSource = (typeof LICENCE_SOURCES)[number];
export type MemberState = (typeof EU_MEMBER_STATES)[number];
