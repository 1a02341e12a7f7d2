// Installs the workspace when node_modules is missing or older than package-lock.json, so that
// `npm start` and `npm test` work on a fresh clone with nothing run by hand first.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const lock = 'package-lock.json';
const upToDate =
  existsSync(marker) &&
  existsSync('node_modules/.bin/node') &&
  JSON.stringify(JSON.parse(readFileSync(lock, 'utf8')).packages ?? {}).length > 0 &&
  samePackages();

function samePackages() {
  const want = JSON.parse(readFileSync(lock, 'utf8')).packages ?? {};
  const have = JSON.parse(readFileSync(marker, 'utf8')).packages ?? {};
  return Object.keys(want)
    .filter((k) => k !== '' && !want[k].link && !want[k].optional)
    .every((k) => have[k]?.version === want[k].version);
}

// `npm ci`: installs exactly what package-lock.json says, or stops when the lockfile does not match
// the package.json files, instead of quietly rewriting it as `npm install` would. The lockfile holds
// every platform's optional binaries (@swc/core-*, @turbo/*, @unrs/resolver-binding-*), so the same
// command works on Linux, macOS and Windows; scripts/check-lockfile.mjs, part of `npm test`, keeps
// it that way.
if (!upToDate) {
  console.log('Installing dependencies (npm ci from package-lock.json)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}
