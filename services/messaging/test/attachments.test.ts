import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { ATTACHMENT_MAX_BYTES } from '@lmp/contracts';
import { aDocx, aJpeg, anHtmlPage, anXlsx, aPdf, aPlainZip, aPng } from './support/files';
import { startHarness, type Harness, type TestCompany } from './support/messaging-harness';

describe('attachments (evidence files)', () => {
  let h: Harness;
  let company: TestCompany;
  let licenceId: string;
  beforeAll(async () => {
    h = await startHarness();
    company = await h.aCompany();
    licenceId = (await h.aLicence(company)).id;
  });
  afterAll(() => h?.stop());

  const operator = () => company.users[0]!.api;

  it('accepts PDF, PNG, JPEG and XLSX files by their content, and serves them back as downloads', async () => {
    const files = [
      { name: 'decision.pdf', content: aPdf(), type: 'application/pdf' },
      { name: 'stamp.png', content: aPng(), type: 'image/png' },
      { name: 'photo.jpg', content: aJpeg(), type: 'image/jpeg' },
      { name: 'customs.xlsx', content: anXlsx(), type: 'application/octet-stream' },
    ];
    const posted = await operator().postForm(
      `/licences/${licenceId}/messages`,
      'MOFCOM decision attached',
      files,
    );
    expect(posted.status).toBe(201);
    expect(
      posted.body.attachments.map((a: { fileName: string; contentType: string }) => [
        a.fileName,
        a.contentType,
      ]),
    ).toEqual([
      ['decision.pdf', 'application/pdf'],
      ['stamp.png', 'image/png'],
      ['photo.jpg', 'image/jpeg'],
      ['customs.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]);

    const pdf = posted.body.attachments[0];
    expect(pdf).toMatchObject({
      size: files[0]!.content.length,
      sha256: createHash('sha256').update(files[0]!.content).digest('hex'),
    });
    const download = await h.commission().download(`/attachments/${pdf.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="decision.pdf"; filename*=UTF-8''decision.pdf`,
    );
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await download.arrayBuffer()).equals(files[0]!.content)).toBe(true);
    const stored = await h.sql('SELECT content FROM attachments WHERE id = $1', [pdf.id]);
    expect((stored[0]!.content as Buffer).equals(files[0]!.content)).toBe(true);
  });

  it('keeps a PDF named .png as the PDF it is (its type and extension from the content)', async () => {
    const posted = await operator().postForm(`/licences/${licenceId}/messages`, 'Renamed scan', [
      { name: 'scan.png', content: aPdf(), type: 'image/png' },
    ]);
    expect(posted.status).toBe(201);
    expect(posted.body.attachments[0]).toMatchObject({
      fileName: 'scan.pdf',
      contentType: 'application/pdf',
    });
    const download = await operator().download(`/attachments/${posted.body.attachments[0].id}`);
    expect(download.headers.get('content-type')).toBe('application/pdf');
  });

  it.each([
    ['an HTML page named .pdf', 'report.pdf', anHtmlPage()],
    ['a plain ZIP named .xlsx', 'archive.xlsx', aPlainZip()],
    ['a Word document named .xlsx', 'letter.xlsx', aDocx()],
    ['an empty file', 'empty.pdf', Buffer.alloc(0)],
  ])('refuses %s with 415 naming the file, and stores nothing', async (_what, name, content) => {
    const before = await h.sql('SELECT count(*)::int AS n FROM messages');
    const response = await operator().postForm(`/licences/${licenceId}/messages`, 'Evidence', [
      { name: 'fine.png', content: aPng() },
      { name, content, type: 'application/pdf' },
    ]);
    expect(response.status).toBe(415);
    expect(response.body).toMatchObject({
      type: expect.stringContaining('attachment-type-refused'),
      errors: [{ field: 'files[1]', message: expect.stringContaining(name) }],
    });
    expect(response.body.detail).toContain(name);
    expect(await h.sql('SELECT count(*)::int AS n FROM messages')).toEqual(before);
  });

  it('refuses a file over 10 MB with 413 naming it', async () => {
    const big = Buffer.concat([aPdf(), Buffer.alloc(11 * 1024 * 1024)]);
    const response = await operator().postForm(`/licences/${licenceId}/messages`, 'Too big', [
      { name: 'huge-scan.pdf', content: big, type: 'application/pdf' },
    ]);
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({
      type: expect.stringContaining('attachment-too-large'),
      errors: [{ field: 'files[0]', message: expect.stringContaining('huge-scan.pdf') }],
    });
  });

  it('accepts a file of exactly 10 MB and refuses one a byte larger', async () => {
    const sized = (bytes: number) => Buffer.concat([aPdf(), Buffer.alloc(bytes - aPdf().length, 0x20)]);
    const largest = await operator().postForm(`/licences/${licenceId}/messages`, 'At the limit', [
      { name: 'limit.pdf', content: sized(ATTACHMENT_MAX_BYTES) },
    ]);
    expect(largest.status).toBe(201);
    expect(largest.body.attachments[0].size).toBe(ATTACHMENT_MAX_BYTES);
    const over = await operator().postForm(`/licences/${licenceId}/messages`, 'Over the limit', [
      { name: 'over.pdf', content: sized(ATTACHMENT_MAX_BYTES + 1) },
    ]);
    expect(over.status).toBe(413);
    expect(over.body.errors).toEqual([{ field: 'files[0]', message: 'over.pdf: must be at most 10 MB' }]);
  });

  it('refuses more than five files with 422', async () => {
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `page-${i}.png`, content: aPng() }));
    const response = await operator().postForm(`/licences/${licenceId}/messages`, 'Six pages', six);
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([{ field: 'files', message: 'must be at most 5 files' }]);
  });

  it('refuses a multipart message without a body with 422 naming it', async () => {
    const response = await operator().postForm(`/licences/${licenceId}/messages`, undefined, [
      { name: 'a.pdf', content: aPdf() },
    ]);
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'body' })]);
  });

  it('lets only the thread’s company and the Commission download a file (404 for anyone else)', async () => {
    const posted = await operator().postForm('/me/company/messages', 'Company evidence', [
      { name: 'x.pdf', content: aPdf() },
    ]);
    const id = posted.body.attachments[0].id;
    const other = await h.aCompany();
    expect((await other.users[0]!.api.download(`/attachments/${id}`)).status).toBe(404);
    expect((await h.operatorWithoutCompany().download(`/attachments/${id}`)).status).toBe(404);
    expect((await operator().download(`/attachments/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await h.commission().download(`/attachments/${id}`)).status).toBe(200);
  });

  describe('a large file', () => {
    /** A PDF of `bytes` bytes, random after its signature (no page looks like another). */
    const aPdfOf = (bytes: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(bytes - 9)]);
    const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

    const postFiles = async (...contents: Buffer[]) => {
      const posted = await operator().postForm(
        `/licences/${licenceId}/messages`,
        'The full decision',
        contents.map((content, i) => ({ name: `decision-${i}.pdf`, content })),
      );
      expect(posted.status).toBe(201);
      return posted.body.attachments as { id: string; size: number }[];
    };

    /** Starts a download, takes its first bytes, then hangs up; answers the status and what arrived. */
    const hangUpMidway = async (id: string) => {
      const headers = await h.commission().headers();
      return new Promise<{ status: number; received: number }>((resolve, reject) => {
        const request = http.get(`${h.service.url}/api/v1/attachments/${id}`, { headers, agent: false });
        request.on('error', () => undefined);
        request.on('response', (response) => {
          response.once('data', (chunk: Buffer) => {
            response.pause();
            request.destroy();
            resolve({ status: response.statusCode!, received: chunk.length });
          });
          response.once('error', () => undefined);
        });
        request.once('error', reject);
      });
    };

    it('downloads a 10 MB file byte for byte, with its Content-Length', async () => {
      // The largest a file may be, and one whose end falls inside a page.
      const largest = aPdfOf(ATTACHMENT_MAX_BYTES);
      const uneven = aPdfOf(3 * 1024 * 1024 + 12_345);
      const [first, second] = await postFiles(largest, uneven);

      for (const [attachment, content] of [
        [first!, largest],
        [second!, uneven],
      ] as const) {
        const download = await h.commission().download(`/attachments/${attachment.id}`);
        expect(download.status).toBe(200);
        expect(download.headers.get('content-length')).toBe(String(content.length));
        const received = Buffer.from(await download.arrayBuffer());
        expect(received.length).toBe(content.length);
        expect(sha256(received)).toBe(sha256(content));
        expect(received.equals(content)).toBe(true);
      }
    });

    it('answers HEAD with the headers of the download and no body', async () => {
      const content = aPdfOf(2 * 1024 * 1024);
      const [attachment] = await postFiles(content);
      const response = await fetch(`${h.service.url}/api/v1/attachments/${attachment!.id}`, {
        method: 'HEAD',
        headers: await operator().headers(),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-length')).toBe(String(content.length));
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; /);
      expect((await response.arrayBuffer()).byteLength).toBe(0);
    });

    it('stays healthy when clients hang up in the middle of downloads', async () => {
      const content = aPdfOf(ATTACHMENT_MAX_BYTES);
      const [attachment] = await postFiles(content);

      // More hang-ups than the database pool has connections: none may keep one.
      const hangUps = Number(h.env.DATABASE_POOL_SIZE) + 2;
      for (let i = 0; i < hangUps; i++) {
        const cut = await hangUpMidway(attachment!.id);
        expect(cut.status).toBe(200);
        expect(cut.received).toBeLessThan(content.length);
      }

      const download = await h.commission().download(`/attachments/${attachment!.id}`);
      expect(Buffer.from(await download.arrayBuffer()).equals(content)).toBe(true);
      expect((await fetch(`${h.service.url}/readyz`)).status).toBe(200);
    });
  });
});
