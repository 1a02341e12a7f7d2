import type { EligibilityCriteria } from './batch.types';

/** An urgent batch leaves out what MOFCOM received less than this long ago. */
export const URGENT_RESEND_AFTER_DAYS = 7;

/**
 * Which licences a batch takes. Every licence still pending or processing and submitted by the
 * cut-off, also those sent before (they are sent again, and their count goes up); granted and
 * refused ones never. An urgent batch takes only the urgent ones not sent in the last 7 days.
 */
export function eligibilityFor({
  cutOff,
  urgentOnly,
}: {
  cutOff: Date;
  urgentOnly: boolean;
}): EligibilityCriteria {
  if (!urgentOnly) return { cutOff, urgentOnly };
  const notTransmittedSince = new Date(cutOff.getTime() - URGENT_RESEND_AFTER_DAYS * 86_400_000);
  return { cutOff, urgentOnly, notTransmittedSince };
}
