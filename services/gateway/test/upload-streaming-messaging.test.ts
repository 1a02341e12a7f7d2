import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { startGatewayHarness, type GatewayHarness } from './support/gateway-harness';
import { waitUntil, type ApiClient } from './support/http-client';
import { startMessagingProcess, type MessagingProcess } from './support/messaging-process';
import { aMessageForm, aPdf, MB, startUpload, upload } from './support/upload-client';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The streamed upload end to end: the gateway in front of the real messaging service, a process of its own. */
describe('a message with files through the gateway to messaging', () => {
  let messaging: MessagingProcess;
  let h: GatewayHarness;
  let operator: ApiClient;
  beforeAll(async () => {
    messaging = await startMessagingProcess();
    h = await startGatewayHarness({ licences: false, env: { MESSAGING_URL: messaging.service.url } });
    const email = `anna.${randomUUID().slice(0, 8)}@autoteile.example`;
    operator = h.client(await h.tokenFor(email, 'Anna Schmidt'));
    await messaging.joinNewCompany(email, 'Anna Schmidt');
    await waitUntil(
      async () => (await operator.get('/me/company/messages')).status === 200,
      'messaging to know the operator’s company',
    );
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await messaging?.stop();
  });

  const headersFor = (contentType: string, length: number) => ({
    authorization: `Bearer ${operator.token}`,
    'content-type': contentType,
    'content-length': length,
  });

  it('stores the PDF an operator sends byte for byte, and gives the same bytes back', async () => {
    const pdf = aPdf(8 * MB);
    const form = aMessageForm('The MOFCOM decision', [
      { name: 'decision.pdf', type: 'application/pdf', content: pdf },
    ]);

    const posted = await upload(
      h.url,
      '/me/company/messages',
      headersFor(form.contentType, form.body.length),
      form.body,
    );
    const attachment = posted.body.attachments?.[0];
    const download = await fetch(`${h.url}/api/v1/attachments/${attachment?.id}`, {
      headers: { authorization: `Bearer ${operator.token}` },
    });
    const stored = Buffer.from(await download.arrayBuffer());

    expect(posted.status).toBe(201);
    expect(attachment).toMatchObject({ fileName: 'decision.pdf' });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(stored.length).toBe(pdf.length);
    expect(sha256(stored)).toBe(sha256(pdf));
  });

  it('hands messaging’s 404 for a licence it does not know to the client while the files are still being sent', async () => {
    const size = 20 * MB;
    const sending = startUpload(
      h.url,
      `/licences/${randomUUID()}/messages`,
      headersFor('multipart/form-data; boundary=lmp-test', size),
    );

    await sending.send(randomBytes(MB));
    const answer = await sending.answer;
    await sending.send(randomBytes(MB), size / MB - 1);
    await sending.end();

    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 404, code: 'RESOURCE.NOT_FOUND' });
  });
});
