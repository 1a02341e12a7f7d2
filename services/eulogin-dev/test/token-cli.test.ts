import { startDevIdentityProvider, subjectFor, type DevIdentityProvider } from '../src';
import { run, tsxCli, verifyAccessToken } from './support/idp';

describe('npm run token', () => {
  let idp: DevIdentityProvider;
  beforeAll(async () => {
    idp = await startDevIdentityProvider({ port: 0 });
  });
  afterAll(() => idp.stop());

  it('should print only the access token on stdout', async () => {
    const result = await run('npm', ['run', '-s', 'token', '--', '--email', 'someone@company.example', '--issuer', idp.issuer]);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const { payload } = await verifyAccessToken(result.stdout.trim(), { issuer: idp.issuer });
    expect(payload).toMatchObject({ email: 'someone@company.example', sub: subjectFor('someone@company.example') });
  });

  it('should take the issuer from ISSUER_URL', async () => {
    const result = await run(process.execPath, [tsxCli, 'src/cli/token.ts', '--email', 'x@company.example'], {
      ISSUER_URL: idp.issuer,
    });

    expect(result.code).toBe(0);
    await expect(verifyAccessToken(result.stdout.trim(), { issuer: idp.issuer })).resolves.toBeDefined();
  });

  it('should explain itself and fail without --email', async () => {
    const result = await run(process.execPath, [tsxCli, 'src/cli/token.ts']);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--email');
  });

  it('should fail with a message on stderr when no issuer answers', async () => {
    const result = await run(process.execPath, [tsxCli, 'src/cli/token.ts', '--email', 'x@company.example'], {
      ISSUER_URL: 'http://127.0.0.1:9/cas/oauth2',
    });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^token: /);
  });
});
