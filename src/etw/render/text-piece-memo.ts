/**
 * A bounded memo of the bytes a format writes for a text (a JSON string, an
 * escaped XML text, a CSV cell), for the few texts that repeat from event to
 * event such as value-map and bit-map names: each is formatted and encoded
 * once. It is emptied whole when it holds `limit` texts, so a trace with
 * endless distinct names cannot grow it.
 */
import { Piece } from './byte-writer.js';

export function textPieceMemo(format: (text: string) => string, limit = 4096): (text: string) => Piece {
  const pieces = new Map<string, Piece>();
  return (text) => {
    let piece = pieces.get(text);
    if (piece === undefined) {
      if (pieces.size >= limit) pieces.clear();
      pieces.set(text, (piece = Piece.utf8(format(text))));
    }
    return piece;
  };
}
