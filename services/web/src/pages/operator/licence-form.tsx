import {
  CUSTOMS_STATUSES,
  ELEMENTS,
  LICENCE_STATUSES,
  LICENCE_TYPES,
  PRODUCT_TYPES,
  SECTORS,
} from '@lmp/contracts';
import { Checkbox, DateField, RadioGroup, Select, TextArea, TextField } from '../../components/form-fields';
import {
  customsStatusLabel,
  elementLabel,
  licenceTypeLabel,
  optionsOf,
  productTypeLabel,
  sectorLabel,
  statusLabel,
} from '../../components/labels';
import { formValue, formValues, type FieldErrors, type FormBody } from '../../app/page';

/** Every field's label, for the error summary ("Decision date: is required when …"). */
export const LICENCE_FIELD_LABELS: Record<string, string> = {
  licenceNumber: 'Licence number',
  licenceType: 'Type of licence',
  validFrom: 'Valid from',
  validTo: 'Valid to',
  applicationDate: 'Date filed with MOFCOM',
  exporter: 'Exporter',
  'exporter.name': "Exporter's name",
  'exporter.creditCode': "Exporter's unified social credit code",
  sector: 'Sector',
  elements: 'Controlled elements',
  productType: 'Product type',
  quantityKg: 'Quantity (kg)',
  valueEur: 'Value (EUR)',
  urgent: 'Urgent',
  urgencyReason: 'Why it is urgent',
  status: 'Status',
  decisionDate: 'Decision date',
  customsStatus: 'Customs status',
  customsNote: 'Customs note',
  mofcomCentralLevel: 'MOFCOM central level',
};

/** Field errors that name an element of a list (`elements.2`) are shown on the list. */
export function licenceErrorsOf(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, message] of Object.entries(errors)) {
    const key = field.startsWith('elements.') ? 'elements' : field;
    out[key] ??= message;
  }
  return out;
}

interface LicenceFieldsProps {
  form: FormBody;
  errors: FieldErrors;
  mode: 'register' | 'edit';
}

/** The licence's fields, for registering and editing (same names as the API's fields). */
export function LicenceFields({ form, errors, mode }: LicenceFieldsProps) {
  const v = (name: string) => formValue(form, name);
  const chosen = new Set(formValues(form, 'elements'));
  return (
    <>
      {mode === 'register' && (
        <TextField
          name="licenceNumber"
          label="Licence number"
          hint="The MOFCOM application or licence number, as your supplier gave it. Spaces and dashes do not matter."
          value={v('licenceNumber')}
          error={errors.licenceNumber}
          required
          width="l"
        />
      )}
      <RadioGroup
        name="licenceType"
        label="Type of licence"
        options={optionsOf(LICENCE_TYPES, licenceTypeLabel)}
        value={v('licenceType') || 'individual'}
        error={errors.licenceType}
        hint="Individual: one shipment (dual-use). General: a year-long licence for one customer, with its validity dates."
        required
      />
      <DateField name="validFrom" label="Valid from" value={v('validFrom')} error={errors.validFrom} optional hint="General licences only" />
      <DateField name="validTo" label="Valid to" value={v('validTo')} error={errors.validTo} optional hint="General licences only" />
      <DateField
        name="applicationDate"
        label="Date filed with MOFCOM"
        hint="The day the exporter filed the application with MOFCOM; not in the future."
        value={v('applicationDate')}
        error={errors.applicationDate}
        required
      />
      <fieldset class="ecl-form-group lmp-fieldset">
        <legend class="ecl-form-label lmp-fieldset__legend">Chinese exporter</legend>
        <TextField name="exporter.name" label="Exporter's name" value={v('exporter.name')} error={errors['exporter.name'] ?? errors.exporter} required width="l" />
        <TextField
          name="exporter.creditCode"
          label="Unified social credit code"
          hint="18 characters, when you know it"
          value={v('exporter.creditCode')}
          error={errors['exporter.creditCode']}
          optional
        />
      </fieldset>
      <Select name="sector" label="Sector" placeholder="Choose a sector" options={optionsOf(SECTORS, sectorLabel)} value={v('sector')} error={errors.sector} required />
      <fieldset
        class={`ecl-form-group lmp-fieldset${errors.elements ? ' lmp-fieldset--invalid' : ''}`}
        id="elements"
        tabIndex={-1}
        aria-describedby={errors.elements ? 'elements-error' : undefined}
      >
        <legend class="ecl-form-label lmp-fieldset__legend">
          Controlled elements
          <span class="ecl-form-label__required" role="note" aria-label="required">
            *
          </span>
        </legend>
        {errors.elements && (
          <div class="ecl-feedback-message" id="elements-error">
            {errors.elements}
          </div>
        )}
        <div class="lmp-checkbox-grid">
          {ELEMENTS.map((element) => (
            <Checkbox id={`elements-${element}`} name="elements" value={element} label={elementLabel(element)} checked={chosen.has(element)} />
          ))}
        </div>
      </fieldset>
      <Select
        name="productType"
        label="Product type"
        placeholder="Choose a product type"
        options={optionsOf(PRODUCT_TYPES, productTypeLabel)}
        value={v('productType')}
        error={errors.productType}
        required
      />
      <TextField name="quantityKg" label="Quantity (kg)" inputMode="decimal" value={v('quantityKg')} error={errors.quantityKg} required width="s" />
      <TextField name="valueEur" label="Value (EUR)" inputMode="decimal" value={v('valueEur')} error={errors.valueEur} optional width="s" />
      <Checkbox
        name="urgent"
        label="Urgent: a production stop is imminent"
        checked={v('urgent') === 'true'}
        error={errors.urgent}
        hint="Urgent requests are flagged to the Commission. Say why below."
      />
      <TextArea name="urgencyReason" label="Why it is urgent" value={v('urgencyReason')} error={errors.urgencyReason} optional />
      <StatusFields form={form} errors={errors} />
    </>
  );
}

/** What changes most often: the status with its decision date, the customs status with its note. */
export function StatusFields({ form, errors }: { form: FormBody; errors: FieldErrors }) {
  const v = (name: string) => formValue(form, name);
  return (
    <>
      <Select name="status" label="Status" options={optionsOf(LICENCE_STATUSES, statusLabel)} value={v('status') || 'pending'} error={errors.status} required hint="Every licence is pending until MOFCOM decides." />
      <DateField
        name="decisionDate"
        label="Decision date"
        hint="Required when the licence is granted or refused."
        value={v('decisionDate')}
        error={errors.decisionDate}
        optional
      />
      <Select
        name="customsStatus"
        label="Customs status"
        options={optionsOf(CUSTOMS_STATUSES, customsStatusLabel)}
        value={v('customsStatus') || 'not_started'}
        error={errors.customsStatus}
        required
      />
      <TextArea name="customsNote" label="Customs note" hint="Required when the goods are blocked at customs." value={v('customsNote')} error={errors.customsNote} optional />
    </>
  );
}
