import { defineProblemTypes } from '@lmp/errors';

/** This service's own error codes; the pages show them as HTML (status-pages.tsx). */
export const webProblemTypes = defineProblemTypes({
  'WEB.SIGN_IN_FAILED': { status: 400, slug: 'sign-in-failed', title: 'The sign-in could not be completed' },
});

declare module '@lmp/errors' {
  interface ServiceErrorCodes extends Record<keyof typeof webProblemTypes, true> {}
}
