/**
 * The names part of JSON lines: records whose headers are identical (as those of
 * TraceLogging events of one provider often are) but whose schemas differ get
 * their own names on both JSONL paths (the cached heads of the byte path and
 * the string path), with JSON escaping, and null where nothing names them.
 */
import { describe, expect, it } from 'vitest';
import { JsonlSink } from '../../src/etw/render/jsonl.js';
import { InType } from '../../src/etw/schema/event-schema.js';
import { SchemaRegistry } from '../../src/etw/schema/registry.js';
import { emptyPayload, type DecodedPayload } from '../../src/etw/schema/types.js';
import { hex, recordWith, schemaOf } from '../schema/schema-fixtures.js';
import { memoryOutput } from '../support/memory-output.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
function linesOf(write: (sink: JsonlSink) => void): any[] {
  const chunks: Buffer[] = [];
  const sink = new JsonlSink(memoryOutput(chunks));
  write(sink);
  sink.end();
  return Buffer.concat(chunks).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
}

const named = (taskName: string | null, eventName: string | null, extra: Partial<DecodedPayload> = {}): DecodedPayload =>
  ({ ...emptyPayload(), source: 'tracelogging', providerName: 'P', taskName, eventName, ...extra });

describe('JSON line names', () => {
  it('two events with the same header but different names are told apart', () => {
    const record = recordWith({ id: 0, payload: hex('') });
    const decoded = [named('First', 'First'), named('Second "quoted"', null), named(null, 'Only event name', { opcodeName: 'Start', levelName: 'Information' }), named('First', 'First'), emptyPayload()];
    const lines = linesOf((sink) => { for (const d of decoded) sink.write({ record, decoded: d }); });
    expect(lines.map((o) => [o.providerName, o.eventName, o.opcodeName, o.levelName])).toEqual([
      ['P', 'First', null, null],
      ['P', 'Second "quoted"', null, null],
      ['P', 'Only event name', 'Start', 'Information'],
      ['P', 'First', null, null],
      [null, null, null, null],
    ]);
    expect(Object.keys(lines[0]).slice(3, 8)).toEqual(['provider', 'providerName', 'eventName', 'opcodeName', 'levelName']);
  });

  it('schema payloads written from their bytes carry their schema names', () => {
    const provider = '11111111-2222-3333-4444-555555555555';
    const registry = new SchemaRegistry({ deferFields: true });
    const u8 = [{ name: 'A', inType: InType.UINT8, outType: 0 }];
    registry.addManifestEvent(schemaOf(u8, { providerId: provider, providerName: 'Prov', taskName: 'Task1', opcodeName: 'Op', levelName: 'Warning' }), { providerId: provider, id: 1, version: 0 });
    registry.addManifestEvent(schemaOf(u8, { providerId: provider, providerName: 'Prov', eventName: 'Ev2' }), { providerId: provider, id: 2, version: 0 });
    const lines = linesOf((sink) => {
      for (const id of [1, 2, 1, 3]) {
        const record = recordWith({ providerId: provider, id, payload: hex('07') });
        sink.write({ record, decoded: registry.decode(record) });
      }
    });
    expect(lines.map((o) => [o.providerName, o.eventName, o.opcodeName, o.levelName, o.error])).toEqual([
      ['Prov', 'Task1', 'Op', 'Warning', null],
      ['Prov', 'Ev2', null, null, null],
      ['Prov', 'Task1', 'Op', 'Warning', null],
      [null, null, null, null, 1168],
    ]);
    expect(lines[0].fields).toEqual({ A: 7 });
  });
});
