import type { Identity, SignIdentityOptions } from '@lmp/auth';
import { cachedIdentityTokens } from './identity-token-cache';

describe('cachedIdentityTokens', () => {
  const anna: Identity = { subject: 'n1', email: 'anna@a.example', name: 'Anna', role: 'operator' };
  const luca: Identity = { subject: 'n2', email: 'luca@b.example', name: 'Luca', role: 'operator' };

  it('signs once per person while the token has enough life left', async () => {
    let signed = 0;
    const token = cachedIdentityTokens(async (identity) => `${identity.subject}-${++signed}`, {
      ttlSeconds: 60,
      minRemainingSeconds: 30,
      maxEntries: 10,
    });

    expect([
      await token(anna, 'licences'),
      await token(anna, 'licences'),
      await token(luca, 'licences'),
    ]).toEqual(['n1-1', 'n1-1', 'n2-2']);
    expect(await token({ ...anna, role: 'commission' }, 'licences')).toBe('n1-3');
  });

  it('signs a token of its own for each service, with that service as its audience', async () => {
    const signed: SignIdentityOptions[] = [];
    const token = cachedIdentityTokens(
      async (identity, options) => {
        signed.push(options);
        return `${identity.subject}@${options.audience}`;
      },
      { ttlSeconds: 60, minRemainingSeconds: 30, maxEntries: 10 },
    );

    const tokens = [
      await token(anna, 'licences'),
      await token(anna, 'reporting'),
      await token(anna, 'licences'),
      await token(anna, 'transmissions'),
    ];

    expect(tokens).toEqual([
      'n1@lmp-licences',
      'n1@lmp-reporting',
      'n1@lmp-licences',
      'n1@lmp-transmissions',
    ]);
    expect(signed).toEqual([
      { audience: 'lmp-licences', ttlSeconds: 60 },
      { audience: 'lmp-reporting', ttlSeconds: 60 },
      { audience: 'lmp-transmissions', ttlSeconds: 60 },
    ]);
  });

  it('signs anew when the cached token would expire soon', async () => {
    let signed = 0;
    const token = cachedIdentityTokens(async () => `t${++signed}`, {
      ttlSeconds: 60,
      minRemainingSeconds: 61,
      maxEntries: 10,
    });
    expect([await token(anna, 'licences'), await token(anna, 'licences')]).toEqual(['t1', 't2']);
  });

  it('keeps at most maxEntries people', async () => {
    let signed = 0;
    const token = cachedIdentityTokens(async () => `t${++signed}`, {
      ttlSeconds: 60,
      minRemainingSeconds: 30,
      maxEntries: 1,
    });
    await token(anna, 'licences');
    await token(luca, 'licences');
    expect(await token(anna, 'licences')).toBe('t3');
  });
});
