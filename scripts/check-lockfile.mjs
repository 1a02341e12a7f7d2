// Fails when package-lock.json is not the lockfile `npm install` would write, because `npm ci`
// (CI, the Dockerfile, scripts/ensure-installed.mjs) installs only from a lockfile that is complete
// and in step with every package.json, and refuses anything else.
//
// The way it goes wrong here: npm writes the lockfile from the node_modules it finds, and a
// node_modules installed on Linux holds only Linux's optional binaries. A lockfile regenerated
// on top of it (deleted and rebuilt, or after some `npm install` runs) then lacks
// @swc/core-darwin-arm64, @turbo/windows-64, @unrs/resolver-binding-* and the rest, installs
// fine on this machine, and fails `npm ci` everywhere ("Missing: @swc/core-darwin-arm64 from lock
// file"). A dependency added to a package.json without `npm install` fails the same way.
//
// Two checks, quickest first:
// 1. offline: every dependency and optional dependency of every locked package has a locked
//    entry where Node would look for it, which is what `npm ci` checks before installing;
// 2. npm itself: `npm install --package-lock-only` in a temporary folder that holds only the
//    manifests and the lockfile (no node_modules, as on a fresh clone, so npm builds the tree from
//    the lockfile and the registry and not from this machine's installation); the lockfile it
//    leaves must be byte for byte the committed one. About a second: npm reads the registry, or
//    its cache, only for what the lockfile lacks.
//
// `node scripts/check-lockfile.mjs --fix` writes npm's lockfile over the committed one.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lockPath = join(root, 'package-lock.json');
const committed = readFileSync(lockPath, 'utf8');

const missing = findMissingEntries(JSON.parse(committed));
if (missing.length > 0) {
  fail([
    `package-lock.json lacks ${missing.length} package(s) that locked packages depend on, so \`npm ci\` refuses it:`,
    ...missing.slice(0, 20).map((m) => `  ${m}`),
    ...(missing.length > 20 ? [`  … and ${missing.length - 20} more`] : []),
  ]);
}

const generated = lockfileNpmWrites();
if (generated === committed) {
  console.log('package-lock.json: complete, and what `npm install` writes (npm ci will accept it)');
  process.exit(0);
}
if (process.argv.includes('--fix')) {
  writeFileSync(lockPath, generated);
  console.log(
    'package-lock.json: replaced with the lockfile `npm install` writes; run `npm ci` to install it',
  );
  process.exit(0);
}
fail([
  'package-lock.json is not the lockfile `npm install` writes from the package.json files:',
  ...describeDifference(JSON.parse(committed), JSON.parse(generated)),
]);

function fail(lines) {
  console.error(
    [
      ...lines,
      'Fix: `node scripts/check-lockfile.mjs --fix` (or `npm install` at the repository root), then commit package-lock.json.',
    ].join('\n'),
  );
  process.exit(1);
}

// Node's lookup: the package's own node_modules, then each enclosing node_modules up to the root.
function findMissingEntries(lock) {
  const packages = lock.packages ?? {};
  const problems = [];
  for (const [key, entry] of Object.entries(packages)) {
    if (entry.link) continue;
    const wanted = { ...entry.dependencies, ...entry.optionalDependencies };
    for (const name of Object.keys(wanted)) {
      if (!candidates(key, name).some((candidate) => candidate in packages)) {
        problems.push(`${name} (needed by ${key === '' ? 'the root package.json' : key})`);
      }
    }
  }
  return problems;
}

function candidates(key, name) {
  const found = [];
  let base = key;
  for (;;) {
    found.push(base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`);
    if (base === '') return found;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

function lockfileNpmWrites() {
  const scratch = mkdtempSync(join(tmpdir(), 'lmp-lockfile-'));
  try {
    for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
      if (existsSync(join(root, file))) copyFileSync(join(root, file), join(scratch, file));
    }
    for (const workspace of workspaceFolders()) {
      mkdirSync(join(scratch, workspace), { recursive: true });
      copyFileSync(join(root, workspace, 'package.json'), join(scratch, workspace, 'package.json'));
    }
    // npm run passes its own settings down as npm_* variables (npm_config_local_prefix among
    // them); the npm below must read the scratch folder's, not this repository's.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    const npm = spawnSync(
      'npm',
      [
        'install',
        '--package-lock-only',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--loglevel=error',
      ],
      { cwd: scratch, env, encoding: 'utf8', timeout: 120_000 },
    );
    if (npm.status !== 0) {
      fail([
        `\`npm install --package-lock-only\` failed (${npm.error?.message ?? `exit ${npm.status}`}):`,
        npm.stderr.trim(),
      ]);
    }
    return readFileSync(join(scratch, 'package-lock.json'), 'utf8');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// The root package.json's "workspaces": plain folders and `folder/*`, the two forms used here.
function workspaceFolders() {
  const patterns = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces ?? [];
  return patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) {
      if (/[*?{[]/.test(pattern))
        fail([`scripts/check-lockfile.mjs does not understand the workspace pattern "${pattern}"`]);
      return existsSync(join(root, pattern, 'package.json')) ? [pattern] : [];
    }
    const parent = pattern.slice(0, -2);
    if (!existsSync(join(root, parent))) return [];
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(root, parent, d.name, 'package.json')))
      .map((d) => `${parent}/${d.name}`);
  });
}

function describeDifference(before, after) {
  const was = before.packages ?? {};
  const now = after.packages ?? {};
  const lines = [];
  for (const key of Object.keys(now)) {
    if (!(key in was)) lines.push(`  + ${key || '(root)'} ${now[key].version ?? ''} (npm adds it)`);
    else if (JSON.stringify(was[key]) !== JSON.stringify(now[key]))
      lines.push(`  ~ ${key || '(root)'} (npm changes its entry)`);
  }
  for (const key of Object.keys(was)) if (!(key in now)) lines.push(`  - ${key} (npm removes it)`);
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (field !== 'packages' && JSON.stringify(before[field]) !== JSON.stringify(after[field]))
      lines.push(`  ~ "${field}"`);
  }
  if (lines.length === 0) lines.push('  (same content, different formatting)');
  return lines.length > 25 ? [...lines.slice(0, 25), `  … and ${lines.length - 25} more`] : lines;
}
