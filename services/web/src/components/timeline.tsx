import type { ComponentChildren } from 'preact';

export interface TimelineItem {
  /** The date or time, already formatted. */
  label: string;
  title: string;
  content?: ComponentChildren;
  /** Machine-readable instant for the `<time>` element. */
  dateTime?: string;
}

interface TimelineProps {
  items: TimelineItem[];
  /** For the list's accessible name, e.g. "History of the licence". */
  label: string;
}

/** ECL timeline: a licence's history, oldest first. No "show more" (needs JS): every item shows. */
export function Timeline({ items, label }: TimelineProps) {
  return (
    <ol class="ecl-timeline lmp-timeline" aria-label={label}>
      {items.map((item) => (
        <li class="ecl-timeline__item">
          <div class="ecl-timeline__label">
            {item.dateTime ? <time dateTime={item.dateTime}>{item.label}</time> : item.label}
          </div>
          <div class="ecl-timeline__title">{item.title}</div>
          {item.content && <div class="ecl-timeline__content">{item.content}</div>}
        </li>
      ))}
    </ol>
  );
}
