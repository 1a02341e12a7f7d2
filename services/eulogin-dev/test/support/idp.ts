import { spawn } from 'node:child_process';
import path from 'node:path';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyResult } from 'jose';

export const packageDir = path.resolve(__dirname, '../..');

export async function verifyAccessToken(
  token: string,
  { issuer, audience = 'lmp-gateway' }: { issuer: string; audience?: string },
): Promise<JWTVerifyResult<JWTPayload>> {
  // A fresh key set per call, as a verifier that has never seen this issuer would have.
  const jwks = createRemoteJWKSet(new URL(`${issuer}/jwks`));
  return jwtVerify(token, jwks, { issuer, audience, algorithms: ['PS512'], typ: 'at+jwt' });
}

export async function fetchJson<T = Record<string, unknown>>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command with this machine's Node 24 first on PATH, as npm scripts do. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: packageDir,
      env: { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export const tsxCli = require.resolve('tsx/cli');
