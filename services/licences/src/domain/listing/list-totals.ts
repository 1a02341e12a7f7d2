/**
 * Up to this many matches a list's total is exact; beyond, the planner's estimate
 * (`totalExact: false`). The default of LIST_EXACT_TOTAL_CAP; shared by every list.
 */
export const EXACT_TOTAL_CAP = 10_000;
