import { batchStatusLabel, customsStatusLabel, statusLabel } from './labels';

/**
 * ECL label for a status. Variants chosen so that each status differs in more than colour (the
 * word is always there): highlight (dark) for decided refusals, medium (blue) for granted, high
 * (yellow) for what needs attention, low (outlined) for what waits.
 */
const VARIANT: Record<string, 'low' | 'medium' | 'high' | 'highlight'> = {
  // licence status
  pending: 'low',
  processing: 'high',
  granted: 'medium',
  refused: 'highlight',
  // customs status
  not_started: 'low',
  in_progress: 'high',
  cleared: 'medium',
  blocked: 'highlight',
  // batch status
  draft: 'low',
  dispatching: 'high',
  dispatched: 'medium',
  failed: 'highlight',
  cancelled: 'low',
};

type Kind = 'licence' | 'customs' | 'batch';
const LABEL: Record<Kind, (code: string) => string> = {
  licence: statusLabel,
  customs: customsStatusLabel,
  batch: batchStatusLabel,
};

interface StatusTagProps {
  status: string;
  kind?: Kind;
}

export function StatusTag({ status, kind = 'licence' }: StatusTagProps) {
  return (
    <span class={`ecl-label ecl-label--${VARIANT[status] ?? 'low'} lmp-status`} data-status={status}>
      {LABEL[kind](status)}
    </span>
  );
}

/** The "Urgent" flag beside a licence. */
export function UrgentTag() {
  return <span class="ecl-label ecl-label--high lmp-status">Urgent</span>;
}
