import { pkcePair, startDevIdentityProvider, type DevIdentityProvider } from '../src';

async function openLoginPage(idp: DevIdentityProvider): Promise<{ status: number; html: string; url: string; cookie: string }> {
  const authorize = new URL(`${idp.issuer}/auth`);
  authorize.search = new URLSearchParams({
    client_id: 'lmp-web',
    redirect_uri: 'http://localhost:8080/auth/callback',
    response_type: 'code',
    scope: 'openid profile email',
    code_challenge: pkcePair().challenge,
    code_challenge_method: 'S256',
  }).toString();
  const redirect = await fetch(authorize, { redirect: 'manual' });
  const url = new URL(redirect.headers.get('location')!, authorize).href;
  const cookie = redirect.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const page = await fetch(url, { headers: { cookie } });
  return { status: page.status, html: await page.text(), url, cookie };
}

describe('login page', () => {
  let idp: DevIdentityProvider;
  beforeAll(async () => {
    idp = await startDevIdentityProvider({ port: 0 });
  });
  afterAll(() => idp.stop());

  it('should list the demo users as clickable sign-ins', async () => {
    const { status, html } = await openLoginPage(idp);

    expect(status).toBe(200);
    for (const [email, name] of [
      ['anna.schmidt@autoparts.example', 'Anna Schmidt'],
      ['luca.rossi@magneti.example', 'Luca Rossi'],
      ['claire.dubois@ec.europa.eu', 'Claire Dubois'],
    ]) {
      expect(html).toContain(`<button type="submit" name="email" value="${email}">`);
      expect(html).toContain(name);
    }
    expect(html).toContain('Commission');
  });

  it('should offer a field for any e-mail address', async () => {
    const { html } = await openLoginPage(idp);

    expect(html).toMatch(/<form id="login-form" method="post" action="\/cas\/oauth2\/interaction\/[\w-]+\/login">/);
    expect(html).toContain('<input id="email" name="email" type="email"');
  });

  it('should answer an invalid e-mail address with the page and an error', async () => {
    const { url, cookie } = await openLoginPage(idp);

    const response = await fetch(`${url}/login`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'not-an-address' }),
    });

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Enter a valid e-mail address.');
  });
});

describe('login page with configured users', () => {
  it('should list the configured users instead of the defaults', async () => {
    const idp = await startDevIdentityProvider({
      port: 0,
      users: [{ email: 'test.person@supplier.example', name: 'Test Person', label: 'Supplier' }],
    });
    try {
      const { html } = await openLoginPage(idp);

      expect(html).toContain('value="test.person@supplier.example"');
      expect(html).not.toContain('anna.schmidt@autoparts.example');
    } finally {
      await idp.stop();
    }
  });
});
