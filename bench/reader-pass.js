// One benchmark case run in its own process: read every record of a file with the
// reader alone (no decoding, no output). Prints {records} as JSON.
import { EtlReader } from '../dist/etw/etl/reader.js';

const reader = EtlReader.open(process.argv.slice(2));
let records = 0;
let bytes = 0;
for (const r of reader.records()) {
  records++;
  bytes += r.payloadSize;
}
reader.close();
process.stdout.write(JSON.stringify({ records, payloadBytes: bytes, warnings: reader.warnings.length }) + '\n');
