/** `mofcom-batch-0007.csv`: the name of a batch's file, downloaded or attached to the e-mail. */
export function batchFileName(runNumber: number, format: 'csv' | 'xlsx'): string {
  return `mofcom-batch-${String(runNumber).padStart(4, '0')}.${format}`;
}
