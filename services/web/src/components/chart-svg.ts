import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';

/**
 * ECharts on the server: the chart is drawn to an SVG string (no browser, no script), which the
 * page embeds as markup. ECharts escapes the text it writes (axis labels come from data).
 *
 * The Content-Security-Policy allows no inline styles, so the SVG's `style` attributes are turned
 * into the equivalent SVG presentation attributes and its `<style>` element (hover effects, which
 * need a script anyway) is dropped. Ids (clip paths) are unique per process: `zr<N>-…`.
 */
export function renderChartSvg(option: EChartsOption, size: { width: number; height: number }): string {
  const key = JSON.stringify([size.width, size.height, option]);
  const cached = drawn.get(key);
  if (cached !== undefined) {
    drawn.delete(key); // most recently used last
    drawn.set(key, cached);
    return cached;
  }
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: size.width,
    height: size.height,
  });
  try {
    chart.setOption({ animation: false, ...option });
    const svg = withoutInlineStyles(chart.renderToSVGString({ useViewBox: true }));
    drawn.set(key, svg);
    if (drawn.size > CACHED_CHARTS) drawn.delete(drawn.keys().next().value!);
    return svg;
  } finally {
    chart.dispose();
  }
}

/**
 * Drawing costs a few milliseconds a chart; the same figures (everyone's unfiltered dashboard
 * between two changes) are drawn once. The key is the whole option, so new figures draw anew.
 */
const CACHED_CHARTS = 200;
const drawn = new Map<string, string>();

const PRESENTATION = new Set([
  'fill',
  'fill-opacity',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'opacity',
  'stroke',
  'stroke-opacity',
  'stroke-width',
  'text-anchor',
  'dominant-baseline',
]);

export function withoutInlineStyles(svg: string): string {
  return svg
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(
      /<([a-zA-Z]+)([^>]*?)\sstyle="([^"]*)"([^>]*)>/g,
      (_tag, name: string, before: string, style: string, after: string) => {
        const attributes = style
          .split(';')
          .map((declaration) => declaration.split(':').map((part) => part.trim()))
          .filter(([property, value]) => property && value && PRESENTATION.has(property))
          .filter(([property]) => !new RegExp(`\\s${property}="`).test(`${before} ${after}`))
          .map(([property, value]) => ` ${property}="${value!.replace(/"/g, '&quot;')}"`)
          .join('');
        return `<${name}${before}${attributes}${after}>`;
      },
    )
    .replace(/^<svg /, '<svg class="lmp-chart__svg" aria-hidden="true" focusable="false" ');
}

/** Colours from the EC palette, each at least 3:1 against white (WCAG non-text contrast). */
export const CHART_COLOURS = ['#004494', '#c45a00', '#1a7f37', '#c9191e', '#546fa6', '#7b3f99'];
