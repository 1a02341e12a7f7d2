import type { HistoryRecord } from './licence.types';

/** The history field of a transfer entry: `{ transferredByClaim: { from: null, to: claimId } }`. */
export const TRANSFER_CHANGE = 'transferredByClaim';

/** Who the company that holds a licence now sees as the author of its earlier holders' changes. */
export const PREVIOUS_HOLDER = { id: '', name: 'Previous holder' } as const;

/**
 * A licence's history as its company sees it: entries from before its latest transfer were made
 * by another company's people, whom the new holder is not told of (a claimant never learns who
 * held the number). The transfer entry itself names the Commission analyst who decided.
 */
export function historyForHolder(history: HistoryRecord[]): HistoryRecord[] {
  const lastTransfer = history.findLastIndex((entry) => TRANSFER_CHANGE in entry.changes);
  if (lastTransfer < 0) return history;
  return history.map((entry, i) => (i < lastTransfer ? { ...entry, actor: { ...PREVIOUS_HOLDER } } : entry));
}
