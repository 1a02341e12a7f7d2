import { loadConfig, parseDemoUsers } from '../src/config';
import { nameFromEmail, subjectFor } from '../src/users';

describe('loadConfig', () => {
  it('should default to port 7080, audience lmp-gateway, the web pages as client, the three demo users and 10-minute tokens', () => {
    const config = loadConfig({});

    expect(config).toMatchObject({
      port: 7080,
      audience: 'lmp-gateway',
      redirectUris: ['http://localhost:3000/auth/callback', 'http://localhost:8080/auth/callback'],
      accessTokenTtlSeconds: 600,
    });
    expect(config.issuer).toBeUndefined();
    expect(config.users?.map((user) => user.email)).toEqual([
      'anna.schmidt@autoparts.example',
      'luca.rossi@magneti.example',
      'claire.dubois@ec.europa.eu',
    ]);
  });

  it('should read every setting from the environment', () => {
    const config = loadConfig({
      PORT: '0',
      ISSUER_URL: 'http://eulogin-dev:7080/cas/oauth2',
      AUDIENCE: 'api',
      DEMO_USERS: 'a.b@x.example|A B|Commission, c@y.example|C D',
      REDIRECT_URIS: 'http://localhost:8080/auth/callback, http://127.0.0.1:3000/cb',
      ACCESS_TOKEN_TTL: '60',
    });

    expect(config).toMatchObject({
      port: 0,
      issuer: 'http://eulogin-dev:7080/cas/oauth2',
      audience: 'api',
      users: [
        { email: 'a.b@x.example', name: 'A B', label: 'Commission' },
        { email: 'c@y.example', name: 'C D' },
      ],
      redirectUris: ['http://localhost:8080/auth/callback', 'http://127.0.0.1:3000/cb'],
      accessTokenTtlSeconds: 60,
    });
  });

  it('should treat empty variables as unset', () => {
    expect(loadConfig({ ISSUER_URL: '', PORT: '' })).toMatchObject({ issuer: undefined, port: 7080 });
  });

  it('should refuse a malformed setting', () => {
    expect(() => loadConfig({ ACCESS_TOKEN_TTL: 'soon' })).toThrow();
    expect(() => parseDemoUsers('not-an-email|Name')).toThrow();
  });

  it('should accept DEMO_USERS as JSON', () => {
    expect(parseDemoUsers('[{"email":"a@x.example","name":"A"}]')).toEqual([{ email: 'a@x.example', name: 'A' }]);
  });
});

describe('users', () => {
  it('should derive a stable subject from the e-mail address, whatever its case', () => {
    expect(subjectFor(' Anna.Schmidt@AutoParts.example ')).toBe(subjectFor('anna.schmidt@autoparts.example'));
    expect(subjectFor('anna.schmidt@autoparts.example')).toMatch(/^n[0-9a-f]{24}$/);
  });

  it('should make a name from an e-mail address typed without one', () => {
    expect(nameFromEmail('jean-luc.picard@enterprise.example')).toBe('Jean-Luc Picard');
  });
});
