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
});

declare module '@lmp/errors' {
  interface ServiceErrorCodes extends Record<keyof typeof licenceProblemTypes, true> {}
}
