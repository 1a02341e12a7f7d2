import { Chart } from '../../src/components';
import { withoutInlineStyles } from '../../src/components/chart-svg';
import { html } from './render';

describe('Chart', () => {
  const chart = (categories: string[], values: number[]) =>
    html(
      <Chart
        id="by-sector"
        caption="Licences by sector"
        categoryLabel="Sector"
        categories={categories}
        series={[
          { name: 'Granted', values },
          { name: 'Refused', values: values.map((v) => v + 1) },
        ]}
        orientation="horizontal"
      />,
    );

  it('embeds a server-drawn SVG in a figure with its caption, hidden from screen readers behind an image name', () => {
    const markup = chart(['Energy', 'Automotive'], [3, 5]);
    expect(markup).toMatch(
      /^<figure class="lmp-chart" id="by-sector"><figcaption class="lmp-chart__caption">Licences by sector<\/figcaption>/,
    );
    expect(markup).toContain(
      'role="img" aria-label="Licences by sector. The figures are in the table that follows."',
    );
    expect(markup).toContain('<svg class="lmp-chart__svg" aria-hidden="true" focusable="false"');
    expect(markup).toContain('>Energy</text>');
  });

  it('has no script, no inline style and no <style> element (CSP: script-src and style-src self)', () => {
    const markup = chart(['Energy'], [3]);
    expect(markup).not.toMatch(/<script|\sstyle="|<style|\son[a-z]+=/i);
    expect(markup).toContain('font-family="Arial, sans-serif"');
  });

  it('offers the same numbers as a table', () => {
    const markup = chart(['Energy', 'Automotive'], [3, 5]);
    expect(markup).toContain('<summary class="lmp-chart__toggle">Show the figures as a table</summary>');
    expect(markup).toMatch(
      /<th scope="col" class="ecl-table__header">Sector<\/th><th[^>]*>Granted<\/th><th[^>]*>Refused<\/th>/,
    );
    expect(markup).toMatch(/<th scope="row"[^>]*>Energy<\/th><td[^>]*>3<\/td><td[^>]*>4<\/td>/);
    expect(markup).toMatch(/<th scope="row"[^>]*>Automotive<\/th><td[^>]*>5<\/td><td[^>]*>6<\/td>/);
  });

  it('escapes category names from the data in both the drawing and the table', () => {
    const markup = chart(['<script>alert(1)</script>'], [2]);
    expect(markup).not.toContain('<script>');
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;</text>');
    expect(markup).toContain('&lt;script>alert(1)&lt;/script></th>');
  });

  it('says there is nothing to draw when every value is zero', () => {
    const markup = chart(
      ['Energy'],
      [0].map(() => -1 + 1),
    );
    expect(markup).toContain('lmp-chart__image'); // Refused is 1
    const none = html(
      <Chart
        id="t"
        caption="Timeline"
        categoryLabel="Month"
        categories={[]}
        series={[{ name: 'Submitted', values: [] }]}
      />,
    );
    expect(none).toContain('<p class="lmp-chart__empty">No licences match these filters.</p>');
    expect(none).not.toContain('<svg');
  });
});

describe('withoutInlineStyles', () => {
  it('turns style declarations into presentation attributes and drops the <style> element', () => {
    const svg =
      '<svg width="1"><text style="font-size:12px;font-family:sans-serif;cursor:pointer;fill:red" fill="#000">a</text><style ><![CDATA[.x:hover{fill:red}]]></style></svg>';
    expect(withoutInlineStyles(svg)).toBe(
      '<svg class="lmp-chart__svg" aria-hidden="true" focusable="false" width="1"><text font-size="12px" font-family="sans-serif" fill="#000">a</text></svg>',
    );
  });
});
