import type { Changes } from './licence.types';

/**
 * What the history and LicenceUpdated record when a migrated licence's "check this migrated
 * licence" flag clears: on its review (POST /licences/:id/review) or on any edit.
 */
export const REVIEW_CLEARED: Changes = { reviewRequired: { from: true, to: false } };
