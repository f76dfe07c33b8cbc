/**
 * Generated code a FieldWriter (field-writer.ts) may supply to the compiled
 * decoder's walk (field-walk.ts) for the commonest values, so that they are
 * written inside the walk's generated function instead of through a method
 * call per field, with what the writer knows per field (its key, whether a
 * message shows it) decided when the code is made. The walk still decides how
 * each value is read; the code only writes it.
 *
 * Each hook returns JavaScript statements for one visible field `v`, or null to
 * leave that value to the writer's method. The statements may use the walk's
 * locals named below, the writer as `w`, the payload as `b` (its ArrayBuffer
 * as `ab`, where b starts in it as `base`) and the names bound by `names`;
 * they must not return, nor assign
 * the walk's locals but where said.
 *
 * Only numbers and booleans a hook computes go into code; names and texts from
 * schemas stay data (bound through `values`), so a schema cannot inject code.
 */
export interface FieldCode {
  /** Names the code uses, bound to `values` once per walk (none may be a name the walk uses itself). */
  readonly names: readonly string[];
  readonly values: readonly unknown[];
  /** Statements at the start of each walk (locals the code of several fields shares). */
  readonly locals: string;
  /** Statements where a walk ends having told every field the payload holds (not where it does not fit). */
  readonly finish: string;
  /**
   * Statements ahead of a run of visible fields `vs` (ascending) that follow one
   * another with no other writing between: the start of a run of fixed-size
   * integers whose bounds the walk checks at once, up to and including the first
   * with a map (whose name may be long). A writer may make room for all their
   * values here and leave it out of their code. Asked before their code.
   */
  room(vs: readonly number[]): string;
  /**
   * Stands for w.begin(v). `methods`: a method call for the value may follow,
   * then end(v)'s code (so the code must leave the writer as its begin(v) would
   * for the value methods); else only the code of this field's value does,
   * which writes the whole field to its end.
   */
  begin(v: number, methods: boolean): string;
  /** Stands for w.end() after a value given by a method call (begin(v, true) before it). */
  end(v: number): string;
  /** w.decimal(n): `n` holds a safe integer read from `bits` bits, negative only when `signed`. */
  decimal(v: number, bits: 8 | 16 | 32 | 64, signed: boolean): string | null;
  /**
   * w.hex(n, bits): `n` holds the integer, negative only when `signed`, read
   * from b at offset `at` (a code expression); for 64 bits 0 <= n < 2^53 and
   * `lo` and `hi` hold its 32-bit halves as well.
   */
  hex(v: number, bits: 8 | 16 | 32 | 64, signed: boolean, at: string): string | null;
  /** w.hexHalves(lo, hi): `lo` and `hi` hold the halves of the integer read from b at offset `at`. */
  hexHalves(v: number, at: string): string | null;
  /** w.text(t, plain): `t` holds the value-map or bit-map name of the integer in `n` (the same n always gives the same t). */
  text(v: number, plain: boolean): string | null;
  /** w.text of the GUID at b[o, o+16) (`{…}`, lower-case hex; plain). */
  guid(v: number): string | null;
  /**
   * UTF-16LE text of b[o, e) (`e` a code expression) up to its first NUL unit,
   * whole code units: the statements leave in `n` where the text stopped (the
   * NUL unit's offset, or the end of the whole units). The text is read once,
   * where the walk's own rule finds the NUL first (readTextRange) and then hands
   * the range to w.utf16. The code may assign `n`.
   */
  utf16Until(v: number, e: string): string | null;
}
