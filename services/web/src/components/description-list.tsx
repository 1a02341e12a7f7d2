import type { ComponentChildren } from 'preact';

export interface DescriptionItem {
  term: string;
  definition: ComponentChildren;
}

interface DescriptionListProps {
  items: DescriptionItem[];
  /** Terms beside their definitions (wide screens); stacked otherwise. */
  horizontal?: boolean;
}

/** ECL description list: a record's fields. */
export function DescriptionList({ items, horizontal = true }: DescriptionListProps) {
  return (
    <dl class={`ecl-description-list${horizontal ? ' ecl-description-list--horizontal' : ''}`}>
      {items.map((item) => (
        <>
          <dt class="ecl-description-list__term">{item.term}</dt>
          <dd class="ecl-description-list__definition">{item.definition}</dd>
        </>
      ))}
    </dl>
  );
}
