// The Wine smoke test proper (run by run.sh once Wine, a Windows node.exe and koffi's win32
// binary are in place): runs the real `etwkit start/stop/update/query` code path in Windows
// Node under Wine and asserts, from Wine's argument echo (WINEDEBUG=fixme+eventlog), that
// StartTraceW / EnableTraceEx2 / ControlTraceW / QueryAllTracesW received the right handle,
// GUID, level, keywords, names and control codes, and that report -rt falls back from whole
// buffers (not implemented under Wine) to OpenTraceW (and, through a probe, ProcessTrace and
// CloseTrace) and fails cleanly on Wine's stubs. Wine has no ETW engine (every call is a
// stub), so what is proven is the Windows ABI path, not ETW behaviour.
// Usage: node smoke.mjs <node.exe> <scratch dir>
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [nodeExe, scratch] = process.argv.slice(2);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runJs = path.join(repo, 'bin', 'run.js');
const DOCKER = 'a3693192-9ed6-46d2-a981-f8226c8363bd';
const PTR = '[0-9A-Fa-f]{8,16}';
const NONNULL = '(?!0{8,16}\\b)[0-9A-Fa-f]{8,16}';
let failures = 0;
let step = 0;

/** Runs node.exe under Wine with stdout/stderr in files (pipes break Windows Node under Wine). */
function wineNode(args) {
  step += 1;
  const out = path.join(scratch, `out-${step}.txt`);
  const err = path.join(scratch, `err-${step}.txt`);
  const t0 = Date.now();
  const r = spawnSync('wine', [nodeExe, ...args], {
    cwd: scratch,
    stdio: ['ignore', fs.openSync(out, 'w'), fs.openSync(err, 'w')],
    env: { ...process.env, WINEDEBUG: '-all,fixme+eventlog', NODE_SKIP_PLATFORM_CHECK: '1' },
    timeout: 120_000,
  });
  const read = (f) => fs.readFileSync(f, 'utf8').replace(/\r\n/g, '\n');
  return { status: r.status, stdout: read(out), stderr: read(err), ms: Date.now() - t0 };
}

function check(label, ok, detail) {
  if (ok) console.log(`  ok   ${label}`);
  else {
    failures += 1;
    console.log(`  FAIL ${label}\n${detail}`);
  }
}

function etwkit(title, args, expect) {
  console.log(`wine-smoke: etwkit ${args.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ')}`);
  const r = wineNode([runJs, ...args]);
  // Wine prefixes each debug line with the thread id ("011c:fixme:eventlog:…").
  const echoes = r.stderr.split('\n').map((l) => l.replace(/^[0-9a-f]{4,8}:/, '')).filter((l) => l.startsWith('fixme:eventlog:'));
  const dump = `    exit ${r.status}\n    stdout: ${JSON.stringify(r.stdout)}\n    echoes:\n${echoes.map((e) => `      ${e}`).join('\n')}\n    stderr: ${JSON.stringify(r.stderr.slice(0, 2000))}`;
  check(`${title}: exit ${expect.exit === 0 ? '0' : 'non-zero'} (${r.ms} ms)`, expect.exit === 0 ? r.status === 0 : r.status !== 0 && r.status !== null, dump);
  if (expect.stdout) check(`${title}: output`, expect.stdout.test(r.stdout), dump);
  for (const [i, re] of (expect.calls ?? []).entries()) {
    check(`${title}: call ${i + 1} ${re.source.slice(0, 60)}…`, echoes.some((e) => re.test(e)), dump);
  }
  for (const re of expect.noCalls ?? []) check(`${title}: no ${re.source}`, !echoes.some((e) => re.test(e)), dump);
  return r;
}

console.log('wine-smoke: struct layouts as koffi\'s win32-x64 binary sees them');
{
  const r = wineNode([path.join(repo, 'test', 'wine', 'layout-probe.mjs')]);
  let probe = null;
  try {
    probe = JSON.parse(r.stdout.trim());
  } catch {}
  check('probe ran in win32 x64', probe?.platform === 'win32' && probe?.arch === 'x64', r.stdout + r.stderr);
  const { LAYOUT_X64 } = await import(path.join(repo, 'dist/etw/control/session/trace-properties.js'));
  check('EVENT_TRACE_PROPERTIES 120, ENABLE_TRACE_PARAMETERS 48, TRACE_ENABLE_INFO 32, PROVIDER_FIELD_INFO 16',
    JSON.stringify(probe?.sizes) === JSON.stringify({ EVENT_TRACE_PROPERTIES: LAYOUT_X64.size, ENABLE_TRACE_PARAMETERS: 48, TRACE_ENABLE_INFO: 32, PROVIDER_FIELD_INFO: 16 }), JSON.stringify(probe));
  check('offsets equal the pure layout module',
    probe !== null && Object.entries(probe.offsets).every(([f, o]) => LAYOUT_X64.offsets[f] === o), JSON.stringify(probe));
}

etwkit('Docker recipe start', ['start', '-ets', 'DockerContainerLogs', '-p', `{${DOCKER}}`, '0x0', '-o', 'trace.etl'], {
  exit: 0,
  stdout: /^\nThe command completed successfully\.\n$/,
  calls: [
    new RegExp(`^fixme:eventlog:StartTraceW \\(${PTR}, L"DockerContainerLogs", ${NONNULL}\\)`),
    new RegExp(`^fixme:eventlog:EnableTraceEx2 \\(cafe4242, \\{${DOCKER}\\}, 1, 255, 0, 0, 0, ${NONNULL}\\)`),
  ],
});

etwkit('provider with keywords and level', ['start', 'process_trace', '-p', '{22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716}', '0xFFFFFFFFFFFFFFFF', 'win:Informational', '-ets'], {
  exit: 0,
  calls: [new RegExp(`^fixme:eventlog:EnableTraceEx2 \\(cafe4242, \\{22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716\\}, 1, 4, ffffffffffffffff, 0, 0, ${NONNULL}\\)`)],
});

etwkit('kernel logger', ['start', 'NT Kernel Logger', '-p', 'Windows Kernel Trace', '(process,thread)', '-o', 'kernel.etl', '-ets'], {
  exit: 0,
  calls: [new RegExp(`^fixme:eventlog:StartTraceW \\(${PTR}, L"NT Kernel Logger", ${NONNULL}\\)`)],
  noCalls: [/EnableTraceEx2/],
});

etwkit('update adds a provider', ['update', 'DockerContainerLogs', '-p', `{${DOCKER}}`, '0x5', '3', '-ets'], {
  exit: 0,
  calls: [
    new RegExp(`^fixme:eventlog:ControlTraceW \\(0, L"DockerContainerLogs", ${NONNULL}, 0\\)`),
    // Wine's QUERY leaves the buffer untouched, so the session handle read back is 0.
    new RegExp(`^fixme:eventlog:EnableTraceEx2 \\(0, \\{${DOCKER}\\}, 1, 3, 5, 0, 0, ${NONNULL}\\)`),
  ],
});

etwkit('update -fd flushes', ['update', 'DockerContainerLogs', '-fd', '-ets'], {
  exit: 0,
  calls: [new RegExp(`^fixme:eventlog:ControlTraceW \\(0, L"DockerContainerLogs", ${NONNULL}, 3\\)`)],
});

etwkit('query -ets', ['query', '-ets'], {
  exit: 0,
  stdout: /^Data Collector Set {22}Type {26}Status\n-{79}\n\nThe command completed successfully\.\n$/,
  calls: [new RegExp(`^fixme:eventlog:QueryAllTracesW \\(${NONNULL}, 64, ${NONNULL}\\)`)],
});

etwkit('query NAME -ets (Wine lacks EnumerateTraceGuidsEx: error block, not a crash)', ['query', 'DockerContainerLogs', '-ets'], {
  exit: 1,
  stdout: /^\nError:\n.*EnumerateTraceGuidsEx\(TraceGuidQueryList\).* 120/,
  calls: [new RegExp(`^fixme:eventlog:ControlTraceW \\(0, L"DockerContainerLogs", ${NONNULL}, 0\\)`)],
});

etwkit('provider by name needs TDH (Wine: not implemented → error, nothing started)', ['start', 'x', '-p', 'Microsoft-Windows-Kernel-Process', '-ets'], {
  exit: 1,
  stdout: /^\nError:\n.*TdhEnumerateProviders.* 120/,
  noCalls: [/StartTraceW/],
});

etwkit('Docker recipe stop', ['stop', '-ets', 'DockerContainerLogs'], {
  exit: 0,
  stdout: /^\nThe command completed successfully\.\n$/,
  calls: [new RegExp(`^fixme:eventlog:ControlTraceW \\(0, L"DockerContainerLogs", ${NONNULL}, 1\\)`)],
});

// report's TDH schema source: Wine's Tdh* exports are unimplemented (calling one aborts the process),
// so the koffi EtwApi answers ERROR_CALL_NOT_IMPLEMENTED: one warning, the events stay hex, exit 0.
{
  const corpusEtl = path.join(repo, '..', 'shared', 'corpus', 'etl', 'perfview-clr-rundown.etl');
  if (!fs.existsSync(corpusEtl)) console.log('wine-smoke: report with TDH skipped (no corpus next to the repo)');
  else {
    fs.copyFileSync(corpusEtl, path.join(scratch, 'rundown.etl'));
    const r = etwkit('report: an unavailable TDH is one warning, not a crash', ['report', 'rundown.etl', '-of', 'JSONL', '-o', 'rundown.jsonl', '-y', '-quiet'], { exit: 0 });
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning:'));
    check('report: exactly one TDH warning', warnings.length === 1 && /TdhEnumerateManifestProviderEvents failed with Win32 error 120/.test(warnings[0]), r.stderr.slice(0, 2000));
    const lines = fs.existsSync(path.join(scratch, 'rundown.jsonl')) ? fs.readFileSync(path.join(scratch, 'rundown.jsonl'), 'utf8').trim().split('\n') : [];
    check('report: the CLR events stay undecoded (1168)', lines.length > 0 && lines.some((l) => l.includes('"error":1168')), `${lines.length} lines`);
  }
}

// report -rt: whole buffers are the default, but Wine's OpenTraceFromRealTimeLogger is not
// implemented (the binding answers 120), so report falls back to single events: OpenTraceW, a
// stub that fails (its echo shows the EVENT_TRACE_LOGFILEW pointer); the report stops with one
// line before any output, exit 1. With --rt-buffers the 120 itself is the error, and OpenTraceW
// is never called.
{
  const r = etwkit('report -rt: falls back from buffers to OpenTraceW, a clean failure, nothing written', ['report', '-rt', 'WineLive', '-of', 'JSONL', '-o', 'live.jsonl', '-y', '--verbose'], {
    exit: 1,
    calls: [new RegExp(`^fixme:eventlog:OpenTraceW ${NONNULL}`)],
    noCalls: [/ProcessTrace/],
  });
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('etwkit report:'));
  check('report -rt: one line naming the session', lines.length === 1 && /^etwkit report: real-time session "WineLive" cannot be opened: /.test(lines[0]), r.stderr.slice(0, 2000));
  check('report -rt: no output file', !fs.existsSync(path.join(scratch, 'live.jsonl')), '');
  check('report -rt: no warning about the fallback', !/^warning:/m.test(r.stderr), r.stderr.slice(0, 2000));
  check('report -rt --verbose: one line saying events are read one at a time (error 120)',
    r.stdout.split('\n').filter((l) => l.includes('reading events one at a time')).length === 1 && /Win32 error 120/.test(r.stdout), r.stdout.slice(0, 2000));
}
{
  const r = etwkit('report -rt --rt-buffers: the missing buffer consumer is the error, no OpenTraceW', ['report', '-rt', 'WineLive', '--rt-buffers', '-of', 'JSONL', '-o', 'live.jsonl', '-y'], {
    exit: 1,
    noCalls: [/OpenTraceW/, /ProcessTrace/],
  });
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('etwkit report:'));
  check('report -rt --rt-buffers: one line naming the session and error 120', lines.length === 1 && /^etwkit report: real-time session "WineLive" cannot be opened: /.test(lines[0]) && /120|not implemented|not supported/i.test(lines[0]), r.stderr.slice(0, 2000));
}

// The consumer calls themselves (koffi prototypes, ProcessTrace on a worker thread): ProcessTrace gets
// the handle array and count 1, CloseTrace the handle; Wine's stubs answer errors, not crashes.
{
  console.log('wine-smoke: consumer probe (OpenTraceW / ProcessTrace / CloseTrace through the koffi EtwApi)');
  const r = wineNode([path.join(repo, 'test', 'wine', 'consumer-probe.mjs')]);
  const echoes = r.stderr.split('\n').map((l) => l.replace(/^[0-9a-f]{4,8}:/, '')).filter((l) => l.startsWith('fixme:eventlog:'));
  const dump = `    exit ${r.status}\n    stdout: ${JSON.stringify(r.stdout)}\n    echoes:\n${echoes.map((e) => `      ${e}`).join('\n')}\n    stderr: ${JSON.stringify(r.stderr.slice(0, 2000))}`;
  let probe = null;
  try { probe = JSON.parse(r.stdout.trim().split('\n').pop()); } catch { /* reported below */ }
  check('probe: ran to the end (exit 0, JSON)', r.status === 0 && probe !== null, dump);
  if (probe !== null) {
    check('probe: OpenTraceW failed with a Win32 code and INVALID_PROCESSTRACE_HANDLE', probe.openStatus !== 0 && /^f{8}(f{8})?$/.test(probe.openHandle), dump);
    check('probe: LoggerName and EventRecordCallback were filled in, mode REAL_TIME | EVENT_RECORD', probe.loggerName && probe.callback && probe.mode === 0x10000100, dump);
    check('probe: ProcessTrace and CloseTrace answered (stubs: non-zero), no event', probe.processStatus !== 0 && probe.closeStatus !== 0 && probe.events === 0, dump);
    check('probe: OpenTraceFromRealTimeLogger answers ERROR_CALL_NOT_IMPLEMENTED (120) under Wine', probe.buffersStatus === 120, dump);
    check('probe: the clock anchor reads QueryPerformanceCounter and a FILETIME after 2020', BigInt(probe.qpc) > 0n && BigInt(probe.fileTime) > 132223104000000000n, dump);
  }
  check('probe: OpenTraceW echo', echoes.some((e) => new RegExp(`^fixme:eventlog:OpenTraceW ${NONNULL}`).test(e)), dump);
  check('probe: ProcessTrace echo (handle array, count 1, no times)', echoes.some((e) => new RegExp(`^fixme:eventlog:ProcessTrace \\(?${NONNULL},? 1,? 0+,? 0+`).test(e)), dump);
  check('probe: CloseTrace echo (the handle)', echoes.some((e) => /^fixme:eventlog:CloseTrace .*1234/.test(e)), dump);
}

console.log(failures === 0 ? 'wine-smoke: all checks passed' : `wine-smoke: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
