import type { ComponentChildren } from 'preact';

interface PageHeaderProps {
  title: string;
  /** A short line above the title (for example the area: "Commission"). */
  meta?: string;
  description?: ComponentChildren;
  /** Buttons or links beside the description (for example "Build a batch now"). */
  actions?: ComponentChildren;
}

/** ECL page header: the page's one h1. */
export function PageHeader({ title, meta, description, actions }: PageHeaderProps) {
  return (
    <div class="ecl-page-header lmp-page-header">
      <div class="ecl-page-header__info">
        {meta && (
          <ul class="ecl-page-header__meta">
            <li class="ecl-page-header__meta-item">{meta}</li>
          </ul>
        )}
        <h1 class="ecl-page-header__title">{title}</h1>
      </div>
      {(description || actions) && (
        <div class="ecl-page-header__description-container lmp-page-header__description">
          {description && <p class="ecl-page-header__description">{description}</p>}
          {actions && <div class="lmp-page-header__actions">{actions}</div>}
        </div>
      )}
    </div>
  );
}
