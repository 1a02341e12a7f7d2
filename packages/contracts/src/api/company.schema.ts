import { z } from 'zod';
import { text } from './fields';
import { COMPANY_ROLES } from '../events/membership.events';
import { EU_MEMBER_STATES, SECTORS } from './reference-data';

/** PUT /me/company */
export const ZCompanyInput = z.strictObject({
  name: text().trim().min(2, 'must have at least 2 characters').max(200),
  eori: z
    .string()
    .trim()
    .toUpperCase()
    .regex(
      /^[A-Z]{2}[A-Z0-9]{1,15}$/,
      'must be an EORI number: two-letter country code and up to 15 letters or digits',
    ),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 two-letter country code'),
  memberState: z.enum(EU_MEMBER_STATES, { error: 'must be an EU member state code (e.g. DE, FR)' }),
  sme: z.boolean({ error: 'must be true or false' }),
  sector: z.enum(SECTORS),
});
export type CompanyInput = z.infer<typeof ZCompanyInput>;

export const ZCompany = ZCompanyInput.extend({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Company = z.infer<typeof ZCompany>;

export const ZMe = z.object({
  user: z.object({ id: z.uuid(), email: z.email(), name: z.string() }),
  role: z.enum(['operator', 'commission']),
  company: ZCompany.nullable(),
  /** The caller's role in `company` (its first user is its admin); null without a company. */
  companyRole: z.enum(COMPANY_ROLES).nullable(),
});
export type Me = z.infer<typeof ZMe>;
