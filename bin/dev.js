#!/usr/bin/env -S node --import tsx
// Development entry point: runs the TypeScript sources directly (no build step).
process.env.NODE_ENV = 'development';
const { main } = await import('../src/cli/entry.ts');
await main(process.argv.slice(2), import.meta.url);
