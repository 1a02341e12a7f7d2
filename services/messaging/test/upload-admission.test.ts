import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_MESSAGE_MAX } from '@lmp/contracts';
import { readConfig } from '../src/config';
import { aPdf } from './support/files';
import {
  startHarness,
  waitUntil,
  type ApiClient,
  type Harness,
  type TestCompany,
} from './support/messaging-harness';

const BOUNDARY = 'lmp-upload-admission-test';

/** A message form as a browser sends it: the `body` field, then the files, as multipart/form-data. */
function formBody(body: string, files: { name: string; content: Buffer }[]): Buffer {
  const parts: Buffer[] = [
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="body"\r\n\r\n${body}\r\n`),
  ];
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="${file.name}"\r\n` +
          'Content-Type: application/pdf\r\n\r\n',
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

/** A PDF of `bytes` bytes. */
const aPdfOf = (bytes: number) => Buffer.concat([aPdf(), Buffer.alloc(bytes - aPdf().length, 0x20)]);

/** The most a message may carry: five files of 10 MB. */
const largestForm = () =>
  formBody(
    'Every page of the decision',
    Array.from({ length: ATTACHMENTS_PER_MESSAGE_MAX }, (_, i) => ({
      name: `decision-${i}.pdf`,
      content: aPdfOf(ATTACHMENT_MAX_BYTES),
    })),
  );

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/**
 * An upload sent by hand in two steps: its headers and the first `headBytes` of its body at once,
 * the rest only when the test calls `sendRest` (or never: `hangUp`). An answer that comes while
 * the rest is unsent was given without the body being read.
 */
interface Upload {
  request: http.ClientRequest;
  answer: Promise<Answer>;
  sendRest(): Promise<void>;
  hangUp(): void;
}

async function startUpload(
  baseUrl: string,
  api: ApiClient,
  path: string,
  payload: Buffer,
  { headBytes = 32 * 1024, agent = false as http.Agent | false } = {},
): Promise<Upload> {
  const request = http.request(`${baseUrl}/api/v1${path}`, {
    method: 'POST',
    agent,
    headers: {
      ...(await api.headers()),
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      'content-length': String(payload.length),
    },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode!, headers: response.headers, body: text && JSON.parse(text) });
      });
    });
  });
  // A hung-up upload has no answer: the test does not wait for one.
  answer.catch(() => undefined);
  request.write(payload.subarray(0, headBytes));
  return {
    request,
    answer,
    sendRest: () =>
      new Promise<void>((resolve, reject) => {
        request.once('error', reject);
        request.end(payload.subarray(headBytes), () => resolve());
      }),
    hangUp: () => {
      request.destroy();
    },
  };
}

describe('uploads (multipart messages)', () => {
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
  const messageCount = async () => (await h.sql('SELECT count(*)::int AS n FROM messages'))[0]!.n as number;

  describe('to a thread the caller may not post to', () => {
    const targets: [string, () => Promise<{ path: string; detail: string }>][] = [
      [
        'another company’s licence',
        async () => ({
          path: `/licences/${(await h.aLicence(await h.aCompany())).id}/messages`,
          detail: 'No such licence',
        }),
      ],
      [
        'another company’s thread',
        async () => {
          const other = await h.aCompany();
          const posted = await other.users[0]!.api.post('/me/company/messages', { body: 'Ours' });
          return { path: `/messages/threads/${posted.body.threadId}/messages`, detail: 'No such thread' };
        },
      ],
      [
        'a licence that does not exist',
        async () => ({ path: `/licences/${randomUUID()}/messages`, detail: 'No such licence' }),
      ],
    ];

    it.each(targets)(
      'is 404 for %s before the body is read, and the connection stays usable',
      async (_what, target) => {
        const { path, detail } = await target();
        const before = await messageCount();
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

        // Act: 50 MB announced, 32 KB sent; the answer comes without the rest.
        const upload = await startUpload(h.service.url, operator(), path, largestForm(), { agent });
        const answer = await upload.answer;

        expect(answer.status).toBe(404);
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(answer.body).toMatchObject({ status: 404, code: 'RESOURCE.NOT_FOUND', detail });
        // The client sends the rest after all: the service drops it and the connection carries
        // the next request.
        await upload.sendRest();
        const next = await startUpload(
          h.service.url,
          operator(),
          `/licences/${licenceId}/messages`,
          formBody('Next one', [{ name: 'next.pdf', content: aPdf() }]),
          { agent },
        );
        await next.sendRest();
        expect((await next.answer).status).toBe(201);
        expect(next.request.reusedSocket).toBe(true);
        expect(await messageCount()).toBe(before + 1);
        agent.destroy();
      },
    );

    it('is 403 for an operator without a company before the body is read', async () => {
      const upload = await startUpload(
        h.service.url,
        h.operatorWithoutCompany(),
        '/me/company/messages',
        largestForm(),
      );
      const answer = await upload.answer;
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ code: 'AUTH.COMPANY_REQUIRED' });
      upload.hangUp();
    });

    it('leaves the service healthy when the client hangs up after the 404', async () => {
      const other = await h.aLicence(await h.aCompany());
      const upload = await startUpload(
        h.service.url,
        operator(),
        `/licences/${other.id}/messages`,
        largestForm(),
      );
      expect((await upload.answer).status).toBe(404);
      upload.hangUp();

      const posted = await operator().postForm(`/licences/${licenceId}/messages`, 'Still here', [
        { name: 'after.pdf', content: aPdf() },
      ]);
      expect(posted.status).toBe(201);
      expect((await fetch(`${h.service.url}/healthz`)).status).toBe(200);
    });
  });

  describe('over MAX_CONCURRENT_UPLOADS', () => {
    // The harness leaves the setting at its default.
    const cap = readConfig({}).MAX_CONCURRENT_UPLOADS;

    /** `cap` uploads in progress: each has sent a part of its body and waits. */
    const holdEveryUploadSlot = () =>
      Promise.all(
        Array.from({ length: cap }, (_, i) =>
          startUpload(
            h.service.url,
            operator(),
            `/licences/${licenceId}/messages`,
            formBody(`Held upload ${i}`, [{ name: `held-${i}.pdf`, content: aPdfOf(256 * 1024) }]),
          ),
        ),
      );

    /** A multipart message that, once let in, is refused for its extra field (so it stores nothing). */
    const probe = async () => {
      const form = new FormData();
      form.append('body', 'Probe');
      form.append('subject', 'not a field of a message');
      const response = await fetch(`${h.service.url}/api/v1/licences/${licenceId}/messages`, {
        method: 'POST',
        headers: await operator().headers(),
        body: form,
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as any };
    };
    const refusedAtTheCap = () => waitUntil(async () => (await probe()).status === 503, 'a 503 at the cap');

    it('answers 503 with Retry-After before reading the body, and takes every upload within the cap', async () => {
      const before = await messageCount();
      const held = await holdEveryUploadSlot();

      await refusedAtTheCap();
      const refused = await probe();
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({
        type: expect.stringMatching(/\/unavailable$/),
        status: 503,
        code: 'DEPENDENCY.UNAVAILABLE',
        detail: expect.stringContaining(`${cap} messages with files`),
      });
      // A message without files is no upload: it goes through at the cap.
      expect((await operator().post(`/licences/${licenceId}/messages`, { body: 'Text only' })).status).toBe(
        201,
      );

      // All `cap` were in progress at once, and every one of them is stored.
      await Promise.all(held.map((upload) => upload.sendRest()));
      const answers = await Promise.all(held.map((upload) => upload.answer));
      expect(answers.map((a) => a.status)).toEqual(Array(cap).fill(201));
      expect(await messageCount()).toBe(before + cap + 1);
      // Their slots are free again.
      expect((await probe()).status).toBe(422);
    });

    it('gives back the slot of an upload whose client hung up mid-way', async () => {
      const held = await holdEveryUploadSlot();
      await refusedAtTheCap();

      held[0]!.hangUp();

      await waitUntil(async () => (await probe()).status === 422, 'the hung-up upload’s slot back');
      await Promise.all(held.slice(1).map((upload) => upload.sendRest()));
      const answers = await Promise.all(held.slice(1).map((upload) => upload.answer));
      expect(answers.map((a) => a.status)).toEqual(Array(cap - 1).fill(201));
    });
  });
});
