/**
 * Every WPP item type and printf conversion, on messages built by the test
 * builder (test/support/etl-builder.ts) and read back by the reader, formatted
 * with a TMF written here: the argument layouts (packed, little-endian; ItemPtr
 * as wide as the message's POINTER32/POINTER64 option), the C printf rules
 * (flags, width, precision, %d of an unsigned value, %g), the text forms of
 * strings, GUIDs, SIDs, addresses, status codes, times, lists, sets and enums,
 * and what happens when an argument cannot be read.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { TmfIndex } from '../../src/etw/schema/wpp/tmf-index.js';
import { WppDecoder } from '../../src/etw/schema/wpp/wpp-decoder.js';
import type { DecodedPayload } from '../../src/etw/schema/types.js';
import { EtlBuilder, utf16z } from '../support/etl-builder.js';

const GUID = '0badc0de-1234-4321-8765-0123456789ab';
const dir = mkdtempSync(join(tmpdir(), 'etwkit-wpp-items-'));
let files = 0;

const u8 = (...b: number[]) => Buffer.from(b);
const i16 = (v: number) => { const b = Buffer.alloc(2); b.writeInt16LE(v); return b; };
const i32 = (v: number) => { const b = Buffer.alloc(4); b.writeInt32LE(v); return b; };
const u32 = (v: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(v); return b; };
const i64 = (v: bigint) => { const b = Buffer.alloc(8); b.writeBigInt64LE(v); return b; };
const u64 = (v: bigint) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(v); return b; };
const f64 = (v: number) => { const b = Buffer.alloc(8); b.writeDoubleLE(v); return b; };
const z = (s: string) => Buffer.from(s + '\0', 'latin1');
const counted = (b: Buffer) => Buffer.concat([u8(b.length & 0xff, b.length >> 8), b]);

interface Message {
  format: string;
  args: Array<[type: string, bytes: Buffer]>;
  /** The trace's pointer width (a 32-bit file with POINTER32 messages when 4). */
  pointerSize?: 4 | 8;
  sequence?: number;
  /** Extra TMF lines (e.g. #enumv blocks). */
  extra?: string;
}

/** Build a one-message trace and its TMF, read the message back and decode it. */
function decode(m: Message): DecodedPayload {
  const n = files++;
  const argLines = m.args.map(([type], i) => `arg${i}, ${type} -- ${10 + i}`).join('\n');
  const tmf = `// PDB: test\n${GUID} testcomp // SRC=test.c MJ= MN=\n#typev test_c${n} 10 "%0${m.format}" //   LEVEL=TRACE_LEVEL_INFORMATION FLAGS=FLAG_ONE FUNC=TestFunc\n{\n${argLines}\n}\n${m.extra ?? ''}`;
  writeFileSync(join(dir, `m${n}.tmf`), tmf);
  const b = new EtlBuilder({ cpus: 1, pointerSize: m.pointerSize ?? 8 });
  b.wpp({
    raw: 5_000_000_100n, messageGuid: GUID, messageNumber: 10, pid: 0x1234, tid: 0xab, cpu: 0,
    args: Buffer.concat(m.args.map(([, bytes]) => bytes)), pointerSize: m.pointerSize,
    ...(m.sequence !== undefined ? { optionFlags: (m.pointerSize === 4 ? 0x6a : 0xaa) | 0x01, sequence: m.sequence } : {}),
  });
  const etl = join(dir, `m${n}.etl`);
  writeFileSync(etl, b.build());
  const index = new TmfIndex();
  index.addFile(join(dir, `m${n}.tmf`));
  const decoder = new WppDecoder(index);
  const reader = EtlReader.open([etl]);
  try {
    for (const r of reader.records()) if (r.kind === 'wpp') return decoder.decode(r);
  } finally {
    reader.close();
  }
  throw new Error('no WPP record');
}

const text = (format: string, ...args: Array<[string, Buffer]>) => decode({ format, args }).message;

describe('integers and their printf conversions', () => {
  it('ItemChar / ItemUChar: %c, %d, %u', () => {
    expect(text('%10!c! %11!d! %12!u! %13!d!', ['ItemChar', u8(0x41)], ['ItemChar', u8(0xff)], ['ItemUChar', u8(0xff)], ['ItemUChar', u8(7)])).toBe('A -1 255 7');
  });
  it('ItemShort / ItemUShort: %hd, %hx, %hu', () => {
    expect(text('%10!hd! %11!hx! %12!hu!', ['ItemShort', i16(-2)], ['ItemShort', i16(-2)], ['ItemUShort', i16(-1)])).toBe('-2 fffe 65535');
  });
  it('ItemLong / ItemULong: d i u x X o and the C reading of a value by a conversion of the other signedness', () => {
    expect(text('%10!d! %11!i! %12!u! %13!x! %14!X! %15!o! %16!d!',
      ['ItemLong', i32(-7)], ['ItemLong', i32(42)], ['ItemLong', i32(-1)], ['ItemULong', u32(0xbeef)], ['ItemULong', u32(0xbeef)],
      ['ItemULong', u32(8)], ['ItemULong', u32(0xffffffff)])).toBe('-7 42 4294967295 beef BEEF 10 -1');
  });
  it('flags, width and precision: - + space # 0, %.Nd', () => {
    expect(text('[%10!5d!][%11!-5d!][%12!05d!][%13!+d!][%14! d!][%15!#x!][%16!#X!][%17!#o!][%18!.3d!][%19!08X!][%20!-06d!][%21!.0d!]',
      ['ItemLong', i32(42)], ['ItemLong', i32(42)], ['ItemLong', i32(-42)], ['ItemLong', i32(5)], ['ItemLong', i32(5)],
      ['ItemLong', i32(255)], ['ItemLong', i32(255)], ['ItemLong', i32(8)], ['ItemLong', i32(7)], ['ItemLong', i32(0xc0ffee)],
      ['ItemLong', i32(3)], ['ItemLong', i32(0)]))
      .toBe('[   42][42   ][-0042][+5][ 5][0xff][0XFF][010][007][00C0FFEE][3     ][]');
  });
  it('64-bit: ItemLongLong %I64d, ItemULongLong %I64u, ItemLongLongX %I64x, ItemLongLongXX %I64X, ItemLongLongO %I64o', () => {
    expect(text('%10!I64d! %11!I64u! %12!I64x! %13!I64X! %14!I64o!',
      ['ItemLongLong', i64(-5000000000n)], ['ItemULongLong', u64(0xffffffffffffffffn)], ['ItemLongLongX', u64(0xdeadbeefcafen)],
      ['ItemLongLongXX', u64(0xdeadbeefcafen)], ['ItemLongLongO', u64(64n)])).toBe('-5000000000 18446744073709551615 deadbeefcafe DEADBEEFCAFE 100');
  });
  it('%% is a percent sign; %N without a spec is %N!s!', () => {
    expect(text('100%% of %10', ['ItemLong', i32(-3)])).toBe('100% of -3');
  });
});

describe('pointers follow the message\'s pointer width', () => {
  it('64-bit message: %p is 16 upper-case digits', () => {
    expect(text('%10!p! %11!d!', ['ItemPtr', u64(0x7ff012345678n)], ['ItemLong', i32(9)])).toBe('00007FF012345678 9');
  });
  it('32-bit trace (32-bit file, POINTER32 messages): ItemPtr takes 4 bytes and %p shows 8 digits; the next argument follows it', () => {
    const d = decode({ format: '%10!p! %11!d! %12!p!', args: [['ItemPtr', u32(0xdeadbeef)], ['ItemLong', i32(-2)], ['ItemPtr', u32(0)]], pointerSize: 4 });
    expect(d.message).toBe('DEADBEEF -2 00000000');
    expect(d.error).toBeNull();
  });
});

describe('floating point (%g as the C runtime writes it)', () => {
  it('ItemDouble with %s is %g; %f %e %g %E %.Nf and widths', () => {
    expect(text('%10!s! %11!f! %12!.2f! %13!e! %14!g! %15!g! %16!10.3f! %17!E! %18!g!',
      ['ItemDouble', f64(0.1)], ['ItemDouble', f64(1.5)], ['ItemDouble', f64(3.14159)], ['ItemDouble', f64(12345.678)],
      ['ItemDouble', f64(1e-5)], ['ItemDouble', f64(123456789)], ['ItemDouble', f64(3.14159)], ['ItemDouble', f64(-0.5)], ['ItemDouble', f64(100)]))
      .toBe('0.1 1.500000 3.14 1.234568e+04 1e-05 1.23457e+08      3.142 -5.000000E-01 100');
  });
});

describe('strings', () => {
  it('NUL-terminated 8-bit and UTF-16 strings (ItemString, ItemRString, ItemWString, ItemRWString), precision and width', () => {
    expect(text('%10!s!|%11!s!|%12!s!|%13!s!|%14!.3s!|%15!-6s!|%16!6s!',
      ['ItemString', z('alpha')], ['ItemRString', z('raw')], ['ItemWString', utf16z('wide')], ['ItemRWString', utf16z('Grüße')],
      ['ItemString', z('hello')], ['ItemString', z('ab')], ['ItemString', z('ab')])).toBe('alpha|raw|wide|Grüße|hel|ab    |    ab');
  });
  it('counted strings (ItemPString, ItemPWString): a USHORT byte count, then the characters without a NUL', () => {
    expect(text('%10!s!|%11!s!|%12!d!', ['ItemPString', counted(Buffer.from('abcde'))], ['ItemPWString', counted(Buffer.from('xyz', 'utf16le'))], ['ItemLong', i32(1)]))
      .toBe('abcde|xyz|1');
  });
  it('ItemChar4: four characters in the order of their bytes', () => {
    expect(text('%10!s!', ['ItemChar4', Buffer.from('RGBA', 'latin1')])).toBe('RGBA');
  });
});

describe('GUIDs, SIDs, binary and network values', () => {
  const g = Buffer.from('443322116655887799aabbccddeeff00', 'hex');
  it('ItemGuid, ItemCLSID, ItemIID, ItemLIBID: 16 bytes in the Windows GUID layout, lower case without braces', () => {
    expect(text('%10!s! %11!s! %12!s! %13!s!', ['ItemGuid', g], ['ItemCLSID', g], ['ItemIID', g], ['ItemLIBID', g]))
      .toBe(Array(4).fill('11223344-5566-7788-99aa-bbccddeeff00').join(' '));
  });
  it('ItemSid: the SID in S-R-A-S… form, its size from the sub-authority count', () => {
    expect(text('%10!s! %11!d!', ['ItemSid', u8(1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0)], ['ItemLong', i32(4)])).toBe('S-1-5-18 4');
  });
  it('ItemHexDump: a USHORT length, then the bytes, shown as upper-case hex', () => {
    expect(text('%10!s! %11!d!', ['ItemHexDump', counted(u8(1, 2, 0xab))], ['ItemLong', i32(5)])).toBe('0102AB 5');
  });
  it('ItemIPAddr (bytes in order) and ItemPort (network byte order)', () => {
    expect(text('%10!s!:%11!s!', ['ItemIPAddr', u8(192, 168, 1, 2)], ['ItemPort', u8(0x01, 0xbb)])).toBe('192.168.1.2:443');
  });
});

describe('status codes with their symbolic names', () => {
  it('ItemNTSTATUS, ItemHRESULT, ItemNDIS_STATUS: 0x + 8 hex digits (name); ItemWINERROR: decimal (name)', () => {
    expect(text('%10!s! %11!s! %12!s! %13!s! %14!s! %15!s! %16!s! %17!s!',
      ['ItemNTSTATUS', u32(0)], ['ItemNTSTATUS', u32(0xc0000034)], ['ItemWINERROR', u32(2)], ['ItemHRESULT', u32(0x80004005)],
      ['ItemHRESULT', u32(0)], ['ItemHRESULT', u32(0x80070002)], ['ItemNDIS_STATUS', u32(0)], ['ItemNDIS_OID', u32(0x00010101)]))
      .toBe('0x00000000(STATUS_SUCCESS) 0xc0000034(STATUS_OBJECT_NAME_NOT_FOUND) 2(ERROR_FILE_NOT_FOUND) 0x80004005(E_FAIL) '
        + '0x00000000(S_OK) 0x80070002(ERROR_FILE_NOT_FOUND) 0x00000000(NDIS_STATUS_SUCCESS) 0x00010101(OID_GEN_SUPPORTED_LIST)');
  });
  it('a code without a name is the number alone; %x shows the number', () => {
    expect(text('%10!s! %11!s! %12!x!', ['ItemNTSTATUS', u32(0xc0ffee00)], ['ItemWINERROR', u32(65000)], ['ItemNTSTATUS', u32(0xc0000022)]))
      .toBe('0xc0ffee00 65000 c0000022');
  });
});

describe('times', () => {
  it('ItemTimestamp and ItemWaitTime (absolute FILETIME, UTC), a relative wait time and ItemTimeDelta in seconds', () => {
    expect(text('%10!s! | %11!s! | %12!s! | %13!s!',
      ['ItemTimestamp', i64(132223104000000000n)], ['ItemWaitTime', i64(132223104123450000n)], ['ItemWaitTime', i64(-50000000n)],
      ['ItemTimeDelta', i64(12345678n)])).toBe('2020-01-01 00:00:00.000Z | 2020-01-01 00:00:12.345Z | 5.000s | 1.235s');
  });
});

describe('lists, sets and enums', () => {
  it('ItemListByte/Short/Long: 0x + 8 digits and the name the value indexes; a value past the list has no name', () => {
    expect(text('%10!s! %11!s! %12!s! %13!s!', ['ItemListByte(Low,APC,DPC)', u8(2)], ['ItemListShort(a,b)', i16(1)],
      ['ItemListLong(false,true)', u32(1)], ['ItemListByte(Low,APC,DPC)', u8(7)]))
      .toBe('0x00000002(DPC) 0x00000001(b) 0x00000001(true) 0x00000007');
  });
  it('ItemSetByte/Short/Long: the names of the set bits in brackets', () => {
    expect(text('%10!s! %11!s! %12!s!', ['ItemSetByte(r,w,x)', u8(5)], ['ItemSetShort(a,b)', i16(0)], ['ItemSetLong(one,two,three)', u32(6)]))
      .toBe('[r,x] [] [two,three]');
  });
  it('ItemEnum and ItemFlagsEnum with #enumv blocks; values without a name as hex', () => {
    const extra = '#enumv _STATE\n{\nIdle,0x0\nBusy,0x1\n}\n#enumv _FLAGS\n{\nRead,0x1\nWrite,0x2\nExec,0x4\n}\n';
    const d = decode({ format: '%10!s! %11!s! %12!s! %13!s!', extra,
      args: [['ItemEnum(_STATE)', u32(1)], ['ItemEnum(_STATE)', u32(9)], ['ItemFlagsEnum(_FLAGS)', u32(3)], ['ItemFlagsEnum(_FLAGS)', u32(8)]] });
    expect(d.message).toBe('Busy 0x9 Read | Write(0x3) 0x8');
  });
});

describe('reserved fields and names in a message', () => {
  it('%1 component, %2 file_line, %3 thread, %7 sequence, %8 process, %9 cpu, %!FUNC! %!LEVEL! %!FLAGS! %!COMPNAME!', () => {
    const d = decode({ format: '%1!s! %2!s! %3!04X! %7!d! %8!04X! %9!d! %!FUNC! %!LEVEL! %!FLAGS! %!COMPNAME! %10!d!', args: [['ItemLong', i32(1)]], sequence: 77 });
    expect(d.message).toMatch(/^testcomp test_c\d+ 00AB 77 1234 0 TestFunc TRACE_LEVEL_INFORMATION FLAG_ONE testcomp 1$/);
    expect(d.wpp).toMatchObject({ component: 'testcomp', function: 'TestFunc', levelName: 'TRACE_LEVEL_INFORMATION', flagsName: 'FLAG_ONE', formatted: true });
  });
});

describe('arguments that cannot be read', () => {
  it('an unknown item type stops the message there: that argument shows the rest of the payload as hex, later ones nothing; 15005', () => {
    const d = decode({ format: 'a=%10!d! b=%11!s! c=%12!d!', args: [['ItemLong', i32(1)], ['ItemNoSuchType', u8(0xaa, 0xbb)], ['ItemLong', i32(3)]] });
    expect(d.message).toBe('a=1 b=AABB03000000 c=');
    expect(d.error?.code).toBe(15005);
    expect(d.error?.reason).toContain('unknown item type ItemNoSuchType');
  });
  it('a payload too short for its arguments is shown the same way', () => {
    const d = decode({ format: 'a=%10!d! b=%11!d!', args: [['ItemLong', i32(1)], ['ItemLongLong', u8(1, 2)]] });
    expect(d.message).toBe('a=1 b=0102');
    expect(d.error?.code).toBe(15005);
  });
  it('a string without its NUL is not read past the payload', () => {
    const d = decode({ format: '%10!s!', args: [['ItemString', Buffer.from('abc')]] });
    expect(d.message).toBe('616263');
    expect(d.error?.code).toBe(15005);
  });
});
