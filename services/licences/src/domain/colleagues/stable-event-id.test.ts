import { membershipEventId, uuidV5 } from './stable-event-id';

describe('uuidV5', () => {
  it('gives the RFC 9562 name-based id (the DNS example)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('gives one id per user and company, and another for any other pair', () => {
    const [user, company] = ['1f0e5b1c-0000-4000-8000-000000000001', '1f0e5b1c-0000-4000-8000-000000000002'];
    expect(membershipEventId(user, company)).toBe(membershipEventId(user, company));
    expect(membershipEventId(user, company)).not.toBe(membershipEventId(company, user));
    expect(membershipEventId(user, company)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
