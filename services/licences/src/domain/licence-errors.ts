import { defineProblemTypes } from '@lmp/errors';

/** This service's own error codes and how each is answered; the platform's come from @lmp/errors. */
export const licenceProblemTypes = defineProblemTypes({
  'LICENCE.DUPLICATE_NUMBER': {
    status: 409,
    slug: 'duplicate-licence',
    title: 'This licence number is already registered',
  },
  'COMPANY.EORI_TAKEN': {
    status: 409,
    slug: 'duplicate-eori',
    title: 'This EORI number is already registered',
  },
  // Colleagues (issue 11)
  'COMPANY.ADMIN_REQUIRED': {
    status: 403,
    slug: 'company-admin-required',
    title: "Only your company's admins can do this",
  },
  'COMPANY.LAST_ADMIN': {
    status: 409,
    slug: 'last-company-admin',
    title: 'A company keeps at least one admin',
  },
  'COMPANY.ADDRESS_IN_COMPANY': {
    status: 409,
    slug: 'address-in-company',
    title: 'This address already belongs to a company',
  },
  'COMPANY.ALREADY_INVITED': {
    status: 409,
    slug: 'already-invited',
    title: 'This address has an open invitation already',
  },
  'INVITATION.NOT_OPEN': {
    status: 409,
    slug: 'invitation-not-open',
    title: 'This invitation was accepted already',
  },
  // Claims (issue 11)
  'CLAIM.NOT_REGISTERED': {
    status: 422,
    slug: 'claim-not-registered',
    title: 'No licence with this number is registered',
  },
  'CLAIM.OWN_LICENCE': {
    status: 409,
    slug: 'claim-own-licence',
    title: 'Your company holds this licence already',
  },
  'CLAIM.ALREADY_OPEN': {
    status: 409,
    slug: 'claim-already-open',
    title: 'Your company has an open claim on this number already',
  },
  'CLAIM.HOLDER_CHANGED': {
    status: 409,
    slug: 'claim-holder-changed',
    title: 'The licence changed hands since the claim was filed',
  },
  'CLAIM.DECIDED': {
    status: 409,
    slug: 'claim-decided',
    title: 'This claim has been decided already',
  },
});

declare module '@lmp/errors' {
  interface ServiceErrorCodes extends Record<keyof typeof licenceProblemTypes, true> {}
}
