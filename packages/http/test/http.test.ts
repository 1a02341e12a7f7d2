import express from 'express';
import request from 'supertest';
import { notFoundHandler, problemErrorHandler } from '@lmp/errors';
import { getContext } from '@lmp/logger';
import { healthRoutes, jsonBody, requestContext } from '../src';

const silent = { error: () => undefined, warn: () => undefined };

function anApp() {
  const app = express();
  app.use(requestContext());
  app.use(healthRoutes({ database: () => true, broker: () => false }));
  app.use(jsonBody({ limit: '1kb' }));
  app.post('/echo', (req, res) => {
    res.json({ body: req.body, requestId: getContext()?.requestId });
  });
  app.use(notFoundHandler);
  app.use(problemErrorHandler(silent));
  return app;
}

describe('requestContext', () => {
  it('carries the given X-Request-Id into the handler and the response', async () => {
    const response = await request(anApp()).post('/echo').set('x-request-id', 'req-42').send({ a: 1 });
    expect(response.headers['x-request-id']).toBe('req-42');
    expect(response.body).toEqual({ body: { a: 1 }, requestId: 'req-42' });
  });

  it('replaces an X-Request-Id that could forge log lines', async () => {
    const response = await request(anApp()).post('/echo').set('x-request-id', 'a b\tc').send({});
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('jsonBody', () => {
  it('answers malformed JSON with 400 problem+json', async () => {
    const response = await request(anApp()).post('/echo').set('content-type', 'application/json').send('{"a":');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('answers a body that is not JSON with 415', async () => {
    const response = await request(anApp()).post('/echo').set('content-type', 'text/plain').send('hello');
    expect(response.status).toBe(415);
  });

  it('answers a body over the limit with 413', async () => {
    const response = await request(anApp()).post('/echo').send({ big: 'x'.repeat(2000) });
    expect(response.status).toBe(413);
  });
});

describe('healthRoutes', () => {
  it('is alive even when a dependency is down, but not ready', async () => {
    expect((await request(anApp()).get('/healthz')).status).toBe(200);
    const ready = await request(anApp()).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.headers['retry-after']).toBe('5');
    expect(ready.body.checks).toEqual({ database: 'up', broker: 'down' });
  });
});
