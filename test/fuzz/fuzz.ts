/**
 * `npm run fuzz [-- --n 10000 --seed 1 --from 0 --jobs N --max-kb K]`: seeded
 * mutants of every corpus file (mutators.ts) through every output choice, with
 * every check of check-run.ts, in one worker process per core. Each case also
 * runs one output (a different one case by case) through the built CLI in a
 * child process whose peak RSS must stay under 150 MB. The parent watches what
 * a worker cannot report itself: a case past its time limit (the worker is
 * killed) and a worker that dies. Prints the totals and every finding; exits 1
 * when there is any. `--from I --n 1` rebuilds case I of a seed.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUN_MEMORY_LIMIT, RUN_TIME_LIMIT_MS, type Finding } from './check-run.js';
import { fuzzStems, type CaseResult } from './mutant-run.js';

/** Six report runs in-process and one through the CLI per case. */
const CASE_TIME_LIMIT_MS = 7 * RUN_TIME_LIMIT_MS;
/** Fresh workers now and then: a long-lived one only grows. */
const CASES_PER_WORKER = 200;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const n = option('n', 1000);
const seed = option('seed', 1);
const from = option('from', 0);
const jobs = Math.max(1, option('jobs', availableParallelism()));
const stems = fuzzStems(option('max-kb', Infinity) * 1024);
const here = dirname(fileURLToPath(import.meta.url));

interface Slot { child: ChildProcess; index: number | null; started: number; done: number }

const results: CaseResult[] = [];
const findings: Array<{ index: number; what: string; finding: Finding }> = [];
const queue: number[] = [];
for (let i = from; i < from + n; i++) queue.push(i);
const slots: Slot[] = [];
let peak = 0;
let slowest = 0;
const started = Date.now();

function spawnWorker(): Slot {
  const child = fork(join(here, 'fuzz-worker.ts'), [], {
    execArgv: ['--max-semi-space-size=8', '--no-allocation-site-pretenuring', '--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.stderr!.resume();
  const slot: Slot = { child, index: null, started: 0, done: 0 };
  child.on('message', (m: { ready?: boolean; result?: CaseResult; harnessError?: string; index?: number }) => {
    if (m.harnessError !== undefined) {
      findings.push({ index: m.index!, what: `case ${m.index}`, finding: { problem: 'harness error', detail: m.harnessError } });
    } else if (m.result !== undefined) {
      const r = m.result;
      slowest = Math.max(slowest, r.slowest);
      peak = Math.max(peak, r.peak ?? 0);
      for (const f of r.findings) findings.push({ index: r.index, what: `${r.stem}, ${r.kind}: ${r.detail}`, finding: f });
      results.push(r);
      if (results.length % 50 === 0) progress();
    }
    if (!m.ready) { slot.index = null; slot.done++; }
    if (slot.done >= CASES_PER_WORKER) replace(slot);
    else next(slot);
  });
  child.on('exit', (code, signal) => {
    if (slot.index === null) return;
    findings.push({ index: slot.index, what: `case ${slot.index}`, finding: { problem: 'worker died', detail: `exit ${code} ${signal ?? ''}` } });
    slot.index = null;
    replace(slot);
  });
  return slot;
}

/** Stop a worker; start a fresh one in its place while cases remain (it starts when it says it is ready). */
function replace(old: Slot): void {
  old.child.removeAllListeners('exit');
  old.child.kill();
  const at = slots.indexOf(old);
  if (queue.length > 0) slots[at] = spawnWorker();
  else { slots.splice(at, 1); finishIfDone(); }
}

function next(slot: Slot): void {
  const index = queue.shift();
  if (index === undefined) { replace(slot); return; }
  slot.index = index;
  slot.started = Date.now();
  slot.child.send({ seed, index, stems });
}

const watchdog = setInterval(() => {
  for (const slot of [...slots]) {
    if (slot.index !== null && Date.now() - slot.started > CASE_TIME_LIMIT_MS) {
      findings.push({ index: slot.index, what: `case ${slot.index}`, finding: { problem: 'over the time limit (killed)', detail: `${Math.round((Date.now() - slot.started) / 1000)} s` } });
      slot.index = null;
      replace(slot);
    }
  }
}, 1000);

function progress(): void {
  process.stderr.write(`fuzz: ${results.length}/${n} cases, ${findings.length} finding(s), ${Math.round((Date.now() - started) / 1000)} s\n`);
}

let finished = false;
function finishIfDone(): void {
  if (finished || slots.length > 0) return;
  finished = true;
  clearInterval(watchdog);
  const count = (key: (r: CaseResult) => string) => {
    const m = new Map<string, number>();
    for (const r of results) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
  };
  const lines = [
    `fuzz: seed ${seed}, cases ${from}..${from + n - 1} over ${stems.length} corpus files, ${jobs} worker(s), ${Math.round((Date.now() - started) / 1000)} s`,
    `  cases run: ${results.length}; exit codes: ${count((r) => String(r.code))}`,
    `  mutations: ${count((r) => r.kind)}`,
    `  slowest in-process run ${Math.round(slowest)} ms; peak RSS of the CLI runs ${Math.round(peak / 1048576)} MB (limit ${RUN_MEMORY_LIMIT / 1048576})`,
    `  findings: ${findings.length}`,
    ...findings.sort((a, b) => a.index - b.index).map((f) => `  case ${f.index} (${f.what}): ${f.finding.problem}: ${f.finding.detail.split('\n').slice(0, 6).join(' | ')}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  process.exitCode = findings.length > 0 ? 1 : 0;
}

if (stems.length === 0) {
  process.stderr.write('fuzz: no corpus files (the shared corpus is missing, or --max-kb excludes them all)\n');
  process.exit(2);
}
for (let j = 0; j < Math.min(jobs, n); j++) slots.push(spawnWorker());
