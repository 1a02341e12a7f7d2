import { unsubscribeTokens } from '../src';

const SECRET = 'a-test-secret-of-at-least-32-bytes-long';

describe('unsubscribeTokens', () => {
  const tokens = unsubscribeTokens(SECRET);

  it('verifies what it signed', () => {
    const token = tokens.sign({ userId: 'user-1', kind: 'transmission-digest' });

    expect(tokens.verify(token)).toEqual({ userId: 'user-1', kind: 'transmission-digest' });
  });

  it('makes tokens safe in a URL as they are', () => {
    const token = tokens.sign({ userId: 'ü/ser?&=1', kind: 'stale-reminder' });

    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(tokens.verify(token)).toEqual({ userId: 'ü/ser?&=1', kind: 'stale-reminder' });
  });

  it('refuses a token whose claims were changed', () => {
    const [, signature] = tokens.sign({ userId: 'user-1', kind: 'new-message' }).split('.');
    const forged = Buffer.from(JSON.stringify({ v: 1, u: 'user-2', k: 'new-message' })).toString('base64url');

    expect(tokens.verify(`${forged}.${signature}`)).toBeNull();
  });

  it('refuses a token whose signature was changed, even in its last character', () => {
    const token = tokens.sign({ userId: 'user-1', kind: 'new-message' });
    for (const replacement of ['A', 'B', 'C', 'D', '_']) {
      const altered = token.slice(0, -1) + replacement;
      if (altered !== token) expect(tokens.verify(altered)).toBeNull();
    }
  });

  it('refuses a token signed with another secret', () => {
    const other = unsubscribeTokens('another-secret-that-is-32-bytes-or-more');

    expect(tokens.verify(other.sign({ userId: 'user-1', kind: 'new-message' }))).toBeNull();
  });

  it.each(['', 'garbage', 'a.b', '.', `${'x'.repeat(2_000)}.${'y'.repeat(43)}`])('refuses %j', (token) => {
    expect(tokens.verify(token)).toBeNull();
  });

  it('refuses a short secret', () => {
    expect(() => unsubscribeTokens('short')).toThrow(/32 bytes/);
  });
});
