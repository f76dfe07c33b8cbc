// `npm run bench`: throughput and memory of the reader and of each output format on a
// >= 1 GiB .etl built from a corpus kernel trace, with `cat` of the same file as the
// baseline measured in the same run. Figures are printed as a Markdown table.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeBigEtl } from './make-big-etl.js';
import { measure } from './measure.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '..');
const shared = resolve(process.env.ETWKIT_SHARED ?? join(root, '..', 'shared'));
const source = join(shared, 'corpus', 'etl', 'diaghub-kernel.etl');
const bytes = Number(process.env.ETWKIT_BENCH_BYTES ?? 1024 ** 3);
const node = process.execPath;
const cli = join(root, 'bin', 'run.js');

if (!existsSync(source)) {
  console.error(`bench: ${source} is missing (the shared corpus); set ETWKIT_SHARED`);
  process.exit(1);
}

console.error(`bench: building a ${(bytes / 1024 ** 3).toFixed(2)} GiB trace from ${source} …`);
const big = makeBigEtl(source, join(here, 'data', 'kernel-big.etl'), bytes);
console.error(`bench: ${big.path}: ${big.bytes} bytes${big.reused ? ' (reused)' : ''}`);

/** Cases: [name, command, args, needs records count from the reader pass]. Other formats add theirs here. */
export const cases = [
  ['reader pass (no output)', node, [join(here, 'reader-pass.js'), big.path]],
  ['report -of JSONL -o -', node, [cli, 'report', big.path, '-of', 'JSONL', '-o', '-']],
];

const only = process.env.ETWKIT_BENCH_ONLY ? new RegExp(process.env.ETWKIT_BENCH_ONLY) : null;

// Warm the page cache, then time cat as the baseline.
await measure('cat', [big.path]);
const cat = await measure('cat', [big.path]);
const rows = [['cat (baseline)', cat.seconds, null, cat.peakRssMB]];
let records = null;
for (const [name, cmd, args] of cases) {
  if (only && !only.test(name)) continue;
  const r = await measure(cmd, args, { captureStdout: name.startsWith('reader pass') });
  if (r.status !== 0 && r.status !== null) console.error(`bench: ${name} exited with ${r.status}`);
  if (name.startsWith('reader pass')) records = JSON.parse(r.stdout).records;
  rows.push([name, r.seconds, records, r.peakRssMB]);
}

const mb = big.bytes / 1e6;
console.log(`\nInput: ${big.bytes.toLocaleString('en-US')} bytes, ${records?.toLocaleString('en-US') ?? '?'} records (node ${process.version}, ${new Date().toISOString().slice(0, 10)})\n`);
console.log('| case | seconds | records/s | MB/s | peak RSS (MB) | time vs cat |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const [name, s, recs, rss] of rows) {
  const rps = recs ? Math.round(recs / s).toLocaleString('en-US') : '—';
  console.log(`| ${name} | ${s.toFixed(2)} | ${rps} | ${Math.round(mb / s).toLocaleString('en-US')} | ${rss.toFixed(0)} | ${(s / cat.seconds).toFixed(1)}× |`);
}
