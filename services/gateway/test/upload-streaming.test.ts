import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { createIdentityVerifier, identityAudience, identityJwk, IDENTITY_HEADER } from '@lmp/auth';
import { freePort } from '@lmp/testing';
import { startGatewayHarness, type GatewayHarness } from './support/gateway-harness';
import { call, sleep, waitUntil } from './support/http-client';
import { aMessageForm, aPdf, MB, startUpload, upload } from './support/upload-client';
import { startUploadService, type ReceivedUpload, type UploadService } from './support/upload-service';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const MESSAGE_BODY_LIMIT = 52 * MB; // the default

/**
 * Files are not held by the gateway: a message with its evidence, an import file, go on to the
 * service as they arrive, counted against the route's limit. A real HTTP server stands in for
 * messaging and licences, to see what arrives there and when it gives up.
 */
describe('uploads streamed through the gateway', () => {
  let h: GatewayHarness;
  let service: UploadService;
  let operator: string;
  let commission: string;
  beforeAll(async () => {
    service = await startUploadService();
    h = await startGatewayHarness({
      licences: false,
      env: {
        LICENCES_URL: service.url,
        MESSAGING_URL: service.url,
        TRANSMISSIONS_URL: `http://127.0.0.1:${await freePort()}`, // nothing listens: down
        RETRY_AFTER_SECONDS: '7',
      },
    });
    operator = await h.tokenFor('luca.rossi@magneti.example');
    commission = await h.tokenFor('claire.dubois@ec.europa.eu');
  });
  afterAll(async () => {
    await h.stop();
    await service.close();
  });
  beforeEach(() => {
    service.mode = 'read';
  });

  const messagesOf = (licenceId = randomUUID()) => `/licences/${licenceId}/messages`;
  const receivedAt = (path: string): ReceivedUpload | undefined =>
    service.received.findLast((r) => r.url === `/api/v1${path}`);
  const asOperator = (contentType: string, more: Record<string, string | number> = {}) => ({
    authorization: `Bearer ${operator}`,
    'content-type': contentType,
    ...more,
  });
  const MULTIPART = 'multipart/form-data; boundary=lmp-test';
  const smallForm = () => aMessageForm('See the attached decision', [aPdf(64 * 1024)].map(asPdf));
  const asPdf = (content: Buffer, i = 0) => ({ name: `decision-${i}.pdf`, type: 'application/pdf', content });

  it('passes a 40 MB message with its files to messaging byte for byte, with the caller’s identity', async () => {
    const path = messagesOf();
    const form = aMessageForm(
      'The MOFCOM decision, the contract and the customs papers',
      [aPdf(10 * MB), aPdf(10 * MB), aPdf(10 * MB), aPdf(10 * MB - 4096)].map(asPdf),
    );

    const answer = await upload(
      h.url,
      path,
      asOperator(form.contentType, { 'content-length': form.body.length }),
      form.body,
    );
    const received = receivedAt(path)!;

    expect(form.body.length).toBeGreaterThan(40 * 1000 * 1000);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ bytes: form.body.length, sha256: sha256(form.body) });
    expect(received.headers['content-type']).toBe(form.contentType);
    expect(received.headers['content-length']).toBe(String(form.body.length));
    expect(received.headers.authorization).toBeUndefined();
    const verify = createIdentityVerifier(identityJwk('public', undefined), {
      audience: identityAudience('messaging'),
    });
    await expect(verify(String(received.headers[IDENTITY_HEADER]))).resolves.toMatchObject({
      email: 'luca.rossi@magneti.example',
      role: 'operator',
    });
  });

  it('streams an EU Survey export sent in chunks to licences as it came, with its file name', async () => {
    const csv = Buffer.from(
      `licence_number,exporter,submitted_at\n${'CN-2025-000001,Ningbo Yunsheng,2025-11-01T09:00:00Z\n'.repeat(60_000)}`,
    );
    const sending = startUpload(h.url, '/migrations/eusurvey?dryRun=true', {
      authorization: `Bearer ${commission}`,
      'content-type': 'text/csv; charset=utf-8',
      'x-file-name': 'eusurvey-export-2026-03.csv',
    });

    for (let at = 0; at < csv.length; at += 256 * 1024) await sending.send(csv.subarray(at, at + 256 * 1024));
    await sending.end();
    const answer = await sending.answer;
    const received = receivedAt('/migrations/eusurvey?dryRun=true')!;

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ bytes: csv.length, sha256: sha256(csv) });
    expect(received.headers['x-file-name']).toBe('eusurvey-export-2026-03.csv');
    expect(received.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(received.headers['transfer-encoding']).toBe('chunked');
  });

  it('answers 413 when a body without a declared length passes the limit, and aborts the request to messaging', async () => {
    const path = messagesOf();
    const sending = startUpload(h.url, path, asOperator(MULTIPART));

    const sent = sending
      .send(randomBytes(MB), 60)
      .then(() => sending.end())
      .catch(() => undefined);
    const answer = await sending.answer;
    await sent;
    const received = await waitUntil(
      () => (receivedAt(path)?.aborted ? receivedAt(path) : undefined),
      'messaging to see its request aborted',
    );

    expect(answer.status).toBe(413);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 413, code: 'HTTP.PAYLOAD_TOO_LARGE' });
    expect(received.complete).toBe(false);
    expect(received.bytes).toBeLessThanOrEqual(MESSAGE_BODY_LIMIT);
  });

  it('answers 413 to a declared Content-Length over the limit before a byte of the body is sent', async () => {
    const path = messagesOf();
    const sending = startUpload(
      h.url,
      path,
      asOperator(MULTIPART, { 'content-length': MESSAGE_BODY_LIMIT + 1 }),
    );

    const answer = await sending.answer;
    sending.hangUp();

    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ code: 'HTTP.PAYLOAD_TOO_LARGE' });
    expect(receivedAt(path)).toBeUndefined();
  });

  it('hands messaging’s early answer to the client while it is still sending, and drops the rest of the body', async () => {
    service.mode = 'early';
    const path = messagesOf();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sending = startUpload(h.url, path, asOperator(MULTIPART, { 'content-length': 30 * MB }), agent);

    await sending.send(randomBytes(MB));
    const answer = await sending.answer;
    // 29 MB are still to come: the gateway reads them off the connection and drops them.
    await sending.send(randomBytes(MB), 29);
    await sending.end();
    service.mode = 'read';
    const form = smallForm();
    const next = await upload(
      h.url,
      messagesOf(),
      asOperator(form.contentType, { 'content-length': form.body.length }),
      form.body,
      agent, // the same connection: it is usable again
    );
    agent.destroy();
    const received = await waitUntil(
      () => (receivedAt(path)?.aborted ? receivedAt(path) : undefined),
      'messaging’s request to be closed',
    );

    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ code: 'RESOURCE.NOT_FOUND' });
    // Nothing was sent on after the answer came.
    expect(received.bytes).toBeLessThanOrEqual(MB);
    expect(next.status).toBe(200);
    expect(next.body.sha256).toBe(sha256(form.body));
  });

  it('aborts the request to messaging when the client hangs up mid-upload, and keeps serving', async () => {
    const path = messagesOf();
    const sending = startUpload(h.url, path, asOperator(MULTIPART, { 'content-length': 40 * MB }));

    await sending.send(randomBytes(MB), 5);
    await waitUntil(() => (receivedAt(path)?.bytes ?? 0) > 0, 'the upload to reach messaging');
    sending.hangUp();
    const received = await waitUntil(
      () => (receivedAt(path)?.aborted ? receivedAt(path) : undefined),
      'messaging to see its request aborted',
    );
    const form = smallForm();
    const next = await upload(
      h.url,
      messagesOf(),
      asOperator(form.contentType, { 'content-length': form.body.length }),
      form.body,
    );

    expect(received.complete).toBe(false);
    expect(next.status).toBe(200);
    expect(next.body.sha256).toBe(sha256(form.body));
    expect((await call(h.url, 'GET', '/healthz')).status).toBe(200);
  });

  it('answers 503 with Retry-After when the service cannot be reached', async () => {
    const csv = Buffer.from(`licenceNumber,status,date\n${'CN-1,granted,2025-11-01\n'.repeat(100_000)}`);

    const answer = await upload(
      h.url,
      '/transmissions/feedback',
      { authorization: `Bearer ${commission}`, 'content-type': 'text/csv', 'content-length': csv.length },
      csv,
    );

    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('7');
    expect(answer.body).toMatchObject({ status: 503, code: 'DEPENDENCY.UNAVAILABLE' });
    expect(answer.body.detail).toContain('transmissions');
  });

  it('still reads a JSON message whole, with the JSON limit messaging has too', async () => {
    const path = messagesOf();

    const answer = await call(h.url, 'POST', `/api/v1${path}`, {
      token: operator,
      body: { body: 'x'.repeat(300 * 1024) },
    });

    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ code: 'HTTP.PAYLOAD_TOO_LARGE' });
    expect(receivedAt(path)).toBeUndefined();
  });

  it('sends a streamed upload once: unlike a JSON message, it is not sent again on a dropped connection', async () => {
    const form = smallForm();
    const warmUp = async () => {
      // A request that leaves a kept-alive connection to messaging, which the next one reuses.
      service.mode = 'read';
      const path = messagesOf();
      await upload(
        h.url,
        path,
        asOperator(form.contentType, { 'content-length': form.body.length }),
        form.body,
      );
      service.mode = 'reset';
    };
    const attemptsAt = (path: string) => service.received.filter((r) => r.url === `/api/v1${path}`).length;

    await warmUp();
    const jsonPath = messagesOf();
    const json = await call(h.url, 'POST', `/api/v1${jsonPath}`, {
      token: operator,
      body: { body: 'Any news?' },
      headers: { 'idempotency-key': randomUUID() },
    });
    await warmUp();
    const filePath = messagesOf();
    const file = await upload(
      h.url,
      filePath,
      asOperator(form.contentType, { 'content-length': form.body.length, 'idempotency-key': randomUUID() }),
      form.body,
    );

    expect(json.status).toBe(503);
    expect(attemptsAt(jsonPath)).toBe(2);
    expect(file.status).toBe(503);
    expect(file.body).toMatchObject({ code: 'DEPENDENCY.UNAVAILABLE' });
    expect(attemptsAt(filePath)).toBe(1);
  });
});

describe('a service or a client that goes quiet mid-upload', () => {
  let h: GatewayHarness;
  let service: UploadService;
  let operator: string;
  beforeAll(async () => {
    service = await startUploadService();
    h = await startGatewayHarness({
      licences: false,
      env: { LICENCES_URL: service.url, MESSAGING_URL: service.url, SERVICE_TIMEOUT_MS: '300' },
    });
    operator = await h.tokenFor('luca.rossi@magneti.example');
  });
  afterAll(async () => {
    await h.stop();
    await service.close();
  });

  const headers = (length: number) => ({
    authorization: `Bearer ${operator}`,
    'content-type': 'multipart/form-data; boundary=lmp-test',
    'content-length': length,
  });

  it('answers 503 when messaging stops taking the body for the service timeout', async () => {
    service.mode = 'stall';
    const path = `/licences/${randomUUID()}/messages`;

    const answer = await upload(h.url, path, headers(20 * MB), randomBytes(20 * MB));

    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ code: 'DEPENDENCY.UNAVAILABLE' });
    expect(answer.body.detail).toContain('messaging');
  });

  it('waits for a client that pauses longer than the service timeout, which is not the service’s silence', async () => {
    service.mode = 'read';
    const body = randomBytes(4 * MB);
    const sending = startUpload(h.url, `/licences/${randomUUID()}/messages`, headers(body.length));

    await sending.send(body.subarray(0, MB));
    await sleep(1000); // over SERVICE_TIMEOUT_MS of 300 ms
    await sending.send(body.subarray(MB));
    await sending.end();
    const answer = await sending.answer;

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ bytes: body.length, sha256: sha256(body) });
  });
});
