import { randomUUID } from 'node:crypto';
import {
  captureEvents,
  CSV,
  toCsv,
  toXlsx,
  upload,
  XLSX,
  zipOfZeros,
  type EventCapture,
} from './support/feedback-files';
import { aLicenceRef, licenceStatusChanged, licenceSubmitted, type TestLicence } from '@lmp/testing';
import { startHarness, type ApiClient, type Harness } from './support/transmissions-harness';

type Status = 'pending' | 'processing' | 'granted' | 'refused';

/** The same number as a person might paste it: lower case, spaces, Cyrillic twins, full-width digits. */
const lookAlike = (number: string) =>
  number
    .replace(/-/g, ' ')
    .replace(/A/g, 'А')
    .replace(/C/g, 'С')
    .replace(/E/g, 'Е')
    .replace(/B/g, 'В')
    .replace(/[0-9]/g, (d) => String.fromCodePoint(0xff10 + Number(d)))
    .toLowerCase();

describe('MOFCOM feedback', () => {
  let h: Harness;
  let commission: ApiClient;
  let capture: EventCapture;
  beforeAll(async () => {
    h = await startHarness();
    commission = h.commission();
    capture = await captureEvents(h.vhost.url, ['MofcomFeedbackReceived']);
  });
  afterAll(async () => {
    await capture?.close();
    await h.stop();
  });

  /** Licences in the projection, each with its status, through the licences service's events. */
  async function licences(...statuses: Status[]): Promise<TestLicence[]> {
    const made = statuses.map(() => aLicenceRef());
    await h.publishAndApply(
      made.flatMap((licence, i) => [
        licenceSubmitted(licence),
        ...(statuses[i] === 'pending'
          ? []
          : [licenceStatusChanged(licence, { version: 2, from: 'pending', to: statuses[i]! })]),
      ]),
    );
    return made;
  }

  const publishedFor = (licence: TestLicence) =>
    capture.events.filter(
      (e) => (e.data as { licenceNumber: string }).licenceNumber === licence.licenceNumber,
    );

  async function outboxCountFor(numbers: string[]): Promise<number> {
    const [row] = await h.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_events
        WHERE type = 'MofcomFeedbackReceived' AND payload->'data'->>'licenceNumber' = ANY($1::text[])`,
      [numbers],
    );
    return row!.n;
  }

  describe('POST /transmissions/feedback', () => {
    it('answers a report per JSON row (matched, unmatched, invalid, unchanged) and publishes one event per matched row', async () => {
      const [pending, processing] = await licences('pending', 'processing');
      const unknown = `CN-2026-NOSUCH${randomUUID().slice(0, 6).toUpperCase()}`;

      const response = await commission.post(
        '/transmissions/feedback',
        {
          rows: [
            { licenceNumber: pending!.licenceNumber, status: 'granted', date: '2026-03-20' },
            { licenceNumber: unknown, status: 'refused', date: null },
            { licenceNumber: processing!.licenceNumber, status: 'approved', date: '2026-13-01' },
            { licenceNumber: processing!.licenceNumber, status: 'processing', date: '' },
            { licenceNumber: '', status: 'granted' },
            { licenceNumber: pending!.licenceNumber, status: 'granted', date: '2026-03-20' },
            { licenceNumber: pending!.licenceNumber, status: 'granted', note: 'x' },
          ],
        },
        { 'x-request-id': 'req-feedback-json' },
      );

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        id: expect.any(String),
        receivedAt: expect.any(String),
        receivedBy: { id: commission.identity.subject, name: commission.identity.name },
        source: 'json',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        rowCount: 7,
        counts: { matched: 1, unmatched: 1, invalid: 3, unchanged: 2 },
        rows: [
          {
            row: 1,
            licenceNumber: pending!.licenceNumber,
            status: 'granted',
            date: '2026-03-20',
            outcome: 'matched',
            reason: null,
            licenceId: pending!.id,
          },
          {
            row: 2,
            licenceNumber: unknown,
            status: 'refused',
            date: null,
            outcome: 'unmatched',
            reason: 'no licence has this number',
            licenceId: null,
          },
          {
            row: 3,
            licenceNumber: processing!.licenceNumber,
            status: 'approved',
            date: '2026-13-01',
            outcome: 'invalid',
            reason:
              'status: must be one of pending, processing, granted, refused; date: must be a date YYYY-MM-DD',
            licenceId: null,
          },
          {
            row: 4,
            licenceNumber: processing!.licenceNumber,
            status: 'processing',
            date: null,
            outcome: 'unchanged',
            reason: 'the licence is already processing',
            licenceId: processing!.id,
          },
          {
            row: 5,
            licenceNumber: null,
            status: 'granted',
            date: null,
            outcome: 'invalid',
            reason: 'licenceNumber: is required',
            licenceId: null,
          },
          {
            row: 6,
            licenceNumber: pending!.licenceNumber,
            status: 'granted',
            date: '2026-03-20',
            outcome: 'unchanged',
            reason: 'the same as row 1',
            licenceId: pending!.id,
          },
          {
            row: 7,
            licenceNumber: pending!.licenceNumber,
            status: 'granted',
            date: null,
            outcome: 'invalid',
            reason: '"note": not a column (only licenceNumber, status, date)',
            licenceId: null,
          },
        ],
      });
      const event = await capture.waitFor(
        (e) => publishedFor(pending!).includes(e),
        'MofcomFeedbackReceived',
      );
      expect(event).toMatchObject({
        type: 'MofcomFeedbackReceived',
        version: 1,
        correlationId: 'req-feedback-json',
        actor: { type: 'user', id: commission.identity.subject, name: commission.identity.name },
        data: {
          feedbackId: expect.any(String),
          licenceNumber: pending!.licenceNumber,
          status: 'granted',
          date: '2026-03-20',
        },
      });
      expect(await outboxCountFor([pending!.licenceNumber, processing!.licenceNumber, unknown])).toBe(1);
      const stored = await h.sql(
        `SELECT row_number, outcome, licence_id, event_id, number_normalised FROM feedback_rows
          WHERE submission_id = $1 ORDER BY row_number`,
        [response.body.id],
      );
      expect(stored[0]).toEqual({
        row_number: 1,
        outcome: 'matched',
        licence_id: pending!.id,
        event_id: event.id,
        number_normalised: pending!.licenceNumber.replace(/-/g, ''),
      });
      expect(stored.filter((r) => r.event_id !== null)).toHaveLength(1);
    });

    it('reports a lone surrogate as an invalid row naming licenceNumber, and matches a number a spreadsheet marked as text', async () => {
      const [licence] = await licences('pending');

      const response = await commission.post('/transmissions/feedback', {
        rows: [
          { licenceNumber: 'CN-2026-\ud800X', status: 'granted', date: '2026-03-20' },
          { licenceNumber: `'-${licence!.licenceNumber}`, status: 'granted', date: '2026-03-21' },
        ],
      });

      expect(response.status).toBe(200);
      expect(response.body.rows).toEqual([
        expect.objectContaining({
          row: 1,
          outcome: 'invalid',
          reason: expect.stringContaining('licenceNumber'),
        }),
        expect.objectContaining({ row: 2, outcome: 'matched', licenceId: licence!.id }),
      ]);
    });

    it('reads a CSV file (header in any case), matches look-alike spellings, and changes nothing when the same file comes again', async () => {
      const [pending, refused, other, sentinel] = await licences(
        'pending',
        'refused',
        'processing',
        'pending',
      );
      const unknown = `CN-2026-NOSUCH${randomUUID().slice(0, 6).toUpperCase()}`;
      const file = toCsv(
        [
          [lookAlike(pending!.licenceNumber), 'Granted', '2026-03-20'],
          [refused!.licenceNumber, 'refused', '2026-03-01'],
          [unknown, 'pending', ''],
          [other!.licenceNumber, 'granted', '20/03/2026'],
          [other!.licenceNumber, 'granted', '2026-03-20', 'extra'],
          [null, null, null],
        ],
        ' Licence_Number ,STATUS,Date',
      );

      const first = await upload(h.service.url, commission, file, `${CSV}; charset=utf-8`);

      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        source: 'csv',
        rowCount: 5,
        counts: { matched: 1, unmatched: 1, invalid: 2, unchanged: 1 },
      });
      expect(first.body.rows).toEqual([
        {
          row: 2,
          licenceNumber: lookAlike(pending!.licenceNumber),
          status: 'granted',
          date: '2026-03-20',
          outcome: 'matched',
          reason: null,
          licenceId: pending!.id,
        },
        {
          row: 3,
          licenceNumber: refused!.licenceNumber,
          status: 'refused',
          date: '2026-03-01',
          outcome: 'unchanged',
          reason: 'the licence is already refused',
          licenceId: refused!.id,
        },
        {
          row: 4,
          licenceNumber: unknown,
          status: 'pending',
          date: null,
          outcome: 'unmatched',
          reason: 'no licence has this number',
          licenceId: null,
        },
        {
          row: 5,
          licenceNumber: other!.licenceNumber,
          status: 'granted',
          date: '20/03/2026',
          outcome: 'invalid',
          reason: 'date: must be a date YYYY-MM-DD',
          licenceId: null,
        },
        {
          row: 6,
          licenceNumber: other!.licenceNumber,
          status: 'granted',
          date: '2026-03-20',
          outcome: 'invalid',
          reason: '(row): has cells beyond the date column',
          licenceId: null,
        },
      ]);
      const event = await capture.waitFor(
        (e) => publishedFor(pending!).includes(e),
        'the matched row published',
      );
      // The registered number goes out, whatever spelling MOFCOM used.
      expect(event.data).toMatchObject({
        licenceNumber: pending!.licenceNumber,
        status: 'granted',
        date: '2026-03-20',
      });

      const again = await upload(h.service.url, commission, file, CSV);

      expect(again.status).toBe(200);
      expect(again.body.sha256).toBe(first.body.sha256);
      expect(again.body.counts).toEqual({ matched: 0, unmatched: 1, invalid: 2, unchanged: 2 });
      expect(again.body.rows[0]).toEqual({
        ...first.body.rows[0],
        outcome: 'unchanged',
        reason: `already received on ${first.body.receivedAt.slice(0, 10)} (feedback ${first.body.id}, row 2)`,
      });
      expect(again.body.rows.slice(1)).toEqual(first.body.rows.slice(1));
      expect(
        await outboxCountFor([pending!.licenceNumber, refused!.licenceNumber, other!.licenceNumber]),
      ).toBe(1);
      // Events are relayed in order: once a later one has arrived, nothing from the re-sent file is on its way.
      await commission.post('/transmissions/feedback', {
        rows: [{ licenceNumber: sentinel!.licenceNumber, status: 'processing', date: null }],
      });
      await capture.waitFor((e) => publishedFor(sentinel!).includes(e), 'the later event');
      expect(publishedFor(pending!)).toHaveLength(1);
    });

    it('reads an XLSX workbook, dates as date cells or text', async () => {
      const [pending, processing] = await licences('pending', 'processing');

      const response = await upload(
        h.service.url,
        commission,
        await toXlsx([
          [pending!.licenceNumber, 'refused', new Date(Date.UTC(2026, 2, 18))],
          [processing!.licenceNumber, 'granted', '2026-03-19'],
          [processing!.licenceNumber, null, null],
        ]),
        XLSX,
      );

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        source: 'xlsx',
        rowCount: 3,
        counts: { matched: 2, unmatched: 0, invalid: 1, unchanged: 0 },
      });
      expect(response.body.rows).toEqual([
        {
          row: 2,
          licenceNumber: pending!.licenceNumber,
          status: 'refused',
          date: '2026-03-18',
          outcome: 'matched',
          reason: null,
          licenceId: pending!.id,
        },
        {
          row: 3,
          licenceNumber: processing!.licenceNumber,
          status: 'granted',
          date: '2026-03-19',
          outcome: 'matched',
          reason: null,
          licenceId: processing!.id,
        },
        {
          row: 4,
          licenceNumber: processing!.licenceNumber,
          status: null,
          date: null,
          outcome: 'invalid',
          reason: 'status: must be one of pending, processing, granted, refused',
          licenceId: null,
        },
      ]);
      await capture.waitFor((e) => publishedFor(processing!).includes(e), 'the second matched row published');
      await capture.waitFor((e) => publishedFor(pending!).includes(e), 'the first matched row published');
    });

    it('refuses a file whose header is not licence_number,status,date, storing nothing', async () => {
      const before = await h.sql<{ n: number }>('SELECT count(*)::int AS n FROM feedback_submissions');

      const response = await upload(
        h.service.url,
        commission,
        toCsv([['CN-2026-1', 'granted', '']], 'licence_number,status,decision_date'),
        CSV,
      );

      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([
        {
          field: '(header)',
          message: 'is "licence_number,status,decision_date", expected "licence_number,status,date"',
        },
      ]);
      expect(await h.sql('SELECT count(*)::int AS n FROM feedback_submissions')).toEqual(before);
    });

    it('refuses other content types (415), an empty list (422) and an XLSX that unpacks to too much (413)', async () => {
      const text = await upload(h.service.url, commission, 'licence_number,status,date\n', 'text/plain');
      const empty = await commission.post('/transmissions/feedback', { rows: [] });
      const bomb = await upload(h.service.url, commission, zipOfZeros(80 * 1024 * 1024), XLSX);

      expect(text.status).toBe(415);
      expect(empty.status).toBe(422);
      expect(empty.body.errors).toEqual([{ field: 'rows', message: 'must have at least one row' }]);
      expect(bomb.status).toBe(413);
    });

    it('is for the Commission only', async () => {
      const operator = h.operator();

      const json = await operator.post('/transmissions/feedback', {
        rows: [{ licenceNumber: 'CN-1', status: 'granted' }],
      });
      const file = await upload(h.service.url, operator, toCsv([['CN-1', 'granted', '']]), CSV);
      const list = await operator.get('/transmissions/feedback');
      const discrepancies = await operator.get('/transmissions/discrepancies');

      expect([json.status, file.status, list.status, discrepancies.status]).toEqual([403, 403, 403, 403]);
    });
  });

  describe('GET /transmissions/feedback', () => {
    it('lists submissions newest first with their rows, in pages', async () => {
      const [licence] = await licences('pending');
      h.clock.set('2027-01-04T09:00:00.000Z');
      const older = await commission.post('/transmissions/feedback', {
        rows: [{ licenceNumber: licence!.licenceNumber, status: 'processing', date: null }],
      });
      h.clock.set('2027-01-04T10:00:00.000Z');
      const newer = await commission.post('/transmissions/feedback', {
        rows: [{ licenceNumber: licence!.licenceNumber, status: 'pending', date: null }],
      });

      const first = await commission.get('/transmissions/feedback?limit=1');
      const second = await commission.get(`/transmissions/feedback?limit=1&cursor=${first.body.nextCursor}`);

      expect(first.status).toBe(200);
      expect(first.body.items).toEqual([newer.body]);
      expect(first.body.items[0].rows).toEqual([
        expect.objectContaining({ row: 1, outcome: 'unchanged', reason: 'the licence is already pending' }),
      ]);
      expect(second.body.items).toEqual([older.body]);
      expect((await commission.get('/transmissions/feedback?limit=0')).status).toBe(422);
      expect((await commission.get('/transmissions/feedback?cursor=nonsense')).status).toBe(422);
    });
  });
});
