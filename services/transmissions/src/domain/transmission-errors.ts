import { defineProblemTypes } from '@lmp/errors';

/** This service's own error codes and how each is answered; the platform's come from @lmp/errors. */
export const transmissionProblemTypes = defineProblemTypes({
  'TRANSMISSION.BATCH_NOT_DRAFT': {
    status: 409,
    slug: 'batch-not-draft',
    title: 'Only a draft batch can be changed or cancelled',
  },
  'TRANSMISSION.BATCH_ALREADY_DISPATCHED': {
    status: 409,
    slug: 'batch-already-dispatched',
    title: 'The batch has been dispatched already',
  },
  'TRANSMISSION.BATCH_CANCELLED': {
    status: 409,
    slug: 'batch-cancelled',
    title: 'A cancelled batch cannot be dispatched',
  },
});

declare module '@lmp/errors' {
  interface ServiceErrorCodes extends Record<keyof typeof transmissionProblemTypes, true> {}
}
