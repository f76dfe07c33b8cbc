/**
 * The JSONL sink (ByteWriter, cached heads) writes exactly the lines of the
 * plain reference form (test/support/jsonl-reference.ts), on every corpus file,
 * and every line parses as JSON.
 */
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { JsonlSink } from '../../src/etw/render/jsonl.js';
import { isStringOnly, stringOnlyText } from '../../src/etw/schema/string-only.js';
import { corpusStems, etlPath, haveCorpus, CORPUS_SCHEMAS } from '../support/corpus.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaRegistry } from '../../src/etw/schema/registry.js';
import { loadManifest } from '../../src/etw/schema/manifest/manifest-loader.js';
import { registerManifest } from '../../src/etw/schema/manifest/manifest-register.js';
import { loadMof } from '../../src/etw/schema/mof/mof-loader.js';
import { registerMof } from '../../src/etw/schema/mof/mof-register.js';
import type { FieldValue } from '../../src/etw/schema/types.js';
import type { EtlRecord } from '../../src/etw/etl/record.js';
import { memoryOutput } from '../support/memory-output.js';
import { referenceJsonLine } from '../support/jsonl-reference.js';


describe.skipIf(!haveCorpus)('JSONL byte path', () => {
  for (const stem of corpusStems()) {
    it(`${stem}: same bytes as the reference form`, () => {
      const chunks: Buffer[] = [];
      const sink = new JsonlSink(memoryOutput(chunks));
      let expected = '';
      const reader = EtlReader.open([etlPath(stem)]);
      for (const record of reader.records()) {
        expected += referenceJsonLine(record, isStringOnly(record) ? stringOnlyText(record) : null, null, null);
        sink.write({ record, decoded: null });
      }
      reader.close();
      sink.end();
      const got = Buffer.concat(chunks).toString('utf8');
      expect(got === expected).toBe(true);
      const first = got.slice(0, got.indexOf('\n'));
      expect(JSON.parse(first).header).toBe('system');
    });
  }
});

describe.skipIf(!haveCorpus)('JSONL heads', () => {
  it('writes every processor number and runs and alternations of ids and flags as the reference form does', () => {
    // The head keeps the last id and flags it wrote, and writes a processor below 10 as one digit.
    const chunks: Buffer[] = [];
    const sink = new JsonlSink(memoryOutput(chunks));
    let expected = '';
    const reader = EtlReader.open([etlPath('diaghub-kernel')]);
    let i = 0;
    for (const read of reader.records()) {
      if (i >= 3000) break;
      // The record with other ids, processor and flags (own properties over the read record's).
      const record: EtlRecord = Object.create(read, {
        cpu: { value: [0, 9, 10, 11, 99, 100, 1000, 65535][i % 8]! },
        pid: { value: i % 3 === 0 ? (i % 7 === 0 ? 4294967295 : 1000 + (i % 5)) : read.pid },
        tid: { value: i % 4 === 0 ? (i >> 2) % 3 : read.tid },
        flags: { value: i % 5 === 0 ? read.flags ^ 0x20 : read.flags },
      });
      expected += referenceJsonLine(record, isStringOnly(record) ? stringOnlyText(record) : null, null, null);
      sink.write({ record, decoded: null });
      i++;
    }
    reader.close();
    sink.end();
    expect(i).toBe(3000);
    expect(Buffer.concat(chunks).toString('utf8') === expected).toBe(true);
  });
});

describe.skipIf(!haveCorpus)('JSONL byte path with decoded payloads', () => {
  const manifest = haveCorpus ? loadManifest(readFileSync(join(CORPUS_SCHEMAS, 'ClrEtwAll.man'), 'utf8')) : null;
  const mof = haveCorpus ? loadMof(readFileSync(join(CORPUS_SCHEMAS, 'wmicore.mof'), 'utf8')) : null;
  for (const stem of ['perfview-clr-rundown', 'perfview-gcevents-circular', 'perfview-primitive-types-tl', 'sonde-relogged-mof-tl', 'diaghub-kernel', 'perfview-net452-x64-compressed']) {
    it(`${stem}: fields and messages written member by member equal JSON.stringify of the object`, () => {
      const chunks: Buffer[] = [];
      const sink = new JsonlSink(memoryOutput(chunks));
      let expected = '';
      let withFields = 0;
      const reader = EtlReader.open([etlPath(stem)]);
      const registry = new SchemaRegistry({ files: reader.files });
      registerManifest(registry, manifest!);
      registerMof(registry, mof!);
      for (const record of reader.records()) {
        const decoded = registry.decode(record);
        let fields: Record<string, FieldValue> | null = null;
        if (decoded.fields.length > 0) {
          withFields++;
          fields = {};
          for (const f of decoded.fields) fields[f.name] = f.value;
        }
        const message = decoded.message ?? (isStringOnly(record) ? stringOnlyText(record) : null);
        expected += referenceJsonLine(record, message, fields, decoded);
        sink.write({ record, decoded });
      }
      reader.close();
      sink.end();
      expect(withFields).toBeGreaterThan(0);
      expect(Buffer.concat(chunks).toString('utf8') === expected).toBe(true);
    });
  }
});
