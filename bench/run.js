// `npm run bench`: throughput and memory of the reader, the decoders and each output
// format on large .etl files built from corpus traces, with `cat` of the same file as
// the baseline measured in the same run. Figures are printed as Markdown tables.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeBigEtl } from './make-big-etl.js';
import { measure } from './measure.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '..');
const shared = resolve(process.env.ETWKIT_SHARED ?? join(root, '..', 'shared'));
const corpus = (name) => join(shared, 'corpus', 'etl', name);
const bytes = Number(process.env.ETWKIT_BENCH_BYTES ?? 1024 ** 3);
const decodeBytes = Number(process.env.ETWKIT_BENCH_DECODE_BYTES ?? 128 * 1024 ** 2);
const only = process.env.ETWKIT_BENCH_ONLY ? new RegExp(process.env.ETWKIT_BENCH_ONLY) : null;
/** Runs per case; the fastest counts (this 2-core VM's timings vary by ±30% between runs, in phases). */
const repeat = Math.max(1, Number(process.env.ETWKIT_BENCH_REPEAT ?? 5));
const node = process.execPath;
const cli = join(root, 'bin', 'run.js');
/** Node options from bin/run.js's shebang (`#!/usr/bin/env -S node …`), so the CLI is measured as it runs. */
const cliNodeOptions = (readFileSync(cli, 'utf8').split('\n')[0].match(/node((?:\s+--\S+)*)\s*$/)?.[1] ?? '').trim().split(/\s+/).filter(Boolean);
const pipeline = join(here, 'pipeline-pass.js');
const readerPass = join(here, 'reader-pass.js');

if (!existsSync(corpus('diaghub-kernel.etl'))) {
  console.error(`bench: the shared corpus is missing under ${shared}; set ETWKIT_SHARED`);
  process.exit(1);
}

/** The fastest of `repeat` runs, with the highest peak RSS seen in any of them. */
async function best(cmd, args, options) {
  let fastest = null;
  let peak = 0;
  for (let i = 0; i < repeat; i++) {
    const r = await measure(cmd, args, options);
    // What a case wrote to a file is written back to disk now, not during the next case's time.
    execFileSync('sync');
    peak = Math.max(peak, r.peakRssMB);
    if (fastest === null || r.seconds < fastest.seconds) fastest = r;
  }
  return { ...fastest, peakRssMB: peak };
}

/** A case: [name, command, args, stdout?] (stdout: 'pipe', or /dev/null by default); the record count comes from the first case (a pipeline pass). */
async function suite(title, file, cases) {
  cases = cases.filter(([name]) => !only || only.test(name) || name.startsWith('reader pass'));
  if (cases.length === 1) return;
  await measure('cat', [file.path]); // warm the page cache
  const cat = await best('cat', [file.path]);
  const rows = [['cat (baseline)', cat.seconds, cat.peakRssMB]];
  let records = null;
  for (const [name, cmd, args, stdoutPath] of cases) {
    const r = await best(cmd, args, { stdoutPath, captureStderr: cmd === node && (args[0] === pipeline || args[0] === readerPass) });
    if (r.status !== 0) console.error(`bench: ${name} exited with ${r.status}: ${r.stderr}`);
    if (records === null && r.stderr) records = JSON.parse(r.stderr.trim().split('\n').at(-1)).records;
    rows.push([name, r.seconds, r.peakRssMB]);
  }
  const mb = file.bytes / 1e6;
  console.log(`\n### ${title}\n\n${file.bytes.toLocaleString('en-US')} bytes, ${records?.toLocaleString('en-US')} records (node ${process.version}; fastest of ${repeat} runs each, peak RSS the highest of them)\n`);
  console.log('| case | seconds | records/s | MB/s | peak RSS (MB) | time vs cat |');
  console.log('|---|---:|---:|---:|---:|---:|');
  rows.forEach(([name, s, rss], i) => {
    const rps = i > 0 && records ? Math.round(records / s).toLocaleString('en-US') : '—';
    console.log(`| ${name} | ${s.toFixed(2)} | ${rps} | ${Math.round(mb / s).toLocaleString('en-US')} | ${rss.toFixed(0)} | ${(s / cat.seconds).toFixed(1)}× |`);
  });
}

const summaryPath = join(tmpdir(), `etwkit-bench-summary-${process.pid}.txt`);
/** A real output file on the disk the traces live on, as `-o FILE` writes it (temporary file, then rename). */
const outputPath = join(here, 'data', `bench-output-${process.pid}`);
process.on('exit', () => { rmSync(summaryPath, { force: true }); rmSync(outputPath, { force: true }); });

/**
 * Every report case but the thread-scaling ones runs on one thread, so its figures compare with the
 * pipeline passes and with earlier runs; the thread section measures the default count against it.
 */
const oneThread = ['--threads', '1'];

/** Output formats measured through the command line (other formats add theirs here). */
export function reportCases(path) {
  return [
    ['report -of JSONL -o -', node, [...cliNodeOptions, cli, 'report', path, ...oneThread, '-of', 'JSONL', '-o', '-']],
    ['report -of XML -o -', node, [...cliNodeOptions, cli, 'report', path, ...oneThread, '-of', 'XML', '-o', '-', '--quiet']],
    ['report -of CSV -o -', node, [...cliNodeOptions, cli, 'report', path, ...oneThread, '-of', 'CSV', '-o', '-', '--quiet']],
    // EVTX rewrites its file header at the end, so it needs a seekable target rather than a pipe.
    ['report -of EVTX -o /dev/null', node, [...cliNodeOptions, cli, 'report', path, ...oneThread, '-of', 'EVTX', '-o', '/dev/null', '--quiet']],
    ['report -summary (summary only)', node, [...cliNodeOptions, cli, 'report', path, ...oneThread, '-summary', summaryPath, '-y', '--quiet']],
  ];
}

/** What users do with the output: a file on disk (`-o FILE -y`) and a pipe to another process. */
export function targetCases(path) {
  const cases = [];
  for (const format of ['JSONL', 'CSV', 'XML']) {
    cases.push([`report -of ${format} -o FILE (a file on disk)`, node, [...cliNodeOptions, cli, 'report', path, ...oneThread, '-of', format, '-o', outputPath, '-y', '--quiet']]);
    cases.push([`report -of ${format} -o - \\| reader (a pipe)`, node, [...cliNodeOptions, cli, 'report', path, ...oneThread, '-of', format, '-o', '-', '--quiet'], 'pipe']);
  }
  return cases;
}

/**
 * Thread scaling (`--threads`): one thread against the count `report` takes by default (every core, at most
 * 2; 2 here even on one core), to /dev/null, to a file and to a pipe.
 */
export function threadCases(path) {
  const cases = [];
  const many = '2';
  for (const format of ['CSV', 'JSONL', 'XML']) {
    for (const threads of ['1', many]) {
      const args = [...cliNodeOptions, cli, 'report', path, '-of', format, '--quiet', '--threads', threads];
      cases.push([`report -of ${format} --threads ${threads} -o /dev/null`, node, [...args, '-o', '/dev/null']]);
      // XML: /dev/null only (the thread targets name CSV and JSON lines; XML's figure is its decoded speed with the default threads).
      if (format === 'XML') continue;
      cases.push([`report -of ${format} --threads ${threads} -o FILE`, node, [...args, '-o', outputPath, '-y']]);
      cases.push([`report -of ${format} --threads ${threads} -o - \\| reader (a pipe)`, node, [...args, '-o', '-'], 'pipe']);
    }
  }
  return cases;
}

/**
 * Filters and local times. The provider GUID is one of diaghub-kernel.etl's rarest (37 of its
 * events): a filtered run where little passes should cost about a reader pass.
 */
export function filterCases(path) {
  const rare = '{6f669bfa-816a-4204-a824-47c8e6a00474}';
  return [
    ['report -of JSONL -o - --provider GUID (filter, little passes)', node, [...cliNodeOptions, cli, 'report', path, ...oneThread, '-of', 'JSONL', '-o', '-', '--quiet', '--provider', rare]],
    ['report -of XML -o - --provider NAME (filter by name, nothing passes)', node, [...cliNodeOptions, cli, 'report', path, ...oneThread, '-of', 'XML', '-o', '-', '--quiet', '--provider', 'No-Such-Provider']],
    ['report -summary --pid (filtered summary)', node, [...cliNodeOptions, cli, 'report', path, ...oneThread, '-summary', summaryPath, '-y', '--quiet', '--pid', '4']],
    ['report -of XML -o - --tz Europe/Berlin (local times)', node, [...cliNodeOptions, cli, 'report', path, ...oneThread, '-of', 'XML', '-o', '-', '--quiet', '--tz', 'Europe/Berlin']],
  ];
}

console.error(`bench: building the test traces in ${join(here, 'data')} …`);
const kernel = makeBigEtl(corpus('diaghub-kernel.etl'), join(here, 'data', 'kernel-big.etl'), bytes);
await suite('Kernel trace (SYSTEM/PERFINFO headers)', kernel, [
  ['reader pass (no output)', node, [readerPass, kernel.path]],
  ['JSONL without decoding (payloads as hex)', node, [pipeline, kernel.path, '--jsonl']],
  ['JSONL decoded by the built-in kernel classes', node, [pipeline, kernel.path, '--jsonl', '--decode', '--builtin']],
  ...reportCases(kernel.path),
  ...targetCases(kernel.path),
  ...threadCases(kernel.path),
  ...filterCases(kernel.path),
]);

const tl = makeBigEtl(corpus('perfview-primitive-types-tl.etl'), join(here, 'data', 'tracelogging-big.etl'), decodeBytes);
await suite('TraceLogging-heavy trace (decoding)', tl, [
  ['reader pass (no output)', node, [readerPass, tl.path]],
  ['decode pass', node, [pipeline, tl.path, '--decode']],
  ['JSONL without decoding', node, [pipeline, tl.path, '--jsonl']],
  ['JSONL with decoding', node, [pipeline, tl.path, '--jsonl', '--decode']],
]);

const clrMan = join(shared, 'corpus', 'schemas', 'ClrEtwAll.man');
const man = makeBigEtl(corpus('perfview-clr-rundown.etl'), join(here, 'data', 'manifest-big.etl'), decodeBytes);
await suite('Manifest-heavy trace (.NET rundown, ClrEtwAll.man imported)', man, [
  ['reader pass (no output)', node, [readerPass, man.path]],
  ['decode pass', node, [pipeline, man.path, '--decode', '--import', clrMan]],
  ['JSONL without decoding', node, [pipeline, man.path, '--jsonl']],
  ['JSONL with decoding', node, [pipeline, man.path, '--jsonl', '--decode', '--import', clrMan]],
  ['report -of CSV -import ClrEtwAll.man -o -', node, [...cliNodeOptions, cli, 'report', man.path, ...oneThread, '-of', 'CSV', '-import', clrMan, '-o', '-', '--quiet']],
  ['report -of XML -import ClrEtwAll.man -o -', node, [...cliNodeOptions, cli, 'report', man.path, ...oneThread, '-of', 'XML', '-import', clrMan, '-o', '-', '--quiet']],
  // The same two with two threads (the default takes one below 512 MiB: this shows why).
  ['report -of CSV -import ClrEtwAll.man -o - --threads 2', node, [...cliNodeOptions, cli, 'report', man.path, '--threads', '2', '-of', 'CSV', '-import', clrMan, '-o', '-', '--quiet']],
  ['report -of XML -import ClrEtwAll.man -o - --threads 2', node, [...cliNodeOptions, cli, 'report', man.path, '--threads', '2', '-of', 'XML', '-import', clrMan, '-o', '-', '--quiet']],
]);

// report -rt's two ways of reading a session (no Windows needed: libc's qsort stands in for ProcessTrace).
if (!only || only.test('live')) {
  console.log(`\n### Live sessions (report -rt): per event and per buffer\n\n${execFileSync(node, [join(here, 'live-paths.js')], { encoding: 'utf8' })}`);
}
