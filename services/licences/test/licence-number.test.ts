import { randomInt, randomUUID } from 'node:crypto';
import { newEvent } from '@lmp/contracts';
import { DUPLICATE_NUMBER_MESSAGE } from '../src/domain/licence/duplicate-number';
import { aLicence } from './support/builders';
import { aLicenceRow, CSV, toCsv, upload } from './support/import-files';
import { startHarness, waitUntil, type ApiClient, type Harness } from './support/licences-harness';

/** A serial number no other test uses, digits only, so every spelling below can respell it. */
const aSerial = () => String(randomInt(10_000_000, 99_999_999));

/** The serial in the digits of another script, from that script's zero. */
const inDigits = (zero: number, serial: string) =>
  [...serial].map((d) => String.fromCodePoint(zero + Number(d))).join('');

/** Spellings of CN-2025-<serial>-X that used to be accepted as new numbers. */
const slipThrough: [string, (serial: string) => string][] = [
  ['dots', (n) => `CN.2025.${n}.X`],
  ['slashes', (n) => `CN/2025/${n}/X`],
  ['underscores', (n) => `CN_2025_${n}_X`],
  ['Cyrillic look-alike letters', (n) => `\u0421N-2025-${n}-\u0425`],
  ['lower-case Cyrillic look-alikes', (n) => `\u0441n-2025-${n}-\u0445`],
  ['Greek look-alike letters', (n) => `C\u039D-2025-${n}-\u03A7`],
  ['Arabic-Indic digits', (n) => `CN-${inDigits(0x0660, '2025')}-${inDigits(0x0660, n)}-X`],
  ['Devanagari digits', (n) => `CN-${inDigits(0x0966, '2025')}-${inDigits(0x0966, n)}-X`],
  ['Hangul fillers', (n) => `CN\u3164-2025-${n}\uFFA0-X\u115F`],
];

/** What a number pasted from a document looks like. */
const pasted: [string, (serial: string) => string][] = [
  ['an en-dash', (n) => `CN\u20132025\u2013${n}\u2013X`],
  ['a no-break space', (n) => `CN\u00A02025\u00A0${n}-X`],
  ['a soft hyphen', (n) => `CN-2025\u00AD-${n}-X`],
  ['a zero-width space', (n) => `CN-2025-\u200B${n}-X`],
];

describe('licence numbers: one key for every spelling', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  async function registered(serial: string, holder?: ApiClient) {
    const operator = holder ?? (await h.operatorWithCompany());
    const response = await operator.post('/licences', aLicence({ licenceNumber: `CN-2025-${serial}-X` }));
    expect(response.status).toBe(201);
    return response.body as { id: string; licenceNumber: string };
  }

  describe('POST /licences', () => {
    it.each([...slipThrough, ...pasted])(
      'refuses CN-2025-…-X spelt with %s when CN-2025-…-X is registered (409)',
      async (_name, spell) => {
        const serial = aSerial();
        await registered(serial);
        const other = await h.operatorWithCompany();

        const response = await other.post('/licences', aLicence({ licenceNumber: spell(serial) }));

        expect(response.status).toBe(409);
        expect(response.body.type).toMatch(/duplicate-licence$/);
        expect(response.body.errors).toEqual([{ field: 'licenceNumber', message: 'is already registered' }]);
        expect((await other.get('/licences')).body.total).toBe(0);
      },
    );

    it.each(pasted)(
      'accepts a number pasted with %s, answers it as typed and recognises it afterwards',
      async (_name, spell) => {
        const operator = await h.operatorWithCompany();
        const serial = aSerial();
        const typed = spell(serial);

        const response = await operator.post('/licences', aLicence({ licenceNumber: typed }));

        expect(response.status).toBe(201);
        expect(response.body.licenceNumber).toBe(typed);
        expect((await operator.get(`/licences/${response.body.id}`)).body.licenceNumber).toBe(typed);
        const again = await (
          await h.operatorWithCompany()
        ).post('/licences', aLicence({ licenceNumber: `cn 2025 ${serial} x` }));
        expect(again.status).toBe(409);
      },
    );

    it('keeps what was typed, trimmed, and keeps numbers that differ only by O and 0 apart', async () => {
      const operator = await h.operatorWithCompany();
      const serial = aSerial();

      const letter = await operator.post('/licences', aLicence({ licenceNumber: `  CN.2025/${serial}_O ` }));
      const digit = await operator.post('/licences', aLicence({ licenceNumber: `CN-2025-${serial}-0` }));

      expect([letter.status, digit.status]).toEqual([201, 201]);
      expect(letter.body.licenceNumber).toBe(`CN.2025/${serial}_O`);
    });

    it.each([
      ['two characters', 'C1', /at least 3 letters or digits/],
      ['two characters between separators', '-C.\u200B1/', /at least 3 letters or digits/],
      ['separators and fillers only', '\u2013\u00A0\u3164\u00AD', /at least 3 letters or digits/],
      ['a character that is not allowed', 'CN#2025', /not allowed: "#" \(U\+0023\)/],
      ['a letter with no Latin look-alike', 'CN-2025-\u0416', /not allowed: "Ж" \(U\+0416\)/],
    ])('refuses %s with 422 naming licenceNumber', async (_name, licenceNumber, message) => {
      const operator = await h.operatorWithCompany();

      const response = await operator.post('/licences', aLicence({ licenceNumber }));

      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([
        { field: 'licenceNumber', message: expect.stringMatching(message) },
      ]);
    });
  });

  describe('GET /licences?q=', () => {
    it('finds the licence by its number however it is spelt', async () => {
      const operator = await h.operatorWithCompany();
      const serial = aSerial();
      const licence = await registered(serial, operator);

      for (const [name, spell] of [...slipThrough, ...pasted]) {
        const response = await operator.get(`/licences?q=${encodeURIComponent(spell(serial))}`);
        expect({ name, ids: response.body.items.map((l: { id: string }) => l.id) }).toEqual({
          name,
          ids: [licence.id],
        });
      }
    });
  });

  describe('POST /licences/import', () => {
    it('recognises every spelling of a registered number, and of a number earlier in the file', async () => {
      const serial = aSerial();
      await registered(serial);
      const operator = await h.operatorWithCompany();
      const fresh = aSerial();
      const rows = [
        ...slipThrough.map(([, spell]) => aLicenceRow({ licenceNumber: spell(serial) })),
        aLicenceRow({ licenceNumber: `CN\u20132025\u2013${fresh}\u2013X` }),
        aLicenceRow({ licenceNumber: `CN/2025/${inDigits(0x0966, fresh)}/\u0425` }),
      ];

      const response = await upload(h.url, operator, toCsv(rows), CSV);

      expect(response.status).toBe(200);
      const firstRow = response.body.rows[slipThrough.length].row;
      expect(response.body.rows).toEqual([
        ...slipThrough.map(([, spell]) =>
          expect.objectContaining({
            licenceNumber: spell(serial),
            status: 'failed',
            errors: [{ field: 'licenceNumber', message: DUPLICATE_NUMBER_MESSAGE }],
          }),
        ),
        expect.objectContaining({ licenceNumber: `CN\u20132025\u2013${fresh}\u2013X`, status: 'created' }),
        expect.objectContaining({
          status: 'failed',
          errors: [
            {
              field: 'licenceNumber',
              message: `appears more than once in this file (first on row ${firstRow})`,
            },
          ],
        }),
      ]);
    });
  });

  describe('MofcomFeedbackReceived', () => {
    it('opens the confirmation for the licence whose number MOFCOM spelt with look-alikes', async () => {
      const operator = await h.operatorWithCompany();
      const serial = aSerial();
      const licence = await registered(serial, operator);
      const spelt = `\u0421N\u20132025\u2013${inDigits(0x0660, serial)}\u2013\u03A7`;

      await h.publish([
        newEvent(
          'MofcomFeedbackReceived',
          { feedbackId: randomUUID(), licenceNumber: spelt, status: 'granted', date: '2025-10-20' },
          { correlationId: 'feedback-run', actor: { type: 'system', id: 'transmissions' } },
        ),
      ]);

      const request = await waitUntil(async () => {
        const open = (await operator.get('/confirmations')).body.items;
        return open.find((c: { licenceId: string }) => c.licenceId === licence.id);
      }, 'a confirmation request');
      expect(request).toMatchObject({ licenceId: licence.id, reportedStatus: 'granted' });
    });
  });
});
