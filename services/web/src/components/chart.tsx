import type { EChartsOption } from 'echarts';
import { CHART_COLOURS, renderChartSvg } from './chart-svg';
import { formatCount } from './format';

export interface ChartSeries {
  name: string;
  values: (number | null)[];
  /** bar (default) or line. */
  type?: 'bar' | 'line';
  /** Series with the same stack are drawn on top of each other. */
  stack?: string;
}

export interface ChartProps {
  /** Unique on the page: the figure's id, and the table's. */
  id: string;
  caption: string;
  /** The first column's header in the table alternative, e.g. "Month" or "Sector". */
  categoryLabel: string;
  categories: string[];
  series: ChartSeries[];
  /** horizontal: categories down the side (long names: sectors, member states). */
  orientation?: 'vertical' | 'horizontal';
  width?: number;
  height?: number;
  format?: (value: number | null) => string;
  /** Shown instead of the chart when there is nothing to draw. */
  empty?: string;
}

/**
 * A chart drawn on the server (ECharts → SVG, see chart-svg.ts) inside a figure with its caption,
 * and the same numbers as a table: screen readers are told the table follows, and everyone can
 * open it (a `<details>`, no script).
 */
export function Chart(props: ChartProps) {
  const {
    id,
    caption,
    categoryLabel,
    categories,
    series,
    format = formatCount,
    empty = 'No licences match these filters.',
  } = props;
  const hasData = categories.length > 0 && series.some((s) => s.values.some((v) => v !== null && v !== 0));
  return (
    <figure class="lmp-chart" id={id}>
      <figcaption class="lmp-chart__caption">{caption}</figcaption>
      {hasData ? (
        <div
          class="lmp-chart__image"
          role="img"
          aria-label={`${caption}. The figures are in the table that follows.`}
        >
          {/* ECharts' own SVG output (text escaped by ECharts), not HTML built from strings; drawn
              twice, for wide and for narrow screens, so that its text stays readable on a phone. */}
          <div
            class="lmp-chart__wide"
            dangerouslySetInnerHTML={{
              __html: renderChartSvg(chartOption(props, 'wide'), sizeOf(props, 'wide')),
            }}
          />
          <div
            class="lmp-chart__narrow"
            dangerouslySetInnerHTML={{
              __html: renderChartSvg(chartOption(props, 'narrow'), sizeOf(props, 'narrow')),
            }}
          />
        </div>
      ) : (
        <p class="lmp-chart__empty">{empty}</p>
      )}
      {hasData && (
        <details class="lmp-chart__data">
          <summary class="lmp-chart__toggle">Show the figures as a table</summary>
          <div class="ecl-table-responsive">
            <table class="ecl-table ecl-table--zebra ecl-table--simple lmp-table" id={`${id}-table`}>
              <caption class="ecl-u-sr-only">{caption}</caption>
              <thead class="ecl-table__head">
                <tr class="ecl-table__row">
                  <th scope="col" class="ecl-table__header">
                    {categoryLabel}
                  </th>
                  {series.map((s) => (
                    <th scope="col" class="ecl-table__header lmp-table__numeric">
                      {s.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody class="ecl-table__body">
                {categories.map((category, row) => (
                  <tr class="ecl-table__row">
                    <th scope="row" class="ecl-table__cell lmp-table__row-header">
                      {category}
                    </th>
                    {series.map((s) => (
                      <td class="ecl-table__cell lmp-table__numeric">{format(s.values[row] ?? null)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </figure>
  );
}

type Layout = 'wide' | 'narrow';

function sizeOf({ orientation = 'vertical', categories, width, height }: ChartProps, layout: Layout) {
  if (layout === 'narrow') {
    const computed = orientation === 'horizontal' ? 110 + categories.length * 34 : 300;
    return { width: 360, height: Math.max(computed, 200) };
  }
  const computed = orientation === 'horizontal' ? 90 + categories.length * 30 : 340;
  return { width: width ?? 760, height: height ?? Math.max(computed, 200) };
}

function chartOption(
  { categories, series, orientation = 'vertical' }: ChartProps,
  layout: Layout,
): EChartsOption {
  const narrow = layout === 'narrow';
  const categoryAxis = {
    type: 'category' as const,
    data: categories,
    inverse: orientation === 'horizontal', // first row at the top, as in the table
    axisLabel: {
      color: '#26324b',
      fontSize: narrow ? 12 : 13,
      interval: orientation === 'horizontal' ? 0 : 'auto',
      hideOverlap: true,
      width: narrow ? 110 : 180,
      overflow: 'truncate' as const,
    },
    axisLine: { lineStyle: { color: '#546fa6' } },
  };
  const valueAxis = {
    type: 'value' as const,
    minInterval: 1,
    axisLabel: { color: '#26324b', fontSize: 12 },
    splitLine: { lineStyle: { color: '#cfd5e2' } },
  };
  const horizontal = orientation === 'horizontal';
  return {
    color: CHART_COLOURS,
    textStyle: { fontFamily: 'Arial, sans-serif' },
    tooltip: { show: false },
    legend: {
      bottom: 0,
      textStyle: { color: '#26324b', fontSize: narrow ? 12 : 13 },
      itemGap: narrow ? 10 : 16,
      itemWidth: narrow ? 18 : 25,
    },
    grid: { left: 8, right: narrow ? 12 : 24, top: 16, bottom: narrow ? 56 : 40, containLabel: true },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: series.map((s) => ({
      name: s.name,
      type: s.type ?? 'bar',
      data: s.values,
      stack: s.stack,
      barMaxWidth: 28,
      emphasis: { disabled: true },
      ...(s.type === 'line' && { symbolSize: 6, lineStyle: { width: 2 } }),
    })),
  } as EChartsOption;
}
