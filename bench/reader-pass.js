// The reader pass of `npm run bench`: every record of the files, in time order, and
// nothing else (no decoder or output modules loaded). Prints {records} to standard error.
import { EtlReader } from '../dist/etw/etl/reader.js';

const reader = EtlReader.open(process.argv.slice(2));
let records = 0;
for (const record of reader.records()) if (record !== null) records++;
reader.close();
process.stderr.write(JSON.stringify({ records }) + '\n');
