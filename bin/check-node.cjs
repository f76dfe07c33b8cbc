// Refuses, in one line, a Node.js older than etwkit needs (package.json engines: >= 22).
// Run first by bin/run.js (users) and by `npm run build` (prebuild: `npm ci` and `npm test`),
// so an old Node fails up front instead of half-working. Plain CommonJS: any Node can read it.
'use strict';
var major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error('etwkit needs Node.js 22 or newer; this is ' + process.version + '. Get it from https://nodejs.org/en/download (or: nvm install 22, fnm install 22, volta install node@22).');
  process.exit(1);
}
