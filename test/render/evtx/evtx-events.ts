/**
 * Test helpers for the EVTX reader checks: the two independent readers
 * (libyal's evtxexport and python-evtx, from Debian packages), run on a file,
 * and the events of an XML text (our dump, or a reader's rendering) reduced to
 * the facts an EVTX record must keep: the System values and the data items.
 * Reader-specific forms (GUID case, python-evtx's base64 binary and
 * microsecond times, libevtx's hex) are brought to the dump's forms here.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';

const here = dirname(fileURLToPath(import.meta.url));
const PYTHON_READER = join(here, '..', '..', 'support', 'python-evtx-read.py');

/** A python3 that can import python-evtx (Debian installs it for /usr/bin/python3), or null. */
function findPython(): string | null {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(candidate, ['-c', 'import Evtx.Evtx'], { stdio: 'ignore' });
    if (r.status === 0) return candidate;
  }
  return null;
}
function haveEvtxexport(): boolean {
  const r = spawnSync('evtxexport', ['-V'], { stdio: 'ignore' });
  return r.error === undefined;
}

export const python = findPython();
export const evtxexport = haveEvtxexport();
export const haveReaders = python !== null && evtxexport;

if (!haveReaders) {
  const missing = [python === null ? 'python3-evtx' : '', evtxexport ? '' : 'libevtx-utils'].filter(Boolean).join(' and ');
  if (process.env.CI === 'true') throw new Error(`the EVTX readers are missing (${missing}); .ci/run installs them`);
  console.warn(`\n*** SKIPPING EVTX reader tests: ${missing} not installed (apt-get install python3-evtx libevtx-utils) ***\n`);
}

/** evtxexport -f xml: every record as XML (throws with its error text when it fails or reports an error). */
export function libevtxXml(path: string): string {
  const r = spawnSync('evtxexport', ['-f', 'xml', path], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0 || /unable|error/i.test(r.stderr)) throw new Error(`evtxexport ${path}: exit ${r.status}: ${r.stderr}`);
  // A version line first, then <Event> elements one after another.
  return '<Events>' + r.stdout.slice(r.stdout.indexOf('<')) + '</Events>';
}

/** python-evtx: checksums, every record walked, records rendered (all, or chunk ends and every N-th). */
export function pythonEvtxXml(path: string, everyNth: number): { records: number; xml: string } {
  const r = spawnSync(python!, [PYTHON_READER, path, String(everyNth)], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0 || r.stderr !== '') throw new Error(`python-evtx ${path}: exit ${r.status}: ${r.stderr}`);
  const m = /^<Events records="(\d+)">/.exec(r.stdout);
  if (m === null) throw new Error(`python-evtx ${path}: unexpected output ${r.stdout.slice(0, 200)}`);
  return { records: Number(m[1]), xml: r.stdout };
}

/**
 * The events of an XML text with one `<Event xmlns=…>` element per event (our
 * dump, evtxexport's output), located without parsing: how many there are, and
 * the text of chosen ones as one `<Events>` document (parsing every event of a
 * 160 MB dump takes most of a minute; counting them takes a moment).
 */
export class EventIndex {
  private readonly starts: number[] = [];
  private readonly end: number;
  constructor(private readonly xml: string) {
    for (let at = xml.indexOf('<Event xmlns='); at >= 0; at = xml.indexOf('<Event xmlns=', at + 1)) this.starts.push(at);
    this.end = xml.lastIndexOf('</Event>') + '</Event>'.length;
  }

  get total(): number {
    return this.starts.length;
  }

  /** The events at `positions` (0-based, ascending) as one document. */
  select(positions: number[]): string {
    let out = '<Events>';
    for (const i of positions) out += this.xml.slice(this.starts[i], i + 1 < this.starts.length ? this.starts[i + 1] : this.end);
    return out + '</Events>';
  }
}

export interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
}

/** The <Event> elements of an XML text as small trees (saxes: throws on text that is not well-formed). */
export function eventNodes(xml: string): Node[] {
  const parser = new SaxesParser({ xmlns: false });
  const events: Node[] = [];
  const stack: Node[] = [];
  let error: Error | null = null;
  parser.on('error', (e) => { error ??= e; });
  parser.on('opentag', (t) => {
    const node: Node = { name: t.name, attrs: t.attributes as Record<string, string>, children: [], text: '' };
    if (stack.length > 0) stack.at(-1)!.children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => { if (stack.length > 0) stack.at(-1)!.text += t; });
  parser.on('closetag', () => {
    const node = stack.pop()!;
    if (node.name === 'Event') events.push(node);
  });
  parser.write(xml).close();
  if (error !== null) throw error;
  return events;
}

export type Reader = 'dump' | 'libevtx' | 'python-evtx';

const child = (n: Node, name: string) => n.children.find((c) => c.name === name);
const lower = (s: string | undefined) => (s === undefined ? '' : s.toLowerCase());

/** `YYYY-MM-DD[T ]HH:MM:SS[.fraction][Z]` → 100-ns ticks since 1970 (exact for up to 7 digits). */
function ticks(time: string): bigint {
  const m = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d+))?Z?$/.exec(time);
  if (m === null) throw new Error(`unexpected time ${time}`);
  const seconds = BigInt(Date.parse(`${m[1]}T${m[2]}Z`) / 1000);
  const fraction = BigInt(((m[3] ?? '') + '0000000').slice(0, 7));
  return seconds * 10_000_000n + fraction;
}

/**
 * Text as the dump holds it: line ends as an XML parser gives them; python-evtx
 * drops C1 controls, so they are dropped on the dump's side for it. libevtx
 * (20181227) decodes the low half of a surrogate pair as low - 0xDFFF instead
 * of low - 0xDC00, so every character beyond U+FFFF comes out 0x3FF too low
 * (U+1F600 as U+1F201); the dump's are shifted the same way for it (python-evtx
 * reads them right, which checks our encoding).
 */
function text(s: string, reader: Reader, compareWith: Reader): string {
  let t = s.replace(/\r\n?/g, '\n');
  if (reader === 'dump' && compareWith === 'python-evtx') t = t.replace(/[\u007f-\u0084\u0086-\u009f]/g, '');
  if (reader === 'dump' && compareWith === 'libevtx') t = t.replace(/[\u{10000}-\u{10ffff}]/gu, (c) => String.fromCodePoint(c.codePointAt(0)! - 0x3ff));
  return t;
}

function binaryHex(s: string, reader: Reader): string {
  return reader === 'python-evtx' ? Buffer.from(s, 'base64').toString('hex').toUpperCase() : s.trim().toUpperCase();
}

/** An element name as EVTX holds it (names must start with an ASCII letter or `_` there). */
const evtxName = (n: string) => (/^[A-Za-z_]/.test(n) ? n : '_' + n);

export interface EventFacts {
  system: string[];
  /** SystemTime in ticks since 1970 (python-evtx: microsecond precision). */
  time: bigint;
  recordId: string | null;
  data: string[];
  extended: string[];
}

/** The facts of one <Event>, as read by `reader`, in the form the dump has them (for comparison with `compareWith`). */
export function eventFacts(e: Node, reader: Reader, compareWith: Reader): EventFacts {
  const sys = child(e, 'System')!;
  const p = child(sys, 'Provider')!;
  const value = (name: string) => child(sys, name)?.text.trim() ?? '<missing>';
  const corr = child(sys, 'Correlation')!.attrs;
  const exec = child(sys, 'Execution')!.attrs;
  const system = [
    `Provider Name=${p.attrs['Name'] ?? ''} Guid=${lower(p.attrs['Guid'])}`,
    ...['EventID', 'Version', 'Level', 'Task', 'Opcode'].map((n) => `${n}=${value(n)}`),
    `Keywords=${BigInt(value('Keywords'))}`,
    `ActivityID=${lower(corr['ActivityID'])} RelatedActivityID=${lower(corr['RelatedActivityID'])}`,
    ...['ProcessID', 'ThreadID', 'ProcessorID', 'KernelTime', 'UserTime'].map((n) => `${n}=${exec[n] ?? '<missing>'}`),
    `Channel=${value('Channel')}`,
    `Computer=${value('Computer')}`,
  ];
  const data: string[] = [];
  for (const c of e.children) {
    if (c.name === 'EventData') {
      for (const d of c.children) data.push(`Data ${d.attrs['Name'] ?? ''}=${text(d.text, reader, compareWith)}`);
    } else if (c.name === 'UserData') {
      for (const el of c.children) {
        for (const f of el.children) data.push(`${evtxName(el.name)}/${evtxName(f.name)}=${text(f.text, reader, compareWith)}`);
      }
    } else if (c.name === 'BinaryEventData') {
      data.push(`BinaryEventData=${binaryHex(c.text, reader)}`);
    } else if (c.name === 'ProcessingErrorData') {
      for (const f of c.children) data.push(`${f.name}=${f.name === 'EventPayload' ? binaryHex(f.text, reader) : f.text.trim()}`);
    }
  }
  const ext = child(e, 'ExtendedTracingInfo');
  const extended = ext === undefined ? [] : ext.children.map((c) => `${c.name}=${lower(c.text.trim())}`);
  return { system, time: ticks(child(sys, 'TimeCreated')!.attrs['SystemTime']!), recordId: child(sys, 'EventRecordID')?.text.trim() ?? null, data, extended };
}
