import { Icon } from './icon';

interface ErrorSummaryProps {
  /** Field name → message (page.ts `fieldErrorsOf`); the order is the form's. */
  errors: Record<string, string>;
  /** Field name → its label, so the summary reads "Licence number: is required". */
  labels?: Record<string, string>;
  /** Field name → the element's id when it is not the name. */
  ids?: Record<string, string>;
  title?: string;
  /** A problem's detail that names no field (e.g. a 409 duplicate). */
  detail?: string;
}

/**
 * The error summary at the top of a refused form (the GOV.UK / ECL pattern): each message links
 * to its field. Rendered only when there is something to say.
 */
export function ErrorSummary({
  errors,
  labels = {},
  ids = {},
  title = 'There is a problem',
  detail,
}: ErrorSummaryProps) {
  const entries = Object.entries(errors);
  if (entries.length === 0 && !detail) return null;
  return (
    <div
      class="ecl-notification ecl-notification--error lmp-error-summary"
      role="alert"
      aria-labelledby="error-summary-title"
      tabIndex={-1}
      id="error-summary"
    >
      <Icon name="error" size="l" class="ecl-notification__icon" title="Error" />
      <div class="ecl-notification__content">
        <h2 class="ecl-notification__title" id="error-summary-title">
          {title}
        </h2>
        <div class="ecl-notification__description">
          {detail && <p class="ecl-u-mv-none">{detail}</p>}
          {entries.length > 0 && (
            <ul class="lmp-error-summary__list">
              {entries.map(([field, message]) => (
                <li>
                  <a class="ecl-link" href={`#${ids[field] ?? field}`}>
                    {labels[field] ? `${labels[field]}: ${message}` : `${field}: ${message}`}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}
