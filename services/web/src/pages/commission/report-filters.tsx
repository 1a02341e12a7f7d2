import type { ComponentChildren } from 'preact';
import { ELEMENTS, EU_MEMBER_STATES, LICENCE_TYPES, SECTORS } from '@lmp/contracts';
import { LinkButton, Button } from '../../components/button';
import { DateField, Select } from '../../components/form-fields';
import {
  elementLabel,
  licenceTypeLabel,
  memberStateLabel,
  optionsOf,
  sectorLabel,
} from '../../components/labels';
import type { FieldErrors } from '../../app/page';
import { pick } from './hrefs';

/** The filters every report takes (report.schema.ts REPORT_FILTERS), in the form's order. */
export const REPORT_FILTER_KEYS = [
  'from',
  'to',
  'sector',
  'memberState',
  'element',
  'licenceType',
  'urgent',
  'sme',
] as const;
export type ReportFilters = Partial<Record<(typeof REPORT_FILTER_KEYS)[number], string>>;

export const REPORT_FILTER_LABELS: Record<string, string> = {
  from: 'Submitted from',
  to: 'Submitted to',
  sector: 'Sector',
  memberState: 'Member state',
  element: 'Element',
  licenceType: 'Licence type',
  urgent: 'Urgent',
  sme: 'SME',
};

export const readReportFilters = (query: Record<string, string | undefined>): ReportFilters =>
  pick(query, REPORT_FILTER_KEYS);

/**
 * The same filters for GET /licences, which knows sector, type, urgency and the submission dates
 * (not member state, element or SME: those lists say so).
 */
export function licenceQueryOf(filters: ReportFilters): Record<string, string | undefined> {
  return {
    sector: filters.sector,
    licenceType: filters.licenceType,
    urgent: filters.urgent,
    submittedFrom: filters.from,
    submittedTo: filters.to,
  };
}

const yesNo = [
  { value: 'true', label: 'Yes' },
  { value: 'false', label: 'No' },
];

interface ReportFilterFormProps {
  action: string;
  filters: ReportFilters;
  errors?: FieldErrors;
  submitLabel?: string;
  /** "Clear the filters" goes here (default: the form's action). */
  clearHref?: string;
  /** More fields after the filters (e.g. the export's format). */
  children?: ComponentChildren;
}

/** A GET form: the filters are in the URL, so a filtered dashboard can be bookmarked and shared. */
export function ReportFilterForm({
  action,
  filters,
  errors = {},
  submitLabel = 'Apply filters',
  clearHref,
  children,
}: ReportFilterFormProps) {
  return (
    <form method="get" action={action} class="lmp-filters" aria-label="Filters">
      <div class="lmp-filters__fields">
        <DateField
          name="from"
          label={REPORT_FILTER_LABELS.from!}
          value={filters.from}
          error={errors.from}
          width="m"
        />
        <DateField
          name="to"
          label={REPORT_FILTER_LABELS.to!}
          value={filters.to}
          error={errors.to}
          width="m"
        />
        <Select
          name="sector"
          label="Sector"
          placeholder="All sectors"
          value={filters.sector}
          options={optionsOf(SECTORS, sectorLabel)}
          error={errors.sector}
        />
        <Select
          name="memberState"
          label="Member state"
          placeholder="All member states"
          value={filters.memberState}
          options={optionsOf(EU_MEMBER_STATES, memberStateLabel).sort((a, b) =>
            a.label.localeCompare(b.label),
          )}
          error={errors.memberState}
        />
        <Select
          name="element"
          label="Element"
          placeholder="All elements"
          value={filters.element}
          options={optionsOf(ELEMENTS, elementLabel)}
          error={errors.element}
        />
        <Select
          name="licenceType"
          label="Licence type"
          placeholder="Both types"
          value={filters.licenceType}
          options={optionsOf(LICENCE_TYPES, licenceTypeLabel)}
          error={errors.licenceType}
        />
        <Select
          name="urgent"
          label="Urgent"
          placeholder="Urgent or not"
          value={filters.urgent}
          options={yesNo}
          error={errors.urgent}
        />
        <Select
          name="sme"
          label="SME"
          placeholder="SMEs and others"
          value={filters.sme}
          options={yesNo}
          error={errors.sme}
        />
      </div>
      {children && <div class="lmp-filters__more">{children}</div>}
      <div class="lmp-filters__actions">
        <Button variant="primary">{submitLabel}</Button>
        <LinkButton href={clearHref ?? action} variant="ghost">
          Clear the filters
        </LinkButton>
      </div>
    </form>
  );
}
