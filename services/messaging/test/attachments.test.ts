import { createHash } from 'node:crypto';
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
});
