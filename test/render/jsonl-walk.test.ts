/**
 * The JSONL sink writes schema payloads through the compiled decoder's walk
 * (json-field-writer.ts) when the registry defers fields, as a report run's does. On
 * every corpus file, with every public schema of the corpus imported, those
 * lines must equal the lines written from decoded fields, byte for byte; and the
 * byte path must really be taken for the files that have schema events
 * (manifest, MOF and TraceLogging ones). Damaged payloads (cut short, bytes
 * changed) must also give the same lines both ways: the byte path falls back
 * where a payload does not fit, and never throws.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { JsonlSink } from '../../src/etw/render/jsonl.js';
import { buildRegistry } from '../../src/etw/report/schema-sources.js';
import { SchemaPayload } from '../../src/etw/schema/schema-payload.js';
import { corpusStems, CORPUS_SCHEMAS, etlPath, haveCorpus } from '../support/corpus.js';
import { memoryOutput } from '../support/memory-output.js';
import { payloadMutations } from '../support/payload-mutations.js';


const schemaFiles = haveCorpus ? readdirSync(CORPUS_SCHEMAS) : [];
const manifests = schemaFiles.filter((f) => f.endsWith('.man') || f.endsWith('.xml')).map((f) => join(CORPUS_SCHEMAS, f));
const mofs = schemaFiles.filter((f) => f.endsWith('.mof')).map((f) => join(CORPUS_SCHEMAS, f));

/** The JSONL of a file through a report run's decoder; `fromBytes` as the sink's option. Counts lines written from the bytes. */
function jsonl(stem: string, fromBytes: boolean): { text: string; fromBytes: number; decoded: number } {
  const reader = EtlReader.open([etlPath(stem)]);
  const decoder = buildRegistry(reader.files, { manifests, mofs });
  const chunks: Buffer[] = [];
  const sink = new JsonlSink(memoryOutput(chunks), fromBytes);
  let fromBytesCount = 0;
  let decoded = 0;
  for (const record of reader.records()) {
    const d = decoder.decode(record);
    sink.write({ record, decoded: d });
    // A deferred payload the sink wrote from its bytes was never decoded into fields.
    if (d instanceof SchemaPayload) {
      if (d.pending) fromBytesCount++;
      else if (d.error === null) decoded++;
    }
  }
  reader.close();
  sink.end();
  return { text: Buffer.concat(chunks).toString('utf8'), fromBytes: fromBytesCount, decoded };
}

const MUST_USE_BYTES = ['perfview-clr-rundown', 'perfview-gcevents-circular', 'perfview-primitive-types-tl', 'diaghub-kernel', 'sonde-relogged-mof-tl', 'hw3d-single-tl-event'];

describe.skipIf(!haveCorpus)('JSONL written from payload bytes', () => {
  for (const stem of corpusStems()) {
    it(`${stem}: the same lines as from decoded fields`, () => {
      const fields = jsonl(stem, false);
      const bytes = jsonl(stem, true);
      expect(fields.fromBytes).toBe(0);
      expect(bytes.text === fields.text).toBe(true);
      if (MUST_USE_BYTES.includes(stem)) expect(bytes.fromBytes).toBeGreaterThan(0);
      // Everything the byte path writes is an event the field path decodes.
      expect(bytes.fromBytes + bytes.decoded).toBe(fields.decoded);
    }, 60_000);
  }
});

describe.skipIf(!haveCorpus)('JSONL written from damaged payload bytes', () => {
  for (const stem of ['perfview-clr-rundown', 'perfview-primitive-types-tl', 'diaghub-kernel', 'airbus-lxcore-kernel-tl']) {
    it(`${stem}: cut and changed payloads give the same lines both ways`, () => {
      const reader = EtlReader.open([etlPath(stem)]);
      const decoder = buildRegistry(reader.files, { manifests, mofs });
      // The third sink's buffer is small, so that lines whose message is written during the fill cross flushes
      // (and misfits are taken back after one).
      const sinks = ([[true, undefined], [false, undefined], [true, 700]] as const).map(([fromBytes, bufferBytes]) => {
        const chunks: Buffer[] = [];
        return { chunks, sink: new JsonlSink(memoryOutput(chunks), fromBytes, bufferBytes) };
      });
      const mutations = payloadMutations(12345);
      let variants = 0;
      for (const record of reader.records()) {
        const d = decoder.decode(record);
        if (!(d instanceof SchemaPayload) || variants > 3000) continue;
        for (const p of mutations(Buffer.from(d.payload))) {
          for (const { sink } of sinks) sink.write({ record, decoded: new SchemaPayload(d.compiled, p, d.pointerSize, d.sessionClock) });
          variants++;
        }
      }
      reader.close();
      for (const { sink } of sinks) sink.end();
      const [bytes, fields, smallBuffer] = sinks.map(({ chunks }) => Buffer.concat(chunks).toString('utf8'));
      expect(variants).toBeGreaterThan(0);
      expect(bytes === fields).toBe(true);
      expect(smallBuffer === fields).toBe(true);
    }, 60_000);
  }
});
