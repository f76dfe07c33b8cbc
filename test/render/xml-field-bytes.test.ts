/**
 * The XML sink writes EventData from field values (numbers without a text
 * string, texts escaped where needed): its bytes must equal the string form
 * (eventXml) record for record, on kernel records decoded by the built-in
 * classes and on TraceLogging, manifest and WPP-free corpus files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { OutputFile } from '../../src/etw/render/output-file.js';
import { eventXml, XmlDumpSink } from '../../src/etw/render/xml-dump.js';
import { buildRegistry } from '../../src/etw/report/schema-sources.js';
import { etlPath, haveCorpus } from '../support/corpus.js';
import { scratchDir } from './report-run.js';

describe.skipIf(!haveCorpus)('XML EventData written from field values', () => {
  const dir = scratchDir('etwkit-xml-bytes-');
  it.each(['diaghub-kernel', 'perfview-primitive-types-tl', 'sonde-relogged-mof-tl', 'perfview-clr-rundown'])('%s: the same bytes as the string form', (stem) => {
    const reader = EtlReader.open([etlPath(stem)]);
    const decoder = buildRegistry(reader.files);
    const path = join(dir, `${stem}.xml`);
    const sink = new XmlDumpSink(OutputFile.open(path, { overwrite: true }));
    sink.begin({ files: reader.files });
    let expected = '<Events>\n';
    for (const record of reader.records()) {
      const decoded = decoder.decode(record);
      sink.write({ record, decoded });
      expected += eventXml(record, decoded);
    }
    sink.end();
    reader.close();
    expect(readFileSync(path, 'utf8')).toBe(expected + '</Events>\n');
  });
});
