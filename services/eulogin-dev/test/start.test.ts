import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { getAccessToken, startDevIdentityProvider } from '../src';
import { packageDir, run, tsxCli, verifyAccessToken } from './support/idp';

describe('start', () => {
  it('should refuse to start with NODE_ENV=production', async () => {
    const result = await run(process.execPath, [tsxCli, 'src/start.ts'], { NODE_ENV: 'production', PORT: '0' });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('refuses to start with NODE_ENV=production');
  });

  it('should refuse to start in-process with NODE_ENV=production', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(startDevIdentityProvider({ port: 0 })).rejects.toThrow(/NODE_ENV=production/);
    } finally {
      process.env.NODE_ENV = previous;
    }
  });

  it('should start on PORT=0, print its issuer, issue tokens and stop on SIGTERM', async () => {
    const child = spawn(process.execPath, [tsxCli, 'src/start.ts'], {
      cwd: packageDir,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', AUDIENCE: 'lmp-gateway-test' },
    });
    try {
      const issuer = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /^eulogin-dev issuer (\S+)$/m.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });

      expect(issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cas\/oauth2$/);
      expect((await fetch(new URL('/healthz', issuer))).status).toBe(200);
      const token = await getAccessToken({ issuer, email: 'anna.schmidt@autoparts.example' });
      await expect(verifyAccessToken(token, { issuer, audience: 'lmp-gateway-test' })).resolves.toBeDefined();
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
    }
  });
});
