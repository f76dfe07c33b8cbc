/**
 * The text view (`-of TXT`, also `--format text`): one line per event as
 * tracefmt writes a formatted trace — a prefix, then the message. The prefix
 * is a WPP format string over tracefmt's reserved fields (%1 component, %2 file
 * and line, %3 thread id, %4 time, %5/%6 kernel/user time, %7 sequence, %8
 * process id, %9 processor; %!FUNC!, %!LEVEL!, %!FLAGS!, %!COMPNAME!), by
 * default tracefmt's `[%9!d!]%8!04X!.%3!04X!::%4!s! [%1!s!]`; TRACE_FORMAT_PREFIX
 * or --prefix replaces it. A WPP message no TMF describes (or any, when no TMF
 * was given) is tracefmt's `Unknown(…)` line alone, without a prefix, as
 * tracefmt writes it. Other events show their provider (or GUID) as the
 * component and their event name as %2, followed by their rendered message,
 * else their fields as `name=value` pairs, else their payload as hex. Times are
 * UTC, or local with --time local / --tz (tracefmt's form has no offset).
 * Lines end with `\n`.
 */
import type { EtlRecord } from '../etl/record.js';
import type { DecodedField, DecodedPayload } from '../schema/types.js';
import { compileFormat, type FormatPiece, type NamedField } from '../schema/wpp/format-string.js';
import { renderFormat } from '../schema/wpp/render-format.js';
import { reservedField, type ReservedNames } from '../schema/wpp/reserved-fields.js';
import { unknownMessageText } from '../schema/wpp/wpp-decoder.js';
import { braced, payloadHex } from './event-labels.js';
import type { LocalTime } from './local-time.js';
import type { OutputFile } from './output-file.js';
import type { DecodedEvent, EventSink, SinkContext } from './sink.js';

/** tracefmt's default line prefix. */
export const DEFAULT_TEXT_PREFIX = '[%9!d!]%8!04X!.%3!04X!::%4!s! [%1!s!]';

export interface TextDumpOptions {
  /** The line prefix (a WPP format string); tracefmt's default when absent. */
  prefix?: string | null;
  /** The zone of the prefix's time (%4); UTC when absent. */
  localTime?: LocalTime | null;
}

function fieldText(f: DecodedField): string {
  return `${f.name}=${f.text}`;
}

/** What follows the prefix for an event. */
function messageOf(r: EtlRecord, d: DecodedPayload | null): string {
  if (d !== null && d.message !== null) return d.message;
  if (d !== null && d.fields.length > 0) return d.fields.map(fieldText).join(', ');
  return r.payloadSize > 0 ? `payload=${payloadHex(r)}` : '';
}

/** The names %1 and %2 show for an event. */
function namesOf(r: EtlRecord, d: DecodedPayload | null): ReservedNames {
  if (d?.wpp !== undefined) return { component: d.wpp.component, fileLine: d.wpp.fileLine };
  return { component: d?.providerName ?? braced(r.providerId), fileLine: d?.eventName ?? d?.taskName ?? '' };
}

/** One line (without its newline) for an event. */
export function eventTextLine(r: EtlRecord, d: DecodedPayload | null, prefix: readonly FormatPiece[], localTime: LocalTime | null = null): string {
  if (d?.wpp !== undefined && !d.wpp.formatted) return d.message ?? '';
  // No TMF source at all: every WPP message reads as tracefmt shows one it has no format for.
  if (r.kind === 'wpp' && d?.wpp === undefined) return unknownMessageText(r.id ?? 0, r.wpp?.messageGuid ?? r.providerId);
  const names = namesOf(r, d);
  const w = d?.wpp;
  const named = (name: NamedField): string => w === undefined ? (name === 'COMPNAME' ? names.component : name === 'LEVEL' ? d?.levelName ?? '' : '')
    : name === 'FUNC' ? w.function : name === 'LEVEL' ? w.levelName : name === 'FLAGS' ? w.flagsName : name === 'COMPNAME' ? w.component : w.subComponent;
  const offset = localTime === null ? 0 : localTime.offsetAt(r.fileTime);
  const head = renderFormat(prefix, { arg: (n) => reservedField(n, r, names, offset), named, pointerSize: r.pointerSize });
  return head + messageOf(r, d);
}

export class TextDumpSink implements EventSink {
  readonly needsPayload = true;
  private readonly prefix: FormatPiece[];
  private readonly localTime: LocalTime | null;
  private pending = '';

  constructor(private readonly out: OutputFile, options: TextDumpOptions = {}) {
    this.prefix = compileFormat(options.prefix ?? DEFAULT_TEXT_PREFIX);
    this.localTime = options.localTime ?? null;
  }

  begin(_ctx: SinkContext): void {}

  write(ev: DecodedEvent): void {
    this.pending += eventTextLine(ev.record, ev.decoded, this.prefix, this.localTime) + '\n';
    if (this.pending.length >= 65536) { this.out.write(this.pending); this.pending = ''; }
  }

  end(): void {
    if (this.pending !== '') this.out.write(this.pending);
    this.pending = '';
    this.out.commit();
  }
}
