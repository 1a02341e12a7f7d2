// `npm test`: lint, typecheck and every workspace's tests through turbo, then one summary line
// ("N passed, N failed") so a reader, or CI, sees the whole count at the end.
import { spawn } from 'node:child_process';

const child = spawn('turbo', ['run', 'lint', 'typecheck', 'test', '--concurrency=2', '--continue'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
});
let passed = 0;
let failed = 0;
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
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(code ?? 1);
});
