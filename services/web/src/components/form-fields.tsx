import type { ComponentChildren } from 'preact';
import { Icon } from './icon';

/**
 * ECL form fields. Every field: a label, an optional hint, its error message next to it (from the
 * API's problem+json, see page.ts fieldErrorsOf) and the value the user typed, so a refused form
 * comes back as it was sent. The element's id is the field's name unless given, which is what the
 * ErrorSummary links to.
 */
export interface FieldProps {
  name: string;
  label: string;
  id?: string;
  hint?: ComponentChildren;
  error?: string;
  required?: boolean;
  /** Show "(optional)" after the label. */
  optional?: boolean;
  /** ECL widths: s, m, l (default m). */
  width?: 's' | 'm' | 'l';
  /** A filter bar's labels can be hidden... but are not by default: visible labels help everyone. */
  labelHidden?: boolean;
}

const idOf = (p: { id?: string; name: string }) => p.id ?? p.name;
const describedBy = (id: string, hint: unknown, error: unknown) =>
  [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;

function Label({
  id,
  label,
  required,
  optional,
  hidden,
  as: Tag = 'label',
}: {
  id: string;
  label: string;
  required?: boolean;
  optional?: boolean;
  hidden?: boolean;
  as?: 'label' | 'legend';
}) {
  const classes = `ecl-form-label${hidden ? ' ecl-form-label--hidden' : ''}`;
  const content = (
    <>
      {label}
      {required && (
        <span class="ecl-form-label__required" role="note" aria-label="required">
          *
        </span>
      )}
      {optional && <span class="ecl-form-label__optional"> (optional)</span>}
    </>
  );
  return Tag === 'legend' ? (
    <legend class={classes} id={`${id}-label`}>
      {content}
    </legend>
  ) : (
    <label class={classes} for={id} id={`${id}-label`}>
      {content}
    </label>
  );
}

function HintAndError({ id, hint, error }: { id: string; hint?: ComponentChildren; error?: string }) {
  return (
    <>
      {hint && (
        <div class="ecl-help-block" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <div class="ecl-feedback-message" id={`${id}-error`}>
          <Icon name="error" size="s" class="ecl-feedback-message__icon" title="Error" />
          {error}
        </div>
      )}
    </>
  );
}

interface TextFieldProps extends FieldProps {
  value?: string | number | null;
  type?: 'text' | 'email' | 'number' | 'search' | 'url' | 'tel' | 'date';
  autocomplete?: string;
  inputMode?: 'numeric' | 'decimal' | 'text' | 'email';
  step?: string;
  min?: string;
  max?: string;
  maxLength?: number;
  placeholder?: string;
}

export function TextField(props: TextFieldProps) {
  const id = idOf(props);
  const { name, label, hint, error, required, optional, width = 'm', value, type = 'text' } = props;
  return (
    <div class="ecl-form-group lmp-field">
      <Label id={id} label={label} required={required} optional={optional} hidden={props.labelHidden} />
      <HintAndError id={id} hint={hint} error={error} />
      <input
        type={type as 'text'} // preact 11 narrows attributes by input type; each type here takes these
        id={id}
        name={name}
        class={`ecl-text-input ecl-text-input--${width}${error ? ' ecl-text-input--invalid' : ''}`}
        value={value ?? ''}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
        autoComplete={props.autocomplete}
        inputMode={props.inputMode}
        step={props.step}
        min={props.min}
        max={props.max}
        maxLength={props.maxLength}
        placeholder={props.placeholder}
      />
    </div>
  );
}

/** A calendar date: the browser's own date input (works without JS, and well on phones). */
export function DateField(props: Omit<TextFieldProps, 'type'>) {
  return <TextField {...props} type="date" width={props.width ?? 's'} hint={props.hint} />;
}

interface TextAreaProps extends FieldProps {
  value?: string | null;
  rows?: number;
  maxLength?: number;
}

export function TextArea(props: TextAreaProps) {
  const id = idOf(props);
  const { name, label, hint, error, required, optional, width = 'l', value, rows = 5 } = props;
  return (
    <div class="ecl-form-group lmp-field">
      <Label id={id} label={label} required={required} optional={optional} hidden={props.labelHidden} />
      <HintAndError id={id} hint={hint} error={error} />
      <textarea
        id={id}
        name={name}
        rows={rows}
        class={`ecl-text-area ecl-text-area--${width}${error ? ' ecl-text-area--invalid' : ''}`}
        required={required}
        maxLength={props.maxLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
        value={value ?? ''}
      />
    </div>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

interface SelectProps extends FieldProps {
  options: SelectOption[];
  value?: string | null;
  /** A first option with an empty value, e.g. "All sectors" in a filter. */
  placeholder?: string;
}

export function Select(props: SelectProps) {
  const id = idOf(props);
  const { name, label, hint, error, required, optional, width = 'm', value, options, placeholder } = props;
  return (
    <div class="ecl-form-group lmp-field">
      <Label id={id} label={label} required={required} optional={optional} hidden={props.labelHidden} />
      <HintAndError id={id} hint={hint} error={error} />
      <div
        class={`ecl-select__container ecl-select__container--${width}${error ? ' ecl-select__container--invalid' : ''}`}
      >
        <select
          id={id}
          name={name}
          class="ecl-select"
          required={required}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy(id, hint, error)}
        >
          {placeholder !== undefined && (
            <option value="" selected={!value}>
              {placeholder}
            </option>
          )}
          {options.map((option) => (
            <option value={option.value} selected={option.value === value}>
              {option.label}
            </option>
          ))}
        </select>
        <div class="ecl-select__icon">
          <Icon name="corner-arrow" size="xs" rotate={180} class="ecl-select__icon-shape" />
        </div>
      </div>
    </div>
  );
}

interface CheckboxProps {
  name: string;
  label: ComponentChildren;
  id?: string;
  value?: string;
  checked?: boolean;
  hint?: ComponentChildren;
  error?: string;
  required?: boolean;
}

/** One checkbox (a confirmation, or a yes/no filter); its value defaults to "true". */
export function Checkbox(props: CheckboxProps) {
  const id = idOf(props);
  const { name, label, value = 'true', checked, hint, error, required } = props;
  return (
    <div class="ecl-form-group lmp-field">
      <div class={`ecl-checkbox ecl-checkbox--single${error ? ' ecl-checkbox--invalid' : ''}`}>
        <input
          type="checkbox"
          id={id}
          name={name}
          value={value}
          checked={checked}
          required={required}
          class="ecl-checkbox__input"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy(id, hint, error)}
        />
        <label class="ecl-checkbox__label" for={id}>
          <span class={`ecl-checkbox__box${error ? ' ecl-checkbox__box--invalid' : ''}`}>
            <Icon name="check" size="s" class="ecl-checkbox__icon" />
          </span>
          <span class="lmp-checkbox__text">
            {label}
            {required && (
              <span class="ecl-form-label__required" role="note" aria-label="required">
                *
              </span>
            )}
          </span>
        </label>
      </div>
      <HintAndError id={id} hint={hint} error={error} />
    </div>
  );
}

interface RadioGroupProps extends FieldProps {
  options: SelectOption[];
  value?: string | null;
  /** Side by side (a yes/no choice). */
  inline?: boolean;
}

export function RadioGroup(props: RadioGroupProps) {
  const id = idOf(props);
  const { name, label, hint, error, required, optional, value, options, inline } = props;
  return (
    <fieldset
      class="ecl-form-group lmp-field"
      id={id}
      tabIndex={-1}
      aria-describedby={describedBy(id, hint, error)}
      aria-invalid={error ? 'true' : undefined}
    >
      <Label
        id={id}
        label={label}
        required={required}
        optional={optional}
        hidden={props.labelHidden}
        as="legend"
      />
      <HintAndError id={id} hint={hint} error={error} />
      {options.map((option, index) => {
        const optionId = `${id}-${index + 1}`;
        return (
          <div class={`ecl-radio${inline ? ' ecl-radio--binary' : ''}`}>
            <input
              type="radio"
              class="ecl-radio__input"
              id={optionId}
              name={name}
              value={option.value}
              checked={option.value === value}
              required={required}
            />
            <label class="ecl-radio__label" for={optionId}>
              <span class={`ecl-radio__box${error ? ' ecl-radio__box--invalid' : ''}`}>
                <span class="ecl-radio__box-inner" />
              </span>
              {option.label}
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

interface FileUploadProps extends FieldProps {
  /** e.g. ".csv,.xlsx" */
  accept?: string;
  multiple?: boolean;
}

/**
 * A file chooser. The browser's own input (ECL's styled one needs its script to show the chosen
 * file's name); the form must be `enctype="multipart/form-data"`. A file cannot be kept after a
 * refused submission (browsers forbid it), so the hint says to choose it again.
 */
export function FileUpload(props: FileUploadProps) {
  const id = idOf(props);
  const { name, label, hint, error, required, optional, accept, multiple } = props;
  return (
    <div class="ecl-form-group lmp-field">
      <Label id={id} label={label} required={required} optional={optional} hidden={props.labelHidden} />
      <HintAndError id={id} hint={hint} error={error} />
      <input
        type="file"
        id={id}
        name={name}
        accept={accept}
        multiple={multiple}
        required={required}
        class={`lmp-file-input${error ? ' lmp-file-input--invalid' : ''}`}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </div>
  );
}
