import { z } from 'zod';
import { metricsPortOf, serviceSettings } from '../src';

const ZConfig = z.object(serviceSettings(3001));

describe('serviceSettings', () => {
  it('listens on the loopback interface unless HOST says otherwise', () => {
    expect(ZConfig.parse({}).HOST).toBe('127.0.0.1');
    expect(ZConfig.parse({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('reads METRICS_PORT as a port, unset when empty, and refuses anything else', () => {
    expect(ZConfig.parse({ METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
    expect(ZConfig.parse({ METRICS_PORT: '0' }).METRICS_PORT).toBe(0);
    expect(ZConfig.parse({}).METRICS_PORT).toBeUndefined();
    expect(ZConfig.parse({ METRICS_PORT: '' }).METRICS_PORT).toBeUndefined();
    for (const bad of ['70000', '-1', 'metrics', '80.5']) {
      expect(ZConfig.safeParse({ METRICS_PORT: bad }).success).toBe(false);
    }
  });
});

describe('metricsPortOf', () => {
  it.each([
    ['PORT + 1000 by default', { PORT: 3001 }, 4001],
    ['PORT + 1000 for the gateway', { PORT: 8080 }, 9080],
    ['any free port when PORT is 0', { PORT: 0 }, 0],
    ['METRICS_PORT when set', { PORT: 3001, METRICS_PORT: 9464 }, 9464],
    ['any free port when METRICS_PORT is 0', { PORT: 3001, METRICS_PORT: 0 }, 0],
  ])('is %s', (_what, config, expected) => {
    expect(metricsPortOf(config)).toBe(expected);
  });

  it('asks for METRICS_PORT when PORT + 1000 is not a port', () => {
    expect(() => metricsPortOf({ PORT: 65000 })).toThrow(/^METRICS_PORT: PORT \+ 1000 is above 65535/);
  });
});
