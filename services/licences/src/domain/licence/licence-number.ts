/** The platform's one rule for the uniqueness key of a licence number lives in @lmp/contracts. */
export { LICENCE_NUMBER_KEY_VERSION, normaliseLicenceNumber } from '@lmp/contracts';
