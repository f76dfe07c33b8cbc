/**
 * The CSV and XML sinks write a schema payload that was not decoded yet (a
 * report run's registry defers fields) through the compiled decoder's walk
 * (schema/field-walk.ts) and their FieldWriters (csv-field-writer.ts,
 * xml-field-writer.ts). On every corpus file, with every public schema of the
 * corpus imported, the bytes must equal those written from decoded fields
 * (DecodedPayload.fields), and the walk must really be taken for the files
 * with schema events. Damaged payloads (cut short, bytes changed) must give
 * the same bytes both ways: the walk then stops, the sink takes back what it
 * wrote and uses the fields, never throwing.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { CsvDumpSink } from '../../src/etw/render/csv-dump.js';
import type { OutputFile } from '../../src/etw/render/output-file.js';
import type { EventSink } from '../../src/etw/render/sink.js';
import { XmlDumpSink } from '../../src/etw/render/xml-dump.js';
import { buildRegistry } from '../../src/etw/report/schema-sources.js';
import { SchemaPayload } from '../../src/etw/schema/schema-payload.js';
import { corpusStems, CORPUS_SCHEMAS, etlPath, haveCorpus } from '../support/corpus.js';
import { memoryOutput } from '../support/memory-output.js';
import { payloadMutations } from '../support/payload-mutations.js';


const schemaFiles = haveCorpus ? readdirSync(CORPUS_SCHEMAS) : [];
const manifests = schemaFiles.filter((f) => f.endsWith('.man') || f.endsWith('.xml')).map((f) => join(CORPUS_SCHEMAS, f));
const mofs = schemaFiles.filter((f) => f.endsWith('.mof')).map((f) => join(CORPUS_SCHEMAS, f));

const FORMATS = {
  CSV: (out: OutputFile, walk: boolean): EventSink => new CsvDumpSink(out, {}, walk),
  XML: (out: OutputFile, walk: boolean): EventSink => new XmlDumpSink(out, {}, walk),
  // The XML sink walks fields straight into its output's buffer: one this small fills inside nearly every
  // event, so that the fields move to its front while the walk writes them (and are written again).
  'XML in a small buffer': (out: OutputFile, walk: boolean): EventSink => new XmlDumpSink(out, {}, walk, 256),
};

/** A file through a report run's decoder into one sink; counts the payloads written without decoding their fields. */
function dump(stem: string, format: keyof typeof FORMATS, walk: boolean): { text: string; walked: number } {
  const reader = EtlReader.open([etlPath(stem)]);
  const decoder = buildRegistry(reader.files, { manifests, mofs });
  const chunks: Buffer[] = [];
  const sink = FORMATS[format](memoryOutput(chunks), walk);
  sink.begin({ files: reader.files });
  let walked = 0;
  for (const record of reader.records()) {
    const d = decoder.decode(record);
    sink.write({ record, decoded: d });
    if (d instanceof SchemaPayload && d.pending) walked++;
  }
  reader.close();
  void sink.end();
  return { text: Buffer.concat(chunks).toString('utf8'), walked };
}

const MUST_WALK = ['perfview-clr-rundown', 'perfview-gcevents-circular', 'perfview-primitive-types-tl', 'diaghub-kernel', 'sonde-relogged-mof-tl', 'hw3d-single-tl-event'];

describe.skipIf(!haveCorpus)('CSV and XML written by the compiled decoder', () => {
  for (const stem of corpusStems()) {
    for (const format of ['CSV', 'XML', 'XML in a small buffer'] as const) {
      it(`${stem} ${format}: the same bytes as from decoded fields`, () => {
        const fields = dump(stem, format, false);
        const walked = dump(stem, format, true);
        expect(fields.walked).toBe(0);
        expect(walked.text === fields.text).toBe(true);
        if (MUST_WALK.includes(stem)) expect(walked.walked).toBeGreaterThan(0);
      }, 60_000);
    }
  }
});

describe.skipIf(!haveCorpus)('CSV and XML from damaged payload bytes', () => {
  for (const stem of ['perfview-clr-rundown', 'perfview-primitive-types-tl', 'diaghub-kernel', 'airbus-lxcore-kernel-tl']) {
    it(`${stem}: cut and changed payloads give the same bytes both ways`, () => {
      const reader = EtlReader.open([etlPath(stem)]);
      const decoder = buildRegistry(reader.files, { manifests, mofs });
      const sinks = (['CSV', 'XML', 'XML in a small buffer'] as const).flatMap((format) => [true, false].map((walk) => {
        const chunks: Buffer[] = [];
        const sink = FORMATS[format](memoryOutput(chunks), walk);
        sink.begin({ files: reader.files });
        return { chunks, sink };
      }));
      const mutations = payloadMutations(4321);
      let variants = 0;
      for (const record of reader.records()) {
        const d = decoder.decode(record);
        if (!(d instanceof SchemaPayload) || variants > 3000) continue;
        for (const p of mutations(Buffer.from(d.payload))) {
          // A fresh payload per sink: one sink's decoding must not serve the other.
          for (const { sink } of sinks) sink.write({ record, decoded: new SchemaPayload(d.compiled, p, d.pointerSize, d.sessionClock) });
          variants++;
        }
      }
      reader.close();
      for (const { sink } of sinks) void sink.end();
      const [csvWalk, csvFields, xmlWalk, xmlFields, smallWalk, smallFields] = sinks.map(({ chunks }) => Buffer.concat(chunks).toString('utf8'));
      expect(variants).toBeGreaterThan(0);
      expect(csvWalk === csvFields).toBe(true);
      expect(xmlWalk === xmlFields).toBe(true);
      expect(smallWalk === xmlFields).toBe(true);
      expect(smallFields === xmlFields).toBe(true);
    }, 60_000);
  }
});
