import type { ComponentChildren } from 'preact';
import { Icon } from './icon';

export interface Column<Row> {
  key: string;
  header: string;
  cell: (row: Row) => ComponentChildren;
  /** Right-aligned figures. */
  numeric?: boolean;
  /** The `sort` values this column offers (e.g. `submittedAt` and `-submittedAt`). */
  sort?: { ascending?: string; descending?: string };
  /** The cell is the row's header (th scope=row), e.g. the licence number. */
  rowHeader?: boolean;
}

export interface TableSort {
  /** The sort in force (a column's ascending or descending value). */
  current?: string;
  /** The page's URL with another sort (keeping the filters, dropping the cursor). */
  href: (sort: string) => string;
}

interface TableProps<Row> {
  caption: string;
  /** The caption for screen readers only, when a heading above already says it. */
  captionHidden?: boolean;
  columns: Column<Row>[];
  rows: Row[];
  rowKey?: (row: Row) => string;
  sort?: TableSort;
  /** Shown in place of the body when there are no rows. */
  empty?: string;
  zebra?: boolean;
  /** Keep the table's own layout on narrow screens (ECL otherwise stacks each row as a card). */
  simple?: boolean;
}

type Order = 'ascending' | 'descending' | undefined;

function orderOf(column: Column<unknown>, current?: string): Order {
  if (!column.sort || !current) return undefined;
  if (current === column.sort.ascending) return 'ascending';
  if (current === column.sort.descending) return 'descending';
  return undefined;
}

/** The sort a click on the header asks for: the other direction of the current one, descending first. */
function nextSort(column: Column<unknown>, order: Order): string | undefined {
  const { ascending, descending } = column.sort ?? {};
  if (order === 'descending') return ascending ?? descending;
  if (order === 'ascending') return descending ?? ascending;
  return descending ?? ascending;
}

/**
 * ECL table with a caption, optional sortable headers (plain links: sorting is a GET, no JS) and,
 * on narrow screens, ECL's stacked rows labelled by `data-ecl-table-header`. Each cell's content
 * is one block (`lmp-table__value`) so that in a stacked row it takes the room beside the header
 * and wraps (long exporter names, several labels) instead of running off the screen.
 */
export function Table<Row>({
  caption,
  captionHidden,
  columns,
  rows,
  rowKey,
  sort,
  empty = 'Nothing to show.',
  zebra = true,
  simple = false,
}: TableProps<Row>) {
  const classes = ['ecl-table', zebra && 'ecl-table--zebra', simple && 'ecl-table--simple', 'lmp-table']
    .filter(Boolean)
    .join(' ');
  return (
    <div class="ecl-table-responsive lmp-table-responsive">
      <table class={classes}>
        <caption class={`ecl-table__caption lmp-table__caption${captionHidden ? ' ecl-u-sr-only' : ''}`}>
          {caption}
        </caption>
        <thead class="ecl-table__head">
          <tr class="ecl-table__row">
            {columns.map((column) => {
              const order = orderOf(column as Column<unknown>, sort?.current);
              const target = sort && nextSort(column as Column<unknown>, order);
              return (
                <th
                  scope="col"
                  class={`ecl-table__header${column.numeric ? ' lmp-table__numeric' : ''}`}
                  aria-sort={column.sort && sort ? (order ?? 'none') : undefined}
                >
                  {sort && target ? (
                    <a class="ecl-link ecl-link--standalone lmp-table__sort" href={sort.href(target)}>
                      {column.header}
                      <span class="ecl-u-sr-only">
                        {order
                          ? `, sorted ${order}; select to sort ${order === 'ascending' ? 'descending' : 'ascending'}`
                          : ', select to sort'}
                      </span>
                      <Icon
                        name="corner-arrow"
                        size="xs"
                        rotate={order === 'ascending' ? undefined : 180}
                        class={`lmp-table__sort-icon${order ? '' : ' lmp-table__sort-icon--idle'}`}
                      />
                    </a>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody class="ecl-table__body">
          {rows.length === 0 ? (
            <tr class="ecl-table__row">
              <td class="ecl-table__cell lmp-table__empty" colSpan={columns.length}>
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row, index) => (
              <tr class="ecl-table__row" key={rowKey ? rowKey(row) : index}>
                {columns.map((column) => {
                  const cellClass = `ecl-table__cell${column.numeric ? ' lmp-table__numeric' : ''}`;
                  return column.rowHeader ? (
                    <th
                      scope="row"
                      class={`${cellClass} lmp-table__row-header`}
                      data-ecl-table-header={column.header}
                    >
                      <div class="lmp-table__value">{column.cell(row)}</div>
                    </th>
                  ) : (
                    <td class={cellClass} data-ecl-table-header={column.header}>
                      <div class="lmp-table__value">{column.cell(row)}</div>
                    </td>
                  );
                })}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
