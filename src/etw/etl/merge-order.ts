/**
 * The order in which a report hands out the records of all its inputs: by
 * converted time, then input file, then buffer sequence number, then position
 * in the buffer. The reader's merge, the count pass, a report's time slices and
 * a live session's buffer merge all place records by this one rule.
 */

/** Whether record a comes before record b, each given as (time key, file index, buffer sequence number, offset in buffer). */
export function recordBefore(ak: number, af: number, aq: number, ao: number, bk: number, bf: number, bq: number, bo: number): boolean {
  if (ak !== bk) return ak < bk;
  if (af !== bf) return af < bf;
  if (aq !== bq) return aq < bq;
  return ao < bo;
}

/** Where the last record of one stream (one file's processor, read in order) stands in the merge order. */
export interface StreamPlace {
  /** Its ordering key; -Infinity before the stream's first record. */
  key: number;
  /** Its buffer's sequence number and its offset there. */
  seq: number;
  offset: number;
}

/**
 * Whether a stream's next record, at (key, seq, offset), comes after its last one
 * at `place` in the merge order; it then becomes the last. A stream whose records
 * do not (a processor's clock going back) cannot be cut into time slices.
 */
export function comesAfter(place: StreamPlace, key: number, seq: number, offset: number): boolean {
  // The records of one stream are of one file: the file tie-break is equal.
  const ok = key > place.key || (key === place.key && recordBefore(key, 0, place.seq, place.offset, key, 0, seq, offset));
  place.key = key;
  place.seq = seq;
  place.offset = offset;
  return ok;
}
