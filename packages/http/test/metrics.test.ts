import express from 'express';
import { createMetrics, startHttpServer, type RunningServer } from '../src';

function anAppWithMetrics() {
  const metrics = createMetrics('licences-test');
  const app = express();
  app.use(metrics.middleware);
  const licences = express.Router();
  licences.get('/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  app.use('/licences', licences);
  app.get('/metrics', metrics.handler);
  return app;
}

describe('createMetrics', () => {
  let running: RunningServer;
  beforeEach(async () => {
    running = await startHttpServer(anAppWithMetrics(), 0, '127.0.0.1');
  });
  afterEach(async () => {
    await running.close();
  });

  async function scrape() {
    const response = await fetch(`${running.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  }

  it('counts requests by route pattern, not by URL, so ids do not make new series', async () => {
    await fetch(`${running.url}/licences/11111111-1111-4111-8111-111111111111`);
    await fetch(`${running.url}/licences/22222222-2222-4222-8222-222222222222`);

    const text = await scrape();

    expect(text).toContain(
      'http_request_duration_seconds_count{service="licences-test",method="GET",route="/licences/:id",status="200"} 2',
    );
    expect(text).not.toContain('11111111-1111');
  });

  it('labels a request no route matched as "unmatched", with its status', async () => {
    await fetch(`${running.url}/nowhere/123`);

    const text = await scrape();

    expect(text).toContain(
      'http_request_duration_seconds_count{service="licences-test",method="GET",route="unmatched",status="404"} 1',
    );
  });

  it("includes Node's default process metrics under the service label", async () => {
    const text = await scrape();

    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="licences-test"\} \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{service="licences-test"\} /m);
  });
});
