// Preload for a child `node --import`: every module the process loads (import or
// require, by resolved URL) is written, one per line, to the file named by
// ETWKIT_TEST_MODULES when the process exits, so a test can tell what a run loaded.
import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';

const loaded = new Set();
registerHooks({
  resolve(specifier, context, next) {
    const r = next(specifier, context);
    loaded.add(r.url);
    return r;
  },
});
process.on('exit', () => writeFileSync(process.env.ETWKIT_TEST_MODULES, [...loaded].join('\n') + '\n'));
