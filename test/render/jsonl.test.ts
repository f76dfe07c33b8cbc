/**
 * The JSONL sink's byte path (ByteWriter, cached heads) writes exactly the lines of
 * its plain string form, on every corpus file, and every line parses as JSON.
 */
import { describe, expect, it } from 'vitest';
import { IsoTimeFormatter } from '../../src/etw/etl/clock.js';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { JsonlSink, recordJsonLine } from '../../src/etw/render/jsonl.js';
import type { OutputFile } from '../../src/etw/render/output-file.js';
import { isStringOnly, stringOnlyText } from '../../src/etw/schema/string-only.js';
import { corpusStems, etlPath, haveCorpus } from '../support/corpus.js';

function memoryOutput(chunks: Buffer[]): OutputFile {
  return { byteEncoding: 'utf8', writeEncoded: (b: Buffer) => chunks.push(Buffer.from(b)), write: (s: string) => chunks.push(Buffer.from(s)), commit() {} } as unknown as OutputFile;
}

describe.skipIf(!haveCorpus)('JSONL byte path', () => {
  for (const stem of corpusStems()) {
    it(`${stem}: same bytes as the string form`, () => {
      const chunks: Buffer[] = [];
      const sink = new JsonlSink(memoryOutput(chunks));
      const times = new IsoTimeFormatter();
      let expected = '';
      const reader = EtlReader.open([etlPath(stem)]);
      for (const record of reader.records()) {
        expected += recordJsonLine(record, times.format(record), isStringOnly(record) ? stringOnlyText(record) : null, null);
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
