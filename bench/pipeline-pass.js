// One benchmark case run in its own process: read every record of a file and, as asked,
// decode payloads with the schema registry (--decode), write JSON lines to standard
// output (--jsonl), after importing manifests (--import FILE) and, with --builtin, the
// built-in kernel classes a report registers by default. Prints {records, decoded}
// to standard error as JSON (decoded: records whose fields decoded, counted when no JSONL is written).
import { readFileSync } from 'node:fs';
import { EtlReader } from '../dist/etw/etl/reader.js';
import { SchemaRegistry } from '../dist/etw/schema/registry.js';
import { SchemaRank } from '../dist/etw/schema/schema-rank.js';
import { registerBuiltinKernelClasses } from '../dist/etw/schema/builtin/kernel-classes.js';
import { loadManifest } from '../dist/etw/schema/manifest/manifest-loader.js';
import { JsonlSink } from '../dist/etw/render/jsonl.js';
import { OutputFile } from '../dist/etw/render/output-file.js';

const args = process.argv.slice(2);
const decode = args.includes('--decode');
const jsonl = args.includes('--jsonl');
const builtin = args.includes('--builtin');
const manifests = args.flatMap((a, i) => (a === '--import' ? [args[i + 1]] : []));
const files = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--import');

const reader = EtlReader.open(files);
const registry = new SchemaRegistry({ files: reader.files, deferFields: true });
if (builtin) registry.registerAs(SchemaRank.BUILT_IN, () => registerBuiltinKernelClasses(registry));
for (const m of manifests) {
  for (const p of loadManifest(readFileSync(m, 'utf8')).providers) {
    for (const ev of p.events) registry.addManifestEvent(ev.schema, { providerId: p.guid, id: ev.id, version: ev.version });
  }
}
const sink = jsonl ? new JsonlSink(OutputFile.open('-', { overwrite: true })) : null;
let records = 0;
let decoded = 0;
for (const record of reader.records()) {
  records++;
  const d = decode ? registry.decode(record) : null;
  sink?.write({ record, decoded: d });
  // Counted after the sink wrote it (reading the fields first would decode them for a JSONL sink that writes from the bytes).
  if (d && !jsonl && d.error === null && d.fields.length > 0) decoded++;
}
sink?.end();
reader.close();
process.stderr.write(JSON.stringify({ records, decoded }) + '\n');
