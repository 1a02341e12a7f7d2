import { DEVELOPMENT_UNSUBSCRIBE_SECRET, mailFromOf, readConfig } from '../src/config';

describe('configuration', () => {
  it('refuses the committed development unsubscribe secret in production', () => {
    expect(() => readConfig({ NODE_ENV: 'production' })).toThrow(/UNSUBSCRIBE_SECRET/);
    expect(() =>
      readConfig({ NODE_ENV: 'production', UNSUBSCRIBE_SECRET: DEVELOPMENT_UNSUBSCRIBE_SECRET }),
    ).toThrow(/development secret/);
    expect(
      readConfig({ NODE_ENV: 'production', UNSUBSCRIBE_SECRET: 'x'.repeat(48) }).UNSUBSCRIBE_SECRET,
    ).toBe('x'.repeat(48));
  });

  it('refuses a short unsubscribe secret', () => {
    expect(() => readConfig({ UNSUBSCRIBE_SECRET: 'short' })).toThrow(/at least 32 characters/);
  });

  it('reads MAIL_FROM as a name and an address', () => {
    expect(mailFromOf('DG TRADE <no-reply@trade.example>')).toEqual({
      name: 'DG TRADE',
      address: 'no-reply@trade.example',
    });
    expect(mailFromOf('no-reply@trade.example')).toEqual({ name: '', address: 'no-reply@trade.example' });
  });

  it('requires TLS (STARTTLS) for the SMTP relay when credentials are set, unless told otherwise', () => {
    expect(readConfig({}).SMTP_REQUIRE_TLS).toBe(false);
    expect(readConfig({ SMTP_USER: 'relay-user', SMTP_PASSWORD: 'secret' }).SMTP_REQUIRE_TLS).toBe(true);
    expect(
      readConfig({ SMTP_USER: 'relay-user', SMTP_PASSWORD: 'secret', SMTP_REQUIRE_TLS: 'false' })
        .SMTP_REQUIRE_TLS,
    ).toBe(false);
    expect(readConfig({ SMTP_REQUIRE_TLS: 'true' }).SMTP_REQUIRE_TLS).toBe(true);
    expect(() => readConfig({ SMTP_REQUIRE_TLS: 'yes' })).toThrow(/SMTP_REQUIRE_TLS/);
  });

  it('caps the uploads read at once at 8 unless told otherwise, and refuses a cap below one', () => {
    expect(readConfig({}).MAX_CONCURRENT_UPLOADS).toBe(8);
    expect(readConfig({ MAX_CONCURRENT_UPLOADS: '2' }).MAX_CONCURRENT_UPLOADS).toBe(2);
    expect(() => readConfig({ MAX_CONCURRENT_UPLOADS: '0' })).toThrow(/MAX_CONCURRENT_UPLOADS/);
    expect(() => readConfig({ MAX_CONCURRENT_UPLOADS: 'many' })).toThrow(/MAX_CONCURRENT_UPLOADS/);
  });
});
