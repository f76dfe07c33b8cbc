/**
 * Kernel traces decode with no schema option: on every corpus file, the report's
 * decoder (built-in kernel classes) gives every kernel record that `--mof
 * wmicore.mof` decodes the same field names, values and texts; nearly every
 * kernel record decodes; `--mof` still wins over the table; the summary names
 * the kernel rows.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import type { EtlRecord } from '../../src/etw/etl/record.js';
import { decodeEventTraceRecord } from '../../src/etw/schema/builtin/eventtrace-records.js';
import { buildRegistry } from '../../src/etw/report/schema-sources.js';
import { loadMof } from '../../src/etw/schema/mof/mof-loader.js';
import type { DecodedPayload } from '../../src/etw/schema/types.js';
import { CORPUS_SCHEMAS, corpusStems, etlPath, haveCorpus } from '../support/corpus.js';
import { runCli } from '../support/run-cli.js';

const WMICORE = join(CORPUS_SCHEMAS, 'wmicore.mof');
/** The NT kernel logger's class GUIDs: those of the kernel MOF's MSNT_SystemTrace classes. */
const KERNEL_GUIDS = new Set(haveCorpus
  ? loadMof(readFileSync(WMICORE, 'utf8')).events.filter((e) => e.schema.providerName === 'MSNT_SystemTrace').map((e) => e.classGuid)
  : []);

/** NT kernel logger records: system/perfinfo headers, or classic records of a kernel class GUID. */
function isKernelRecord(r: EtlRecord): boolean {
  if (r.kind === 'system' || r.kind === 'compact' || r.kind === 'perfinfo') return true;
  return (r.kind === 'trace' || r.kind === 'instance') && r.providerId !== null && KERNEL_GUIDS.has(r.providerId);
}

const shape = (d: DecodedPayload) => JSON.stringify(d.fields.map((f) => [f.name, f.value, f.text]));
const label = (r: EtlRecord) => `${r.kind} {${r.providerId}} type ${r.opcode} v${r.version}`;

interface FileResult {
  total: number;
  kernel: number;
  kernelDecoded: number;
  allDecoded: number;
  /** Kernel records --mof wmicore.mof decodes. */
  mofDecoded: number;
  /** Those whose built-in decoding differs from the MOF's (should be none but the reader's EventTrace records). */
  differ: string[];
  /** Group-0 records decoded by the reader (its older rendering, kept byte-identical). */
  readerEventTrace: number;
  undecoded: Map<string, number>;
}

function decodeFile(stem: string): FileResult {
  const reader = EtlReader.open([etlPath(stem)]);
  const builtin = buildRegistry(reader.files);
  const withMof = buildRegistry(reader.files, { mofs: [WMICORE] });
  const res: FileResult = { total: 0, kernel: 0, kernelDecoded: 0, allDecoded: 0, mofDecoded: 0, differ: [], readerEventTrace: 0, undecoded: new Map() };
  for (const r of reader.records()) {
    res.total++;
    const ours = builtin.decode(r);
    const ok = ours.error === null;
    if (ok) res.allDecoded++;
    else res.undecoded.set(`${label(r)} ${ours.error!.code}`, (res.undecoded.get(`${label(r)} ${ours.error!.code}`) ?? 0) + 1);
    if (!isKernelRecord(r)) continue;
    res.kernel++;
    if (ok) res.kernelDecoded++;
    const theirs = withMof.decode(r);
    if (theirs.error !== null) continue;
    res.mofDecoded++;
    const known = r.hookId !== null && r.hookId > 0 && r.hookId < 0x100 ? decodeEventTraceRecord(r) : null;
    if (known !== null) {
      // The EventTrace group records the reader decodes keep its rendering (names and values as before).
      res.readerEventTrace++;
      expect(ours.fields.map((f) => f.name), `${stem} ${label(r)}`).toEqual(known.values.map((v) => v[0]));
      continue;
    }
    if (shape(ours) !== shape(theirs) || ours.taskName !== theirs.taskName || ours.opcodeName !== theirs.opcodeName
      || ours.providerName !== theirs.providerName || ours.eventName !== theirs.eventName) res.differ.push(label(r));
  }
  reader.close();
  return res;
}

describe.skipIf(!haveCorpus)('kernel records decode with no schema option', () => {
  const results = new Map<string, FileResult>();
  const result = (stem: string) => results.get(stem) ?? results.set(stem, decodeFile(stem)).get(stem)!;

  it('diaghub-kernel: 99.9% of all records, and the same fields as --mof wmicore.mof', () => {
    const r = result('diaghub-kernel');
    expect(r.total).toBe(16335);
    expect(r.allDecoded / r.total).toBeGreaterThanOrEqual(0.999);
    expect(r.allDecoded).toBe(16334);
    // The one record left is no kernel record: a manifest event of a provider nothing describes.
    expect([...r.undecoded]).toEqual([['event {6f669bfa-816a-4204-a824-47c8e6a00474} type 0 v0 1168', 1]]);
    expect(r.kernel).toBe(16334);
    expect(r.kernelDecoded).toBe(16334);
    expect(r.mofDecoded).toBe(16334);
    expect(r.readerEventTrace).toBe(12);
    expect(r.differ).toEqual([]);
  });

  it('perfview-net452-x64-compressed (PerfView merge): every kernel record, the same fields as --mof wmicore.mof', () => {
    const r = result('perfview-net452-x64-compressed');
    expect(r.kernel).toBe(103348); // of 111,331 classic records; the other 7,983 are KernelTraceControl classes the merger wrote
    expect(r.kernelDecoded).toBe(r.kernel);
    expect(r.mofDecoded).toBe(r.kernel);
    expect(r.differ).toEqual([]);
  });

  it('sonde-relogged-mof-tl (relogged): the header records and the PerfInfo marks', () => {
    const r = result('sonde-relogged-mof-tl');
    expect(r.kernel).toBe(10);
    expect(r.kernelDecoded).toBe(10);
    expect(r.differ).toEqual([]);
  });

  it('every corpus file: at least 99% of its kernel records decode, as --mof wmicore.mof decodes them', () => {
    const table: string[] = [];
    for (const stem of corpusStems()) {
      const r = result(stem);
      expect(r.kernel, stem).toBeGreaterThan(0); // the header record at least
      expect(r.kernelDecoded / r.kernel, stem).toBeGreaterThanOrEqual(0.99);
      expect(r.mofDecoded, stem).toBe(r.kernelDecoded);
      expect(r.differ, stem).toEqual([]);
      table.push(`${stem} ${r.kernelDecoded}/${r.kernel}`);
    }
    expect(table.length).toBe(corpusStems().length);
  });

  it('--mof wins over the built-in table for the classes it defines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'etwkit-kmof-'));
    const mof = join(dir, 'process.mof');
    writeFileSync(mof, `class EventTrace {};
      [Dynamic, Guid("{9e814aad-3204-11d2-9a82-006008a86939}")] class MSNT_SystemTrace : EventTrace {};
      [Dynamic, Guid("{3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c}"), EventVersion(4), DisplayName("MyProcess")] class P : MSNT_SystemTrace {};
      [Dynamic, EventType(3), EventTypeName("Rundown")] class P_DCStart : P { [WmiDataId(1), pointer] uint32 Key; };`);
    const run = (extra: string[]) => {
      const r = runCli(['report', etlPath('diaghub-kernel'), '-of', 'JSONL', '-o', '-', '--quiet', ...extra]);
      expect(r.status).toBe(0);
      return r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    };
    const plain = run([]);
    const mine = run(['--mof', mof]);
    const dcStart = (lines: any[]) => lines.find((l) => l.hookId === '0x0303');
    expect(Object.keys(dcStart(plain).fields)).toContain('ImageFileName');
    expect(dcStart(mine).fields).toEqual({ Key: dcStart(plain).fields.UniqueProcessKey });
    // The types the file does not define keep the built-in layouts.
    const end = (lines: any[]) => lines.find((l) => l.hookId === '0x0304');
    expect(end(mine).fields).toEqual(end(plain).fields);
  });

  it('the summary names the kernel rows by class, as tracerpt does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'etwkit-ksum-'));
    const out = join(dir, 'summary.txt');
    const r = runCli(['report', etlPath('diaghub-kernel'), '-summary', out, '--quiet']);
    expect(r.status).toBe(0);
    const rows = readFileSync(out, 'utf8').split('\n').filter((l) => /^\|\s+\d+ /.test(l)).map((l) => l.slice(1, 40).trim().split(/\s+/));
    // Every kernel row has its class name; the manifest event nothing names has none (its Event ID, 2, comes next).
    expect(new Set(rows.map((c) => c[1]))).toEqual(new Set(['SystemConfig', 'Image', 'Process', 'EventTrace', '2']));
  });
});
