import { randomUUID } from 'node:crypto';
import { startHarness, type Harness } from './support/transmissions-harness';

describe('methods a path does not take', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it.each([
    ['DELETE', '/transmissions/batches', 'GET, HEAD, POST'],
    ['PUT', '/transmissions/schedule', 'GET, HEAD'],
    ['GET', `/transmissions/batches/${randomUUID()}/dispatch`, 'POST'],
    ['DELETE', '/transmissions/feedback', 'GET, HEAD, POST'],
  ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
    const response = await h.commission().request(method, path);

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect(response.body).toMatchObject({ code: 'HTTP.METHOD_NOT_ALLOWED' });
  });
});

describe('methods a path does not take, asked by someone who may not use the path', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it.each(['/transmissions/feedback', '/transmissions/batches'])(
    'answers an operator 403 on PUT %s, not 405',
    async (path) => {
      expect((await h.operator().request('PUT', path)).status).toBe(403);
    },
  );
});
