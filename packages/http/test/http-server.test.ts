import express from 'express';
import { startHttpServer, type RunningServer } from '../src';

describe('startHttpServer', () => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('listens on a free port when given port 0 and serves the app there', async () => {
    const app = express();
    app.get('/hello', (_req, res) => {
      res.json({ hello: 'world' });
    });
    running = await startHttpServer(app, 0, '127.0.0.1');

    const response = await fetch(`${running.url}/hello`);

    expect(running.port).toBeGreaterThan(0);
    expect(running.url).toBe(`http://127.0.0.1:${running.port}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ hello: 'world' });
  });

  it('finishes a request in flight before close() resolves, and then refuses new connections', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const inHandler = new Promise<void>((resolve) => (arrived = resolve));
    const app = express();
    app.get('/slow', async (_req, res) => {
      arrived();
      await released;
      res.json({ finished: true });
    });
    const server = await startHttpServer(app, 0, '127.0.0.1');

    const inFlight = fetch(`${server.url}/slow`, { headers: { connection: 'close' } });
    await inHandler;
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((resolve) => setImmediate(resolve));
    const closedBeforeRelease = closed;
    release();
    const response = await inFlight;
    await closing;

    expect(closedBeforeRelease).toBe(false);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });
    await expect(fetch(`${server.url}/slow`)).rejects.toThrow();
  });

  it('rejects when the port is already taken', async () => {
    running = await startHttpServer(express(), 0, '127.0.0.1');

    await expect(startHttpServer(express(), running.port, '127.0.0.1')).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });
});
