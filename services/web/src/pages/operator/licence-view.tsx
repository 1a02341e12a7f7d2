import type { HistoryEntry, LicenceDetail } from '@lmp/contracts';
import { DescriptionList } from '../../components/description-list';
import { formatDate, formatDecimal, formatInstant } from '../../components/format';
import {
  customsStatusLabel,
  elementLabel,
  licenceTypeLabel,
  productTypeLabel,
  sectorLabel,
  statusLabel,
} from '../../components/labels';
import { StatusTag, UrgentTag } from '../../components/status-tag';
import { Timeline } from '../../components/timeline';
import { LICENCE_FIELD_LABELS } from './licence-form';

/** All fields of a licence, as read-only text. */
export function LicenceSummary({ licence }: { licence: LicenceDetail }) {
  return (
    <DescriptionList
      items={[
        { term: 'Licence number', definition: licence.licenceNumber },
        { term: 'Status', definition: <StatusTag status={licence.status} /> },
        { term: 'Decision date', definition: formatDate(licence.decisionDate) },
        { term: 'Customs status', definition: <StatusTag status={licence.customsStatus} kind="customs" /> },
        ...(licence.customsNote ? [{ term: 'Customs note', definition: licence.customsNote }] : []),
        { term: 'Type of licence', definition: licenceTypeLabel(licence.licenceType) },
        ...(licence.licenceType === 'general'
          ? [{ term: 'Valid', definition: `${formatDate(licence.validFrom)} to ${formatDate(licence.validTo)}` }]
          : []),
        { term: 'Filed with MOFCOM', definition: formatDate(licence.applicationDate) },
        {
          term: 'Exporter',
          definition: licence.exporter.creditCode
            ? `${licence.exporter.name} (${licence.exporter.creditCode})`
            : licence.exporter.name,
        },
        { term: 'Sector', definition: sectorLabel(licence.sector) },
        { term: 'Controlled elements', definition: licence.elements.map(elementLabel).join(', ') },
        { term: 'Product type', definition: productTypeLabel(licence.productType) },
        { term: 'Quantity', definition: `${formatDecimal(licence.quantityKg)} kg` },
        { term: 'Value', definition: licence.valueEur == null ? 'Not given' : `EUR ${formatDecimal(licence.valueEur)}` },
        {
          term: 'Urgent',
          definition: licence.urgent ? (
            <>
              <UrgentTag /> {licence.urgencyReason}
            </>
          ) : (
            'No'
          ),
        },
        { term: 'Reached MOFCOM central level', definition: licence.mofcomCentralLevel ? 'Yes, confirmed' : 'No' },
        { term: 'Registered', definition: formatInstant(licence.submittedAt) },
        { term: 'Last update', definition: formatInstant(licence.updatedAt) },
        ...(licence.source === 'eusurvey_migration'
          ? [{ term: 'Source', definition: 'Migrated from the EU Survey questionnaire: check it is right' }]
          : []),
      ]}
    />
  );
}

/** "Transmitted 2 times: 1 Dec 2025, 15 Dec 2025" (or "not transmitted yet"). */
export function TransmissionsLine({ transmissions }: { transmissions: LicenceDetail['transmissions'] }) {
  if (!transmissions || transmissions.count === 0) {
    return <p class="ecl-u-type-paragraph">Not transmitted to MOFCOM yet.</p>;
  }
  const times = transmissions.count === 1 ? 'once' : `${transmissions.count} times`;
  return (
    <p class="ecl-u-type-paragraph" data-transmissions={transmissions.count}>
      Transmitted to MOFCOM {times}: {transmissions.dates.map((d) => formatDate(d)).join(', ')}.
    </p>
  );
}

const shown = (field: string, value: unknown): string => {
  if (value === null || value === undefined || value === '') return 'empty';
  if (field === 'status') return statusLabel(String(value));
  if (field === 'customsStatus') return customsStatusLabel(String(value));
  if (field === 'sector') return sectorLabel(String(value));
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return Object.values(value as object).filter(Boolean).join(', ');
  return String(value);
};

/** The licence's history as a timeline, oldest first: who changed what, from what to what. */
export function HistoryTimeline({ entries }: { entries: HistoryEntry[] }) {
  return (
    <Timeline
      label="History of the licence"
      items={entries.map((entry, index) => {
        const changes = Object.entries(entry.changes);
        return {
          label: formatInstant(entry.at),
          dateTime: entry.at,
          title: index === 0 ? `Registered by ${entry.actor.name}` : `Changed by ${entry.actor.name}`,
          content:
            index === 0 && changes.length > 6 ? undefined : (
              <ul class="ecl-unordered-list lmp-history__changes">
                {changes.map(([field, change]) => (
                  <li class="ecl-unordered-list__item">
                    {LICENCE_FIELD_LABELS[field] ?? field}: {shown(field, change.from)} → {shown(field, change.to)}
                  </li>
                ))}
              </ul>
            ),
        };
      })}
    />
  );
}
