import { defineProblemTypes } from '@lmp/errors';

/** This service's own error codes and how each is answered; the platform's come from @lmp/errors. */
export const messagingProblemTypes = defineProblemTypes({
  'MESSAGING.ATTACHMENT_TYPE_REFUSED': {
    status: 415,
    slug: 'attachment-type-refused',
    title: 'An attached file is not a PDF, PNG, JPEG or XLSX file',
  },
  'MESSAGING.ATTACHMENT_TOO_LARGE': {
    status: 413,
    slug: 'attachment-too-large',
    title: 'An attached file is larger than 10 MB',
  },
  'MESSAGING.UNSUBSCRIBE_TOKEN_INVALID': {
    status: 400,
    slug: 'unsubscribe-token-invalid',
    title: 'The unsubscribe link is not valid',
  },
});

declare module '@lmp/errors' {
  interface ServiceErrorCodes extends Record<keyof typeof messagingProblemTypes, true> {}
}
