/**
 * Test helper: run `report` in-process with tracerpt-style arguments (through
 * the real translator, planner and pipeline), capturing console text and the
 * exit code, in a scratch directory.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { translateTracerptArgs } from '../../src/cli/tracerpt-args.js';
import { runReportCommand, type ReportIo } from '../../src/cli/tracerpt-report.js';
import type { ReportOptions } from '../../src/etw/report/report-plan.js';

export function scratchDir(prefix = 'etwkit-report-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The parsed options oclif would produce from a translated argv (the subset of flag shapes `report` uses). */
export function parseNative(argv: string[]): ReportOptions {
  const o: ReportOptions & Record<string, unknown> = { files: [] };
  const camel = (s: string) => s.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
  const multi = new Set(['import', 'mof', 'schemas', 'realtime', 'argumentError', 'provider']);
  const booleans = new Set(['yes', 'lessRestrictive', 'gmt', 'rawTimestamp', 'docker', 'quiet', 'help', 'noTraceSchemas', 'rtBuffers', 'rtEvents', 'verbose']);
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    if (!tok.startsWith('--')) { o.files.push(tok); continue; }
    const name = camel(tok.slice(2));
    if (booleans.has(name) || name.startsWith('default')) { o[name] = true; continue; }
    const value = argv[++i]!;
    if (multi.has(name)) { const list = (o[name] as string[] | undefined) ?? []; list.push(value); o[name] = list; }
    else o[name] = value;
  }
  return o;
}

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function reportInProcess(args: string[], io: Partial<ReportIo> = {}): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const code = await runReportCommand(parseNative(translateTracerptArgs(args)), {
    stdout: { write: (t: string) => { stdout += t; return true; }, isTTY: false },
    stderr: { write: (t: string) => { stderr += t; return true; }, isTTY: false },
    stdinIsTTY: false,
    ...io,
  });
  return { code, stdout, stderr };
}
