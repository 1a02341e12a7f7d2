import { commissionRule } from './commission-rule';
import { identityFromClaims } from './identity-from-claims';
import { InvalidTokenError } from './invalid-token.error';

describe('identityFromClaims', () => {
  const rule = commissionRule(['ec.europa.eu']);

  it('takes sub, the lower-cased e-mail and the name', () => {
    expect(
      identityFromClaims(
        { sub: 'n123', email: 'Anna.Schmidt@Autoparts.example', name: 'Anna Schmidt' },
        rule,
      ),
    ).toEqual({
      subject: 'n123',
      email: 'anna.schmidt@autoparts.example',
      name: 'Anna Schmidt',
      role: 'operator',
    });
  });

  it('makes the name from given and family names, else from the e-mail', () => {
    expect(
      identityFromClaims(
        { sub: 'n1', email: 'a@b.example', given_name: 'Jean-Luc', family_name: 'Picard' },
        rule,
      ).name,
    ).toBe('Jean-Luc Picard');
    expect(identityFromClaims({ sub: 'n1', email: 'a@b.example' }, rule).name).toBe('a@b.example');
  });

  it('gives the Commission role to a verified address the rule names', () => {
    expect(identityFromClaims({ sub: 'n1', email: 'c@ec.europa.eu', email_verified: true }, rule).role).toBe(
      'commission',
    );
    expect(identityFromClaims({ sub: 'n1', email: 'c@ec.europa.eu', email_verified: false }, rule).role).toBe(
      'operator',
    );
  });

  it('refuses a token without a usable e-mail address', () => {
    expect(() => identityFromClaims({ sub: 'n1' }, rule)).toThrow(InvalidTokenError);
    expect(() => identityFromClaims({ sub: 'n1', email: 'not-an-address' }, rule)).toThrow(InvalidTokenError);
  });
});
