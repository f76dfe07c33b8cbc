// Build step: writes oclif.manifest.json (the commands, their flags and help) from the
// compiled commands in dist/, so that a run does not import every command module to
// discover them. `npm run build` runs it after tsc; the file is generated, not committed.
import { writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Plugin } from '@oclif/core';

const root = fileURLToPath(new URL('..', import.meta.url));
const plugin = new Plugin({ root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true, isRoot: true });
await plugin.load();
const target = join(root, 'oclif.manifest.json');
writeFileSync(`${target}.tmp`, JSON.stringify(plugin.manifest, null, 2) + '\n');
renameSync(`${target}.tmp`, target);
console.log(`wrote ${target} (${Object.keys(plugin.manifest.commands).length} commands)`);
