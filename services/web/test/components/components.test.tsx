import {
  Checkbox,
  DateField,
  DescriptionList,
  ErrorSummary,
  FileUpload,
  KeyFigures,
  Notification,
  Pagination,
  RadioGroup,
  Select,
  StatusTag,
  Table,
  TextArea,
  TextField,
  Timeline,
  UnavailableNotice,
  type Column,
} from '../../src/components';
import { html, tagsWithClass } from './render';

interface Row {
  number: string;
  exporter: string;
  count: number;
}
const columns: Column<Row>[] = [
  {
    key: 'number',
    header: 'Licence number',
    cell: (r) => r.number,
    rowHeader: true,
    sort: { ascending: 'number', descending: '-number' },
  },
  { key: 'exporter', header: 'Exporter', cell: (r) => r.exporter },
  {
    key: 'count',
    header: 'Transmissions',
    cell: (r) => r.count,
    numeric: true,
    sort: { descending: '-count' },
  },
];

describe('Table', () => {
  it('has a caption, column headers and each cell labelled for the stacked layout of narrow screens', () => {
    const markup = html(
      <Table
        caption="Licences"
        columns={columns}
        rows={[{ number: 'CN-1', exporter: 'Baotou', count: 2 }]}
      />,
    );
    expect(markup).toContain('<caption class="ecl-table__caption lmp-table__caption">Licences</caption>');
    expect(tagsWithClass(markup, 'ecl-table__header')).toHaveLength(3);
    expect(markup).toContain(
      '<th scope="row" class="ecl-table__cell lmp-table__row-header" data-ecl-table-header="Licence number"><div class="lmp-table__value">CN-1</div></th>',
    );
    expect(markup).toContain('data-ecl-table-header="Transmissions"><div class="lmp-table__value">2</div></td>');
  });

  it('puts each cell’s content in one block, which wraps beside the header in a stacked row', () => {
    const markup = html(
      <Table caption="Licences" columns={columns} rows={[{ number: 'CN-1', exporter: 'Baotou', count: 2 }]} />,
    );
    expect(markup.match(/<div class="lmp-table__value">/g)).toHaveLength(3);
  });

  it('escapes cell values: an exporter called <script> is text', () => {
    const markup = html(
      <Table
        caption="Licences"
        columns={columns}
        rows={[{ number: 'CN-1', exporter: '<script>alert(1)</script>', count: 0 }]}
      />,
    );
    expect(markup).not.toContain('<script>');
    expect(markup).toContain('&lt;script>alert(1)&lt;/script>');
  });

  it('links sortable headers to the other direction and marks the current sort', () => {
    const markup = html(
      <Table
        caption="Licences"
        columns={columns}
        rows={[]}
        sort={{ current: '-number', href: (s) => `/l?sort=${s}` }}
      />,
    );
    expect(markup).toMatch(
      /<th scope="col" class="ecl-table__header" aria-sort="descending"><a [^>]*href="\/l\?sort=number">Licence number/,
    );
    expect(markup).toMatch(/aria-sort="none"><a [^>]*href="\/l\?sort=-count">Transmissions/);
    expect(markup).toMatch(/<th scope="col" class="ecl-table__header">Exporter<\/th>/);
  });

  it('says so when there are no rows', () => {
    const markup = html(<Table caption="Licences" columns={columns} rows={[]} empty="No licence matches." />);
    expect(markup).toContain('colspan="3">No licence matches.</td>');
  });
});

describe('Pagination', () => {
  it('links to the previous and next pages of a cursor list', () => {
    const markup = html(<Pagination previousHref="/l" nextHref="/l?cursor=abc" summary="50 of 120" />);
    expect(markup).toContain('aria-label="Pagination"');
    expect(markup).toMatch(/href="\/l" rel="prev">.*Previous/);
    expect(markup).toMatch(/href="\/l\?cursor=abc" rel="next">.*Next/);
    expect(markup).toContain('50 of 120');
  });

  it('renders nothing on a single page', () => {
    expect(html(<Pagination nextHref={null} />)).toBe('');
  });
});

describe('StatusTag', () => {
  it.each([
    ['pending', 'licence', 'Pending', 'ecl-label--low'],
    ['granted', 'licence', 'Granted', 'ecl-label--medium'],
    ['refused', 'licence', 'Refused', 'ecl-label--highlight'],
    ['in_progress', 'customs', 'In progress', 'ecl-label--high'],
    ['dispatched', 'batch', 'Dispatched', 'ecl-label--medium'],
  ] as const)('shows %s as the words "%s… %s"', (status, kind, label, variant) => {
    const markup = html(<StatusTag status={status} kind={kind} />);
    expect(markup).toContain(`>${label}</span>`);
    expect(markup).toContain(variant);
  });
});

describe('Notification and UnavailableNotice', () => {
  it('renders an ECL notification of the variant with its title and description', () => {
    const markup = html(<Notification variant="error" title="Refused" description="<b>no</b>" />);
    expect(markup).toContain('ecl-notification ecl-notification--error');
    expect(markup).toContain('role="alert"');
    expect(markup).toContain('&lt;b>no&lt;/b>');
  });

  it('tells the user a part of the platform is not available, never an error', () => {
    const markup = html(<UnavailableNotice what="The figures" retryAfter="30" />);
    expect(markup).toContain('This part of the platform is not available at the moment. Try again later.');
    expect(markup).toContain('The figures: not available');
    expect(markup).toContain('about 30 seconds');
    expect(markup).toContain('data-unavailable="true"');
  });
});

describe('form fields', () => {
  it('shows the error next to the field, keeps the value and ties both to the input', () => {
    const markup = html(
      <TextField
        name="licenceNumber"
        label="Licence number"
        value={'CN"<1>'}
        error="is required"
        hint="As on the licence"
        required
      />,
    );
    expect(markup).toContain(
      '<label class="ecl-form-label" for="licenceNumber" id="licenceNumber-label">Licence number',
    );
    expect(markup).toContain('<div class="ecl-feedback-message" id="licenceNumber-error">');
    expect(markup).toContain('is required</div>');
    expect(markup).toMatch(
      /<input type="text" id="licenceNumber" name="licenceNumber" class="ecl-text-input ecl-text-input--m ecl-text-input--invalid" value="CN&quot;&lt;1>" required aria-invalid="true" aria-describedby="licenceNumber-hint licenceNumber-error"/,
    );
  });

  it('has no error markup on a valid field', () => {
    const markup = html(<TextField name="q" label="Search" value="abc" />);
    expect(markup).not.toContain('aria-invalid');
    expect(markup).not.toContain('ecl-feedback-message');
  });

  it('keeps a text area value as its text, escaped', () => {
    const markup = html(
      <TextArea name="body" label="Message" value="</textarea><script>x</script>" error="too short" />,
    );
    expect(markup).toContain('&lt;/textarea>&lt;script>x&lt;/script></textarea>');
    expect(markup).toContain('ecl-text-area--invalid');
  });

  it('selects the chosen option of a Select and offers an empty first choice', () => {
    const markup = html(
      <Select
        name="sector"
        label="Sector"
        placeholder="All sectors"
        value="energy"
        options={[
          { value: 'automotive', label: 'Automotive' },
          { value: 'energy', label: 'Energy' },
        ]}
      />,
    );
    expect(markup).toContain('<option value>All sectors</option>');
    expect(markup).toContain('<option value="energy" selected>Energy</option>');
    expect(markup).toContain('<option value="automotive">Automotive</option>');
    expect(markup).toContain('class="ecl-select__container ecl-select__container--m"');
  });

  it('keeps a Checkbox checked and a radio choice', () => {
    expect(html(<Checkbox name="urgent" label="Urgent only" checked />)).toMatch(
      /<input type="checkbox" id="urgent" name="urgent" value="true" checked class="ecl-checkbox__input"/,
    );
    const radios = html(
      <RadioGroup
        name="format"
        label="Format"
        value="xlsx"
        options={[
          { value: 'csv', label: 'CSV' },
          { value: 'xlsx', label: 'Excel' },
        ]}
        error="pick one"
      />,
    );
    expect(radios).toContain('<legend class="ecl-form-label" id="format-label">Format</legend>');
    expect(radios).toMatch(/id="format-2" name="format" value="xlsx" checked/);
    expect(radios).not.toMatch(/value="csv" checked/);
    expect(radios).toContain('pick one');
  });

  it('uses the browser date input and a plain file input that needs no script', () => {
    expect(html(<DateField name="from" label="From" value="2026-01-31" />)).toContain(
      '<input type="date" id="from" name="from" class="ecl-text-input ecl-text-input--s" value="2026-01-31"',
    );
    expect(html(<FileUpload name="file" label="File" accept=".csv,.xlsx" />)).toContain(
      '<input type="file" id="file" name="file" accept=".csv,.xlsx"',
    );
  });

  it('summarises the errors at the top, each linking to its field', () => {
    const markup = html(
      <ErrorSummary
        errors={{ licenceNumber: 'is required', 'exporter.name': 'is too short' }}
        labels={{ licenceNumber: 'Licence number' }}
      />,
    );
    expect(markup).toContain('<a class="ecl-link" href="#licenceNumber">Licence number: is required</a>');
    expect(markup).toContain('href="#exporter.name">exporter.name: is too short</a>');
    expect(markup).toContain('id="error-summary"');
    expect(html(<ErrorSummary errors={{}} />)).toBe('');
  });
});

describe('KeyFigures, DescriptionList, Timeline', () => {
  it('reads each key figure as a term and its value', () => {
    const markup = html(
      <KeyFigures label="Summary" figures={[{ key: 'total', title: 'Licences', value: '1,204' }]} />,
    );
    expect(markup).toContain(
      '<div class="ecl-fact-figures__item" data-figure="total"><dt class="ecl-fact-figures__title">Licences</dt><dd class="ecl-fact-figures__value">1,204</dd></div>',
    );
    expect(markup).toContain('aria-label="Summary"');
  });

  it('renders a description list of terms and definitions', () => {
    const markup = html(<DescriptionList items={[{ term: 'Exporter', definition: '<i>x</i>' }]} />);
    expect(markup).toContain(
      '<dt class="ecl-description-list__term">Exporter</dt><dd class="ecl-description-list__definition">&lt;i>x&lt;/i></dd>',
    );
  });

  it('renders the history as an ordered ECL timeline', () => {
    const markup = html(
      <Timeline
        label="History"
        items={[
          { label: '1 Mar 2026', dateTime: '2026-03-01T10:00:00Z', title: 'Status: pending → granted' },
        ]}
      />,
    );
    expect(markup).toContain('<ol class="ecl-timeline lmp-timeline" aria-label="History">');
    expect(markup).toContain('<time datetime="2026-03-01T10:00:00Z">1 Mar 2026</time>');
  });
});
