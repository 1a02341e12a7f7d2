// Jest global setup of the web tests: the browser tests drive Debian's Chromium. When it is
// missing (a fresh CI machine), it is installed with apt-get, as the CI script does.
const { existsSync } = require('node:fs');
const { execFileSync } = require('node:child_process');

const CHROMIUM = '/usr/bin/chromium';

module.exports = async function installChromium() {
  if (existsSync(CHROMIUM)) return;
  process.stderr.write('web tests: /usr/bin/chromium is missing; installing it with apt-get\n');
  const asRoot = process.getuid && process.getuid() === 0 ? [] : ['sudo', '-n'];
  const run = (args) => execFileSync(asRoot[0] ?? args[0], asRoot.length ? [...asRoot.slice(1), ...args] : args.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', '--no-install-recommends', 'chromium']);
  if (!existsSync(CHROMIUM)) throw new Error('chromium could not be installed: the browser tests need /usr/bin/chromium');
};
