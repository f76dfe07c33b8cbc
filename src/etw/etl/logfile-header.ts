/**
 * TRACE_LOGFILE_HEADER (docs/architecture.md F3): the payload of the first record of
 * every .etl file, in its 32- and 64-bit layouts, plus the two trailing strings.
 */
import { EtlFormatError } from './errors.js';
import { readUtf16z } from './bytes.js';

export interface SystemTime {
  year: number; month: number; dayOfWeek: number; day: number;
  hour: number; minute: number; second: number; milliseconds: number;
}

export interface TimeZoneInfo {
  /** Minutes; UTC = local + bias. */
  bias: number;
  standardName: string;
  standardDate: SystemTime;
  standardBias: number;
  daylightName: string;
  daylightDate: SystemTime;
  daylightBias: number;
}

export interface LogfileHeader {
  bufferSize: number;
  /** Raw u32 Version: bytes Major, Minor, Sub, SubMinor. */
  version: number;
  /** `Major.Minor.Sub.SubMinor`. */
  versionDotted: string;
  /** Windows build number in the low 16 bits. */
  providerVersion: number;
  numberOfProcessors: number;
  endTime: bigint;
  timerResolution: number;
  maximumFileSize: number;
  logFileMode: number;
  buffersWritten: number;
  startBuffers: number;
  pointerSize: number;
  eventsLost: number;
  cpuSpeedInMHz: number;
  timeZone: TimeZoneInfo;
  bootTime: bigint;
  perfFreq: bigint;
  startTime: bigint;
  /** Clock type: 1 QPC, 2 system time, 3 CPU cycles (0 raw). */
  reservedFlags: number;
  buffersLost: number;
  loggerName: string;
  logFileName: string;
}

function readSystemTime(b: Buffer, o: number): SystemTime {
  return {
    year: b.readUInt16LE(o), month: b.readUInt16LE(o + 2), dayOfWeek: b.readUInt16LE(o + 4),
    day: b.readUInt16LE(o + 6), hour: b.readUInt16LE(o + 8), minute: b.readUInt16LE(o + 10),
    second: b.readUInt16LE(o + 12), milliseconds: b.readUInt16LE(o + 14),
  };
}

/** Offset of BuffersWritten in the header (the same in both layouts). */
export const LOGFILE_BUFFERS_WRITTEN = 0x24;

/** Fixed part of the header before the strings: 0x110 (pointer size 4) or 0x118 (8). */
export function logfileHeaderFixedSize(pointerSize: 4 | 8): number {
  return pointerSize === 4 ? 0x110 : 0x118;
}

/**
 * Parse the header from the payload of the EventTrace Header record.
 * `pointerSize` comes from the record's header type (SYSTEM32 ⇒ 4, SYSTEM64 ⇒ 8).
 */
export function parseLogfileHeader(p: Buffer, pointerSize: 4 | 8, file: string, fileOffset: number): LogfileHeader {
  const fixed = logfileHeaderFixedSize(pointerSize);
  if (p.length < fixed) {
    throw new EtlFormatError(file, fileOffset, `log-file header is ${p.length} bytes, expected at least ${fixed}`);
  }
  const s = pointerSize === 4 ? 0 : 8; // shift of everything after the two pointer fields
  const tz = 0x40 + s;
  const version = p.readUInt32LE(0x04);
  const names = readUtf16z(p, fixed, p.length);
  const files = readUtf16z(p, names.end, p.length);
  return {
    bufferSize: p.readUInt32LE(0x00),
    version,
    versionDotted: `${version & 0xff}.${(version >>> 8) & 0xff}.${(version >>> 16) & 0xff}.${version >>> 24}`,
    providerVersion: p.readUInt32LE(0x08),
    numberOfProcessors: p.readUInt32LE(0x0c),
    endTime: p.readBigInt64LE(0x10),
    timerResolution: p.readUInt32LE(0x18),
    maximumFileSize: p.readUInt32LE(0x1c),
    logFileMode: p.readUInt32LE(0x20),
    buffersWritten: p.readUInt32LE(LOGFILE_BUFFERS_WRITTEN),
    startBuffers: p.readUInt32LE(0x28),
    pointerSize: p.readUInt32LE(0x2c),
    eventsLost: p.readUInt32LE(0x30),
    cpuSpeedInMHz: p.readUInt32LE(0x34),
    timeZone: {
      bias: p.readInt32LE(tz),
      standardName: readUtf16z(p, tz + 4, tz + 4 + 64).text,
      standardDate: readSystemTime(p, tz + 68),
      standardBias: p.readInt32LE(tz + 84),
      daylightName: readUtf16z(p, tz + 88, tz + 88 + 64).text,
      daylightDate: readSystemTime(p, tz + 152),
      daylightBias: p.readInt32LE(tz + 168),
    },
    bootTime: p.readBigInt64LE(0xf0 + s),
    perfFreq: p.readBigInt64LE(0xf8 + s),
    startTime: p.readBigInt64LE(0x100 + s),
    reservedFlags: p.readUInt32LE(0x108 + s),
    buffersLost: p.readUInt32LE(0x10c + s),
    loggerName: names.text,
    logFileName: files.text,
  };
}
