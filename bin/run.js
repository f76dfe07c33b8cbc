#!/usr/bin/env -S node --max-semi-space-size=8 --no-allocation-site-pretenuring
// etwkit entry point: check the Node version, then src/cli/entry.ts (help and version habits,
// logman/tracerpt spelling, oclif, one-line usage errors).
// The shebang caps V8's young generation at 8 MiB: a report streams millions of short-lived
// objects, and the default (up to 32 MiB semi-spaces) lets peak RSS pass 150 MB for no gain.
// It also turns off allocation-site pretenuring: in about a third of the runs of a decoded
// CSV/XML dump V8 started allocating per-event objects as long-lived, which took seven extra
// full collections and a peak RSS of ~175 MB instead of ~107 MB (never seen with the flag).
import './check-node.cjs';
// Cache compiled module code on disk (Node >= 22.1): start-up is mostly module loading.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
// A report that will be cut into time slices starts its worker threads now, so that
// their start overlaps oclif's (src/cli/report-head-start.ts).
const { headStartReport } = await import('../dist/cli/report-head-start.js');
await headStartReport(process.argv.slice(2));
const { main } = await import('../dist/cli/entry.js');
await main(process.argv.slice(2), import.meta.url);
