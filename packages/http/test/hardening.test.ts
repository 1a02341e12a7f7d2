import { connect } from 'node:net';
import express, { Router } from 'express';
import { notFoundHandler, problemErrorHandler } from '@lmp/errors';
import { jsonBody, jsonNestsDeeperThan, methodNotAllowed, startHttpServer, type RunningServer } from '../src';

const silent = { error: () => undefined, warn: () => undefined };

/** A real server with the shared JSON parser, a router guarded by methodNotAllowed, and the error path. */
async function aServer(): Promise<RunningServer> {
  const app = express();
  const router = Router();
  router.get('/things', (_req, res) => void res.json([]));
  router.post('/things', (req, res) => void res.status(201).json(req.body));
  router.patch('/things/:id', (req, res) => void res.json({ id: req.params.id, ...req.body }));
  router.use(methodNotAllowed(router));
  app.use(jsonBody({ maxDepth: 8 }));
  app.use(router);
  app.use(notFoundHandler);
  app.use(problemErrorHandler(silent));
  return startHttpServer(app, 0, '127.0.0.1');
}

/** Writes bytes on a fresh connection and reads until the server closes it. */
function rawExchange(port: number, request: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.write(request);
  });
}

function parseRawResponse(text: string) {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: body ? JSON.parse(body) : undefined };
}

describe('jsonNestsDeeperThan', () => {
  it.each([
    ['[]', 1, false],
    ['[[]]', 1, true],
    ['{"a":{"b":[1,{"c":2}]}}', 4, false],
    ['{"a":{"b":[1,{"c":2}]}}', 3, true],
    ['{"a":"[[[[[[{{{{"}', 1, false],
    ['{"a":"\\"[[[["}', 1, false],
    ['[[],[],[],[]]', 2, false],
  ])('reads %s at a limit of %i as too deep: %s', (json, limit, deeper) => {
    expect(jsonNestsDeeperThan(Buffer.from(json), limit)).toBe(deeper);
  });

  it('reads 1,000,000 levels without running out of stack', () => {
    expect(jsonNestsDeeperThan(Buffer.from('['.repeat(1_000_000)), 64)).toBe(true);
  });
});

describe('jsonBody and methodNotAllowed on a real server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await aServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const post = (body: string, contentType = 'application/json') =>
    fetch(`${server.url}/things`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('takes JSON up to the configured depth', async () => {
    const response = await post(JSON.stringify({ a: [[[[[[[1]]]]]]] }));
    expect(response.status).toBe(201);
  });

  it.each([9, 100_000])('refuses %i levels with 400 problem+json', async (depth) => {
    const response = await post('['.repeat(depth) + ']'.repeat(depth));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ code: 'HTTP.JSON_TOO_DEEP' });
  });

  it.each(['latin1', 'utf-16', 'utf-16le', 'ISO-8859-1', '""'])(
    'refuses charset=%s with 415',
    async (charset) => {
      const response = await post('{}', `application/json; charset=${charset}`);
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({ code: 'HTTP.UNSUPPORTED_MEDIA_TYPE' });
    },
  );

  it.each(['application/json', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"'])(
    'takes %s',
    async (contentType) => {
      expect((await post('{"a":"é"}', contentType)).status).toBe(201);
    },
  );

  it.each([
    ['DELETE', '/things/1', 'PATCH'],
    ['PUT', '/things', 'GET, HEAD, POST'],
  ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
    const response = await fetch(`${server.url}${path}`, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect(await response.json()).toMatchObject({ code: 'HTTP.METHOD_NOT_ALLOWED' });
  });

  it('still answers HEAD where GET is, and 404 on a path no route knows', async () => {
    expect((await fetch(`${server.url}/things`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${server.url}/nothing`, { method: 'DELETE' })).status).toBe(404);
  });

  it('answers a path with a bad percent-encoding with 400 problem+json', async () => {
    const response = await fetch(`${server.url}/things/%ZZ`, { method: 'PATCH' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'HTTP.MALFORMED_URL' });
  });
});

describe('requests Node refuses before Express sees them', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await aServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers headers over 16 KB with 431 problem+json and closes the connection', async () => {
    const text = await rawExchange(
      server.port,
      `GET /things HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    const response = parseRawResponse(text);
    expect(response.status).toBe(431);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.headers.connection).toBe('close');
    expect(response.body).toMatchObject({ status: 431, code: 'HTTP.HEADERS_TOO_LARGE' });
  });

  it('answers a NUL in a header with 400 problem+json', async () => {
    const text = await rawExchange(
      server.port,
      'GET /things HTTP/1.1\r\nHost: localhost\r\nX-A: a\0b\r\n\r\n',
    );
    const response = parseRawResponse(text);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status: 400, code: 'HTTP.BAD_REQUEST' });
  });

  it('answers a request line that is not HTTP with 400 problem+json', async () => {
    const response = parseRawResponse(await rawExchange(server.port, 'HELLO\r\n\r\n'));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'HTTP.BAD_REQUEST' });
  });

  it('closes without writing when the bad request follows one whose answer has started', async () => {
    // Pipelined: the first answer is on its way when the parser fails on the second request, so
    // a 400 written now would corrupt it; the connection is closed after the first answer instead.
    const text = await rawExchange(
      server.port,
      'GET /things HTTP/1.1\r\nHost: localhost\r\n\r\nGET /things HTTP/1.1\r\nHost: localhost\r\nX-A: \0\r\n\r\n',
    );
    expect(text.startsWith('HTTP/1.1 200 OK')).toBe(true);
    expect(text.endsWith('\r\n\r\n[]')).toBe(true);
    expect(text.match(/HTTP\/1\.1 /g)).toHaveLength(1);
  });
});
