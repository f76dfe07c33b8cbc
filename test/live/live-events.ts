/**
 * One list of events for the live-session tests, written into a synthetic .etl
 * file and delivered as EVENT_RECORDs by the recording fake, so that both paths
 * read the same events: a manifest event (etwkit-transfers.man), a TraceLogging
 * event (self-describing: items 11 and 12), events carrying the other extended
 * items, Docker's string-only lines (the hard cases), strings that are not
 * Docker lines and a look-alike from another provider. The session clock is
 * system time, so the raw time in the file is the FILETIME ETW delivers live.
 */
import { EtlBuilder, type BuilderOptions, type EventSpec } from '../support/etl-builder.js';
import { DOCKER_PROVIDER, dockerText, HARD_LOGS, NOT_DOCKER_TEXTS } from '../support/docker-etl.js';

export const SESSION = 'DockerContainerLogs';
export const START = 133500000000000000n;
export const TRANSFERS = '5c0ffee1-0b5e-4a6d-9e1a-00000000e7e1';
const TL_PROVIDER = '6a5e3c1f-2b4d-4e8f-9a1b-3c5d7e9f1a2b';
const OTHER = '11111111-2222-3333-4444-555555555555';

const utf16z = (s: string) => Buffer.concat([Buffer.from(s, 'utf16le'), Buffer.alloc(2)]);
const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };
const guidBytes = (hex: string) => Buffer.from(hex, 'hex');

/** Item 11: u16 size, tag byte, event name, then fields (name, in-type); item 12: u16 size, provider name. */
function traceLoggingItems(): Array<[number, Buffer]> {
  const body = Buffer.concat([Buffer.from([0]), Buffer.from('LiveTick\0count\0', 'latin1'), Buffer.from([8]), Buffer.from('label\0', 'latin1'), Buffer.from([1])]);
  const meta = Buffer.concat([Buffer.alloc(2), body]);
  meta.writeUInt16LE(meta.length, 0);
  const name = Buffer.from('Etwkit.Live\0', 'utf8');
  const traits = Buffer.concat([Buffer.alloc(2), name]);
  traits.writeUInt16LE(traits.length, 0);
  return [[11, meta], [12, traits]];
}

export function liveEvents(): EventSpec[] {
  const out: EventSpec[] = [];
  let raw = START + 10_000n;
  const next = (cpu: number, e: Omit<EventSpec, 'raw' | 'cpu'>) => { raw += 3_217n + BigInt(out.length * 131); out.push({ ...e, cpu, raw }); };
  next(0, {
    provider: TRANSFERS, id: 1, version: 0, level: 4, keywords: 0x10n, pid: 1200, tid: 1300,
    payload: Buffer.concat([utf16z('nightly backup'), u32(0x5), u32(2)]),
    extended: [[1, guidBytes('00112233445566778899aabbccddeeff')], [3, u32(1)]],
    activityId: '0f0e0d0c-0b0a-0908-0706-050403020100',
  });
  next(1, { provider: TL_PROVIDER, id: 0, level: 5, pid: 1200, tid: 1301, payload: Buffer.concat([u32(42), utf16z('tick')]), extended: traceLoggingItems() });
  next(2, {
    provider: TRANSFERS, id: 100, level: 0, pid: 1201, tid: 1302,
    extended: [
      [2, Buffer.from('010500000000000515000000a1b2c3d4e5f6a7b8c9d0e1f2e9030000', 'hex')],
      [6, Buffer.concat([Buffer.alloc(8, 1), Buffer.from('00100000f87f00002000a0fffff80000', 'hex')])],
      [16, guidBytes('fedcba98765432100123456789abcdef')],
    ],
  });
  const docker: string[] = [...HARD_LOGS.map(([, l]) => dockerText(l)), ...NOT_DOCKER_TEXTS];
  docker.forEach((text, i) => next(i % 4, { provider: DOCKER_PROVIDER, flags: 0x0004, pid: 4816, tid: 5000 + (i % 3) * 4, payload: utf16z(text) }));
  next(3, { provider: OTHER, flags: 0x0004, pid: 9, tid: 10, payload: utf16z(dockerText({ ...HARD_LOGS[0]![1], log: 'look-alike from another provider' })) });
  return out;
}

/** The .etl file a session with these events would have written (system-time clock unless told). */
export function liveEventsEtl(events: EventSpec[], clock: Pick<BuilderOptions, 'clockType' | 'anchorRaw' | 'perfFreq'> = {}, bufferSize = 0x10000): Buffer {
  const b = new EtlBuilder({ clockType: 2, startTime: START, anchorRaw: START, perfFreq: 10_000_000n, cpus: 4, bufferSize, loggerName: SESSION, ...clock });
  for (const e of events) b.event(e);
  return b.build();
}

/** The data buffers of a file liveEventsEtl built (after its header buffer): what a buffer consumer receives. */
export function dataBuffers(etl: Buffer, bufferSize = 0x10000): Buffer[] {
  const out: Buffer[] = [];
  for (let at = bufferSize; at < etl.length; at += bufferSize) out.push(Buffer.from(etl.subarray(at, at + bufferSize)));
  return out;
}

/** The fixed part of the file's TRACE_LOGFILE_HEADER: what OpenTraceW reports for the same session. */
export function logfileHeaderOfEtl(etl: Buffer): Buffer {
  return Buffer.from(etl.subarray(0x48 + 0x20, 0x48 + 0x20 + 0x118));
}
