#!/usr/bin/env node
// etwkit entry point: check the Node version, translate logman/tracerpt spelling, hand over to oclif.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`etwkit needs Node.js 22 or newer; this is ${process.version}.`);
  process.exit(1);
}
const { execute } = await import('@oclif/core');
const { translateArgv } = await import('../dist/cli/translate.js');
await execute({ args: translateArgv(process.argv.slice(2)), dir: import.meta.url });
