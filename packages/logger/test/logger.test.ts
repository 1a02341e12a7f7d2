import { Writable } from 'node:stream';
import { createLogger, runWithContext } from '../src';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('puts the request and correlation ids of the work in progress on every line', async () => {
    const { lines, stream } = capture();
    const logger = createLogger({ name: 'licences', level: 'info' }, stream);

    await runWithContext({ requestId: 'req-1', correlationId: 'corr-1' }, async () => {
      await Promise.resolve();
      logger.info('inside');
    });
    logger.info('outside');

    expect(lines[0]).toMatchObject({
      service: 'licences',
      requestId: 'req-1',
      correlationId: 'corr-1',
      msg: 'inside',
    });
    expect(lines[1]).not.toHaveProperty('requestId');
  });

  it('never writes an authorization header', () => {
    const { lines, stream } = capture();
    createLogger({ name: 'gateway' }, stream).info(
      { headers: { authorization: 'Bearer secret' } },
      'request',
    );
    expect(JSON.stringify(lines[0])).not.toContain('secret');
  });
});
