// Runs one command as a child process and measures wall time and peak RSS (VmHWM
// sampled from /proc while it runs). Output goes to a file, /dev/null, or a pipe that
// this process reads and throws away (as a consumer in a shell pipeline would).
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync, existsSync, unlinkSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROBE = fileURLToPath(new URL('./rss-probe.js', import.meta.url));
const rssDir = mkdtempSync(join(tmpdir(), 'etwkit-bench-'));
let rssCount = 0;

function hwmKiB(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Run `cmd args`, stdout to `stdoutPath` ('pipe': read and dropped; or captured); resolves {seconds, peakRssMB, status, stdout, stderr}. */
export function measure(cmd, args, { stdoutPath = '/dev/null', captureStdout = false, captureStderr = false } = {}) {
  return new Promise((resolve, reject) => {
    const piped = captureStdout || stdoutPath === 'pipe';
    const out = piped ? 'pipe' : openSync(stdoutPath, 'w');
    const t0 = process.hrtime.bigint();
    const rssFile = join(rssDir, `rss${rssCount++}`);
    const env = { ...process.env, ETWKIT_BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${PROBE}`.trim() };
    const child = spawn(cmd, args, { stdio: ['ignore', out, captureStderr ? 'pipe' : 'inherit'], env });
    let peak = 0;
    let text = '';
    if (captureStdout) child.stdout.on('data', (d) => { text += d; });
    else if (piped) child.stdout.resume();
    let errText = '';
    if (captureStderr) child.stderr.on('data', (d) => { errText += d; });
    const timer = setInterval(() => { peak = Math.max(peak, hwmKiB(child.pid)); }, 20);
    child.on('error', reject);
    child.on('exit', (status) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (!piped) closeSync(out);
      if (existsSync(rssFile)) { peak = Math.max(peak, Number(readFileSync(rssFile, 'utf8'))); unlinkSync(rssFile); }
      resolve({ seconds, peakRssMB: peak / 1024, status, stdout: text, stderr: errText });
    });
    // Sample once more just before exit where possible.
    child.on('spawn', () => { peak = Math.max(peak, hwmKiB(child.pid)); });
  });
}
