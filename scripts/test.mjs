// `npm test`: the repository-wide checks (the lockfile is what `npm install` writes, imports follow
// the rules in .dependency-cruiser.cjs), then lint, typecheck and every workspace's tests through
// turbo, then one summary line ("N passed, N failed") so a reader, or CI, sees the whole count at
// the end. Each check counts as one test in that line. A failing check does not stop the rest:
// one run shows everything that is wrong.
import { spawn, spawnSync } from 'node:child_process';

const checks = ['check:lockfile', 'check:imports'];

let passed = 0;
let failed = 0;
const failedChecks = [];
for (const check of checks) {
  console.log(`\n> npm run ${check}`);
  const result = spawnSync('npm', ['run', '-s', check], { stdio: 'inherit' });
  if (result.status === 0) passed += 1;
  else {
    failed += 1;
    failedChecks.push(check);
  }
}

const child = spawn('turbo', ['run', 'lint', 'typecheck', 'test', '--concurrency=2', '--continue'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
});
let buffer = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  buffer += chunk.toString();
  const lines = buffer.split('\n');
  buffer = lines.pop() ?? '';
  for (const line of lines) {
    const tests = /Tests:\s+(.*)$/.exec(line);
    if (!tests) continue;
    passed += Number(/(\d+) passed/.exec(tests[1])?.[1] ?? 0);
    failed += Number(/(\d+) failed/.exec(tests[1])?.[1] ?? 0);
  }
});
child.on('close', (code) => {
  if (failedChecks.length > 0) console.log(`\nFailed checks (output above): ${failedChecks.join(', ')}`);
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(code === 0 && failedChecks.length === 0 ? 0 : (code ?? 1) || 1);
});
