import { z } from 'zod';
import { EU_MEMBER_STATES, SECTORS } from '../api/reference-data';
import { envelopeOf } from './envelope';

const ZCompanyData = z.object({
  companyId: z.uuid(),
  name: z.string(),
  eori: z.string(),
  country: z.string(),
  memberState: z.enum(EU_MEMBER_STATES),
  sme: z.boolean(),
  sector: z.enum(SECTORS),
});

export const ZCompanyRegistered = envelopeOf('CompanyRegistered', 1, ZCompanyData);
export const ZCompanyUpdated = envelopeOf('CompanyUpdated', 1, ZCompanyData);
export type CompanyRegistered = z.infer<typeof ZCompanyRegistered>;
export type CompanyUpdated = z.infer<typeof ZCompanyUpdated>;
