/**
 * The built-in kernel classes against an independent reader: PerfView's
 * TraceEvent listing of perfview-net452-x64-compressed.etl (the first events of
 * each kernel type with their values). Each listed kernel event is found among
 * our records (same time to the listed microsecond, processor, payload length
 * and class) and every field both sides name is compared.
 */
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { buildRegistry } from '../../src/etw/report/schema-sources.js';
import type { DecodedField } from '../../src/etw/schema/types.js';
import { etlPath, haveCorpus } from '../support/corpus.js';
import { compareValue, readBaseline } from './clr-traceevent-baseline.js';

const STEM = 'perfview-net452-x64-compressed';

/** TraceEvent's kernel task names → ours (the classes' display names). */
const TASKS: Record<string, string> = {
  DiskIO: 'DiskIo', Memory: 'PageFault', EventTrace: 'EventTrace', Image: 'Image', PerfInfo: 'PerfInfo', Process: 'Process',
  SystemConfig: 'SystemConfig', TcpIp: 'TcpIp', Thread: 'Thread', UdpIp: 'UdpIp',
};

interface Ours { ms: number; cpu: number; size: number; task: string | null; fields: DecodedField[]; used: boolean }

/** TraceEvent's value against ours, allowing for how it shows them. */
function compare(name: string, expected: string, f: DecodedField): 'equal' | 'different' | 'unverifiable' {
  // TraceEvent shows file names as DOS paths (C:\…) where the kernel wrote NT paths (\Device\…, \SystemRoot\…).
  if (name === 'FileName') return 'unverifiable';
  // ProcessName is TraceEvent's own (the event's process, without .exe), not the payload field of that name.
  if (name === 'ProcessName') return 'unverifiable';
  // It shows integers signed: 32-bit ones, and 64-bit ones cut to 20 characters.
  if (/^-[\d,]+$/.test(expected)) return BigInt(f.text) === BigInt(expected.replace(/,/g, '')) + 2n ** 32n ? 'equal' : 'different';
  if (/^-[\d,]+\.\.\.$/.test(expected)) {
    return BigInt.asIntN(64, BigInt(f.text)).toLocaleString('en-US').startsWith(expected.slice(0, -3)) ? 'equal' : 'different';
  }
  // Flag and enum names where we show the number.
  if (/^[A-Za-z][\w, ]*(\.\.\.)?$/.test(expected) && /^(\d+|0x[0-9A-F]+)$/.test(f.text)) return 'unverifiable';
  return compareValue(expected, f);
}

describe.skipIf(!haveCorpus)(`built-in kernel classes against TraceEvent's listing of ${STEM}`, () => {
  it('gives the values TraceEvent shows', () => {
    const reader = EtlReader.open([etlPath(STEM)]);
    const start = reader.files[0]!.header.startTime;
    const decoder = buildRegistry(reader.files);
    const ours: Ours[] = [];
    for (const r of reader.records()) {
      if (r.kind !== 'system' && r.kind !== 'compact' && r.kind !== 'perfinfo') continue;
      const d = decoder.decode(r);
      ours.push({ ms: Number(r.fileTime - start) / 1e4, cpu: r.cpu, size: r.payloadSize, task: d.taskName, fields: [...d.fields], used: false });
    }
    reader.close();
    const tally = { equal: 0, different: 0, unverifiable: 0 };
    const differ: string[] = [];
    let events = 0;
    for (const b of readBaseline(STEM)) {
      const [provider, task] = b.name.split('/');
      if (provider !== 'Windows Kernel' || TASKS[task!] === undefined || b.name === 'Windows Kernel/EventTrace') continue;
      const match = ours.find((o) => !o.used && Math.abs(o.ms - b.time) < 0.0006 && o.task === TASKS[task!] && o.cpu === b.cpu && o.size === b.dataLength);
      expect(match, `${b.name} at ${b.time} ms`).toBeDefined();
      match!.used = true;
      events++;
      for (const [name, value] of b.fields) {
        const f = match!.fields.find((x) => x.name.toLowerCase() === name.toLowerCase());
        if (f === undefined) continue; // a name of TraceEvent's own
        const c = compare(name, value, f);
        tally[c]++;
        if (c === 'different') differ.push(`${b.name} ${name}: TraceEvent ${value}, ours ${f.text}`);
      }
    }
    expect(differ).toEqual([]);
    expect(events).toBe(139);
    expect(tally.equal).toBe(829); // 51 more are names or paths TraceEvent shows in its own way (see compare)
  });
});
