#!/usr/bin/env -S node --import tsx
// Development entry point: runs the TypeScript sources directly (no build step).
import { execute } from '@oclif/core';
import { translateArgv } from '../src/cli/translate.ts';

await execute({ args: translateArgv(process.argv.slice(2)), development: true, dir: import.meta.url });
