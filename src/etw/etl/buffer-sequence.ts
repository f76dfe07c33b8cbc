/**
 * The file's own count of its buffers, checked against what the index pass found
 * (etl-format.md §1.2, §3.2). A session numbers the buffers it writes to a file
 * 0, 1, 2, … (SequenceNumber; 0 is the header buffer), and the log-file header
 * counts them (BuffersWritten). So a number missing between two found buffers,
 * or fewer buffers than BuffersWritten, means buffers were lost; a number found
 * twice means a buffer was written (or copied) twice, and the copy is dropped so
 * that no event is read twice. A circular file (LogFileMode bit 0x2) that has
 * wrapped keeps only its newest buffers: its numbers start anywhere and
 * BuffersWritten counts the overwritten ones too, so only gaps between found
 * buffers count there. A circular file wraps only once it has grown to its
 * MaximumFileSize (MB, or KB with mode bit 0x2000): one that ends in
 * never-written space, or is under half that size, has not wrapped.
 */
import type { BufferEntry } from './buffer-index.js';
import type { EtlWarning } from './errors.js';

/** LogFileMode bit EVENT_TRACE_FILE_MODE_CIRCULAR. */
const CIRCULAR_MODE = 0x00000002;
/** LogFileMode bit EVENT_TRACE_USE_KBYTES_FOR_SIZE: MaximumFileSize is in KB, not MB. */
const KBYTES_FOR_SIZE = 0x00002000;

export interface SequenceFacts {
  buffersWritten: number;
  logFileMode: number;
  /** File offset of BuffersWritten in the log-file header record (named in warnings). */
  buffersWrittenOffset: number;
  /** The file ends in never-written space (so a circular one has not wrapped). */
  unwrittenTail: boolean;
  fileSize: number;
  /** TRACE_LOGFILE_HEADER.MaximumFileSize (0: none). */
  maximumFileSize: number;
}

/** Could this file be a circular one that has wrapped (overwritten its oldest buffers)? */
function mayHaveWrapped(f: SequenceFacts): boolean {
  if ((f.logFileMode & CIRCULAR_MODE) === 0 || f.unwrittenTail) return false;
  const maxBytes = f.maximumFileSize * ((f.logFileMode & KBYTES_FOR_SIZE) !== 0 ? 1024 : 1024 * 1024);
  return maxBytes === 0 || f.fileSize >= maxBytes / 2;
}

export interface SequenceCheck {
  /** The buffers, each sequence number once (file order kept). */
  buffers: BufferEntry[];
  /** Buffers the file's own numbers show to be missing. */
  missing: number;
}

const hex = (n: number) => `0x${n.toString(16)}`;

export function checkBufferSequence(found: BufferEntry[], facts: SequenceFacts, file: string, warn: (w: EtlWarning) => void): SequenceCheck {
  const bySeq = [...found].sort((a, b) => (a.header.sequenceNumber < b.header.sequenceNumber ? -1 : a.header.sequenceNumber > b.header.sequenceNumber ? 1 : a.offset - b.offset));
  const wrapped = mayHaveWrapped(facts);
  const dropped = new Set<BufferEntry>();
  let gaps = 0;
  for (let i = 1; i < bySeq.length; i++) {
    const prev = bySeq[i - 1]!, cur = bySeq[i]!;
    const step = cur.header.sequenceNumber - prev.header.sequenceNumber;
    if (step === 0n) {
      warn({ file, offset: cur.offset, message: `buffer repeats sequence number ${cur.header.sequenceNumber} of the buffer at ${hex(prev.offset)}; the copy is skipped` });
      dropped.add(cur);
      bySeq[i] = prev; // compare the next one with the first of the number
      continue;
    }
    if (step === 1n) continue;
    // The header buffer (0) before the oldest kept buffer of a wrapped circular file is no gap.
    if (wrapped && prev.header.sequenceNumber === 0n && i === 1) continue;
    const lost = step - 1n;
    gaps += Number(lost);
    warn({
      file, offset: cur.offset,
      message: `buffer sequence numbers jump from ${prev.header.sequenceNumber} (buffer at ${hex(prev.offset)}) to ${cur.header.sequenceNumber}: ${lost} buffer(s) missing`,
    });
  }
  const kept = dropped.size === 0 ? found : found.filter((b) => !dropped.has(b));
  let missing = gaps;
  // Only a shortfall the gaps do not already explain (buffers lost after the last one found) is news.
  if (!wrapped && kept.length + gaps < facts.buffersWritten) {
    const short = facts.buffersWritten - kept.length;
    warn({ file, offset: facts.buffersWrittenOffset, message: `the log-file header says ${facts.buffersWritten} buffers were written (BuffersWritten), ${kept.length} were found: ${short} buffer(s) missing` });
    missing = Math.max(missing, short);
  }
  return { buffers: kept, missing };
}
