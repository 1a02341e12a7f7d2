import { Icon } from './icon';

interface PaginationProps {
  /** The link to the next page (the API's `nextCursor` in the URL), or null on the last page. */
  nextHref: string | null;
  /** Back: the first page, or the previous cursor the page kept. */
  previousHref?: string | null;
  /** "Showing 50 of 1,234 licences", when the total is known. */
  summary?: string;
  /** A cursor list can only go back to its start: "First page". */
  previousLabel?: string;
}

/**
 * ECL pagination for cursor lists: there are no page numbers, only "previous" and "next". Not
 * rendered when there is nowhere to go and nothing to say.
 */
export function Pagination({ nextHref, previousHref, summary, previousLabel = 'Previous' }: PaginationProps) {
  if (!nextHref && !previousHref && !summary) return null;
  return (
    <nav class="ecl-pagination lmp-pagination" aria-label="Pagination">
      <ul class="ecl-pagination__list">
        {previousHref && (
          <li class="ecl-pagination__item ecl-pagination__item--previous">
            <a
              class="ecl-link ecl-link--standalone ecl-link--icon ecl-pagination__link"
              href={previousHref}
              rel="prev"
            >
              <Icon name="corner-arrow" size="xs" rotate={270} class="ecl-link__icon" />
              <span class="ecl-link__label">{previousLabel}</span>
            </a>
          </li>
        )}
        {summary && (
          <li class="ecl-pagination__item lmp-pagination__summary" aria-live="polite">
            {summary}
          </li>
        )}
        {nextHref && (
          <li class="ecl-pagination__item ecl-pagination__item--next">
            <a
              class="ecl-link ecl-link--standalone ecl-link--icon ecl-pagination__link"
              href={nextHref}
              rel="next"
            >
              <span class="ecl-link__label">Next</span>
              <Icon name="corner-arrow" size="xs" rotate={90} class="ecl-link__icon" />
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}
