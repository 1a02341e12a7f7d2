#!/usr/bin/env node
// Runs the TypeScript CLI (src/cli.ts) through tsx: this package has no build step.
'use strict';
require('tsx/cjs/api').register();
const { main } = require('../src/cli.ts');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`lmp-migrate: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
