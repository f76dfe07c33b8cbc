/**
 * The XML dump keeps the start of each event's System block (Provider to
 * Keywords) per provider and header numbers in a small table by a hash of the
 * numbers (xml-dump.ts SystemHead). However many event types interleave, in
 * whatever order, and whichever of them share a slot of the table, each event
 * must show its own provider and numbers: here several hundred kinds, differing
 * in one number at a time or only in their provider or keywords, cycle in a
 * shuffled order and every event's head is checked against the text made from
 * its record.
 */
import { describe, expect, it } from 'vitest';
import type { EtlRecord } from '../../src/etw/etl/record.js';
import { XmlDumpSink } from '../../src/etw/render/xml-dump.js';
import { recordWith } from '../schema/schema-fixtures.js';
import { memoryOutput } from '../support/memory-output.js';

const PROVIDERS = ['00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002'];

interface Kind { provider: string; id: number; version: number; level: number; task: number; opcode: number; keywords: bigint }

function kinds(): Kind[] {
  const out: Kind[] = [];
  let seed = 7;
  const next = (n: number) => { seed = (seed * 1103515245 + 12345) >>> 0; return seed % n; };
  for (let i = 0; i < 300; i++) {
    // Small ranges, so that kinds share slots and differ in one number only.
    out.push({
      provider: PROVIDERS[next(2)]!, id: next(6), version: next(3), level: next(3), task: next(4), opcode: next(5),
      keywords: next(4) === 0 ? 0x8000000000000000n + BigInt(next(3)) : BigInt(next(3)),
    });
  }
  return out;
}

function recordOf(k: Kind): EtlRecord {
  return { ...recordWith({ providerId: k.provider, id: k.id, version: k.version, level: k.level, opcode: k.opcode, keywords: k.keywords }), task: k.task };
}

function headOf(k: Kind): string {
  return '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">\n\t<System>\n'
    + `\t\t<Provider Guid="{${k.provider}}" />\n\t\t<EventID>${k.id}</EventID>\n\t\t<Version>${k.version}</Version>\n`
    + `\t\t<Level>${k.level}</Level>\n\t\t<Task>${k.task}</Task>\n\t\t<Opcode>${k.opcode}</Opcode>\n`
    + `\t\t<Keywords>0x${k.keywords.toString(16).toUpperCase()}</Keywords>\n\t\t<TimeCreated SystemTime="`;
}

describe('XML System heads', () => {
  it('are each event\'s own, however many kinds interleave', () => {
    const all = kinds();
    const order: Kind[] = [];
    let seed = 99;
    for (let round = 0; round < 4; round++) {
      const shuffled = [...all];
      for (let i = shuffled.length - 1; i > 0; i--) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        const j = seed % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      // Runs of one kind, and kinds cycling.
      order.push(...shuffled.slice(0, 20), ...shuffled.slice(0, 20), ...shuffled, shuffled[0]!, shuffled[0]!);
    }
    const chunks: Buffer[] = [];
    const sink = new XmlDumpSink(memoryOutput(chunks));
    sink.begin({ files: [] });
    for (const k of order) sink.write({ record: recordOf(k), decoded: null });
    sink.end();
    const events = Buffer.concat(chunks).toString('utf8').split('</Event>\n').slice(0, -1).map((e) => e.replace(/^<Events>\n/, ''));
    expect(events.length).toBe(order.length);
    for (let i = 0; i < order.length; i++) expect(events[i]!.startsWith(headOf(order[i]!))).toBe(true);
  });
});
