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

// `npm install`, not `npm ci`: npm here leaves other platforms' optional binaries (@swc/core-darwin-*,
// @turbo/windows-*) out of the lockfile it writes and then `npm ci` refuses that same lockfile.
// With a lockfile present, `npm install` installs exactly the locked versions.
if (!upToDate) {
  console.log('Installing dependencies (npm install from package-lock.json)…');
  execSync('npm install --no-audit --no-fund', { stdio: 'inherit' });
}
