import type { ComponentChildren } from 'preact';

export interface KeyFigure {
  /** Stable name for tests and styling, e.g. "total". */
  key: string;
  /** The number as shown (already formatted). */
  value: string;
  title: string;
  description?: ComponentChildren;
}

interface KeyFiguresProps {
  figures: KeyFigure[];
  columns?: 2 | 3 | 4;
  /** Heading for the group (visually hidden when the page already says it). */
  label: string;
}

/**
 * ECL "fact figures": the dashboard's summary numbers. Each figure is a term (its title) and a
 * value, so a screen reader reads "Pending, 12" in that order while the value shows first.
 */
export function KeyFigures({ figures, columns = 4, label }: KeyFiguresProps) {
  return (
    <section
      class={`ecl-fact-figures ecl-fact-figures--col-${columns} ecl-fact-figures--font-m lmp-key-figures`}
      aria-label={label}
    >
      <dl class="ecl-fact-figures__items">
        {figures.map((figure) => (
          <div class="ecl-fact-figures__item" data-figure={figure.key}>
            <dt class="ecl-fact-figures__title">{figure.title}</dt>
            {/* Shown above its title by web.css (flex order): the number first, as ECL draws it. */}
            <dd class="ecl-fact-figures__value">{figure.value}</dd>
            {figure.description && <dd class="ecl-fact-figures__description">{figure.description}</dd>}
          </div>
        ))}
      </dl>
    </section>
  );
}
