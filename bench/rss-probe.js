// Loaded into a benchmarked node process (NODE_OPTIONS=--import): writes its peak RSS
// (KiB, from getrusage) to $ETWKIT_BENCH_RSS_FILE when it exits.
import { writeFileSync } from 'node:fs';

const file = process.env.ETWKIT_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
