/**
 * CSV cells (RFC 4180) for the dump and Docker tables. csv-stringify is the
 * authority on escaping: every cell that contains a quote, comma, CR or LF is
 * escaped by it. Cells without those characters take a fast path that yields
 * exactly what csv-stringify would (the bare text, or the text in quotes for a
 * string cell tracerpt quotes) — calling the library for every cell measured
 * about 0.3 M rows/s, far below the 1 M records/s target. csv-stringify (its
 * CommonJS build, which require() can load on the spot) is loaded when the first
 * cell needs it: most runs, and every XML or JSON lines run, never do.
 */
import { createRequire } from 'node:module';

type CsvStringify = typeof import('csv-stringify');
type CsvStringifySync = typeof import('csv-stringify/sync');
const requireHere = createRequire(import.meta.url);

/** The part of csv-stringify's Stringifier used here: stringify one record without its delimiter. */
interface StringifierApi {
  stringify(record: unknown[]): [Error | undefined, string | undefined];
}

function apiOf(options: Record<string, unknown>): (cells: string[]) => string {
  const { Stringifier } = requireHere('csv-stringify') as CsvStringify;
  const instance = new Stringifier(options) as unknown as { api?: StringifierApi };
  const api = instance.api;
  if (api && typeof api.stringify === 'function') {
    return (cells) => {
      const [err, text] = api.stringify(cells);
      if (err) throw err;
      return text ?? '';
    };
  }
  // Another csv-stringify layout: the public sync API gives the same text, more slowly.
  const { stringify: stringifySync } = requireHere('csv-stringify/sync') as CsvStringifySync;
  return (cells) => stringifySync([cells], { ...options, eof: false });
}

let plain: ((cells: string[]) => string) | null = null;
let quoted: ((cells: string[]) => string) | null = null;
const escapePlain = (cells: string[]): string => (plain ??= apiOf({}))(cells);
const escapeQuoted = (cells: string[]): string => (quoted ??= apiOf({ quoted: true }))(cells);

const SPECIAL = /[",\r\n]/;

/** A cell quoted only when it must be (fixed columns, Docker table cells). */
export function csvCell(text: string): string {
  return SPECIAL.test(text) ? escapePlain([text]) : text;
}

/** A cell always in quotes (tracerpt quotes string payload values). */
export function csvQuotedCell(text: string): string {
  return SPECIAL.test(text) ? escapeQuoted([text]) : '"' + text + '"';
}

/** A whole row through csv-stringify (header rows; not on the per-event path). */
export function csvRow(cells: string[]): string {
  return escapePlain(cells);
}
