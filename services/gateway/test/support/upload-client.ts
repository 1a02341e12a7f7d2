import { randomBytes } from 'node:crypto';
import { request, type Agent, type ClientRequest, type IncomingHttpHeaders } from 'node:http';

export interface UploadAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  body: any;
}

/** An upload the test sends piece by piece, reading the gateway's answer whenever it comes. */
export interface UploadInProgress {
  /** The whole answer; it may arrive before the body was all sent. */
  answer: Promise<UploadAnswer>;
  /** The answer's headers have arrived. */
  readonly answered: boolean;
  /** Sends `chunk` `times` times, waiting whenever the gateway takes no more (back-pressure). */
  send(chunk: Buffer, times?: number): Promise<void>;
  end(): Promise<void>;
  /** Hangs up mid-body. */
  hangUp(): void;
}

/** POST to the gateway with node:http (not fetch), which reads an answer while it still sends. */
export function startUpload(
  baseUrl: string,
  path: string,
  headers: Record<string, string | number>,
  agent?: Agent,
): UploadInProgress {
  let answered = false;
  const client = request(`${baseUrl}/api/v1${path}`, { method: 'POST', headers, ...(agent && { agent }) });
  const answer = new Promise<UploadAnswer>((resolve, reject) => {
    client.once('error', reject);
    client.once('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: response.statusCode!, headers: response.headers, text, body });
      });
    });
  });
  // A hang-up rejects it on purpose; a test that cares awaits it.
  answer.catch(() => undefined);
  // The headers go now, before any of the body (a declared length is judged on them alone).
  client.flushHeaders();
  return {
    answer,
    get answered() {
      return answered;
    },
    async send(chunk, times = 1) {
      for (let i = 0; i < times; i++) {
        if (client.destroyed) throw new Error('the upload was cut off');
        if (!client.write(chunk)) await drained(client);
      }
    },
    end: () => new Promise<void>((resolve) => client.end(resolve)),
    hangUp: () => client.destroy(),
  };
}

/**
 * Until the request takes more. Once its answer is complete, Node's client stops passing its
 * socket's 'drain' on to the request, so the socket's own counts too (a body still being sent
 * after an early answer).
 */
function drained(client: ClientRequest): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const socket = client.socket;
    const done = (error?: Error) => {
      client.off('drain', onDrain);
      socket?.off('drain', onDrain);
      client.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('the upload was cut off'));
    client.once('drain', onDrain);
    socket?.once('drain', onDrain);
    client.once('close', onClose);
  });
}

/** Sends a whole body (in 1 MB pieces) and returns the answer. */
export async function upload(
  baseUrl: string,
  path: string,
  headers: Record<string, string | number>,
  body: Buffer,
  agent?: Agent,
): Promise<UploadAnswer> {
  const call = startUpload(baseUrl, path, headers, agent);
  for (let at = 0; at < body.length; at += MB) await call.send(body.subarray(at, at + MB));
  await call.end();
  return call.answer;
}

export const MB = 1024 * 1024;

export interface FormFile {
  name: string;
  type: string;
  content: Buffer;
}

/** A message as a browser's form sends it: the `body` field and its `files`. */
export function aMessageForm(text: string, files: FormFile[]): { contentType: string; body: Buffer } {
  const boundary = `----lmp-${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\n${text}\r\n`),
  ];
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${file.name}"\r\n` +
          `Content-Type: ${file.type}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(parts) };
}

/** A PDF of about `bytes` bytes (messaging types files by their content, not their name). */
export function aPdf(bytes: number): Buffer {
  const head = Buffer.from('%PDF-1.4\n1 0 obj <<>> stream\n');
  const tail = Buffer.from('\nendstream endobj\ntrailer <<>>\n%%EOF\n');
  return Buffer.concat([head, randomBytes(Math.max(0, bytes - head.length - tail.length)), tail]);
}
