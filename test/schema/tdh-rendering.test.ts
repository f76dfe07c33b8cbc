/**
 * One TDH value per in-type/out-type, with the bytes written from the encodings
 * of etl-format.md §8.1/§8.4 and the expected text from §8.3 and the real
 * tracerpt samples in tracerpt.md §3.2/§3.3.
 */
import { describe, expect, it } from 'vitest';
import { InType, OutType } from '../../src/etw/schema/event-schema.js';
import { decodeOne, decodeWith, hex, plainFields } from './schema-fixtures.js';

const FILETIME_1970 = 116444736000000000n;

function u64(v: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(v);
  return b;
}

describe('integers', () => {
  it('renders signed and unsigned integers in decimal', () => {
    expect(decodeOne({ name: 'a', inType: InType.INT8, outType: 0 }, 'ff')).toMatchObject({ value: -1, text: '-1' });
    expect(decodeOne({ name: 'a', inType: InType.UINT8, outType: 0 }, 'ff')).toMatchObject({ value: 255, text: '255' });
    expect(decodeOne({ name: 'a', inType: InType.INT16, outType: 0 }, '00 80')).toMatchObject({ value: -32768 });
    expect(decodeOne({ name: 'a', inType: InType.UINT16, outType: 0 }, '00 80')).toMatchObject({ value: 32768 });
    expect(decodeOne({ name: 'a', inType: InType.INT32, outType: 0 }, 'ff ff ff ff')).toMatchObject({ value: -1, text: '-1' });
    expect(decodeOne({ name: 'a', inType: InType.UINT32, outType: 0 }, 'ff ff ff ff')).toMatchObject({ value: 4294967295 });
    expect(decodeOne({ name: 'a', inType: InType.INT64, outType: 0 }, '34 ff ff ff ff ff ff ff')).toMatchObject({ value: -204, text: '-204' });
  });

  it('gives 64-bit values beyond 2^53 as decimal strings (JSON cannot hold them as numbers)', () => {
    expect(decodeOne({ name: 'a', inType: InType.UINT64, outType: 0 }, u64(2n ** 53n - 1n)).value).toBe(9007199254740991);
    expect(decodeOne({ name: 'a', inType: InType.UINT64, outType: 0 }, u64(2n ** 53n)).value).toBe('9007199254740992');
    expect(decodeOne({ name: 'a', inType: InType.UINT64, outType: 0 }, 'ff ff ff ff ff ff ff ff'))
      .toMatchObject({ value: '18446744073709551615', text: '18446744073709551615' });
    expect(decodeOne({ name: 'a', inType: InType.INT64, outType: 0 }, '00 00 00 00 00 00 00 80'))
      .toMatchObject({ value: '-9223372036854775808' });
  });

  it('renders hex in-types and out-types as 0x + upper-case hex without padding (tracerpt.md §3.3: ProcessId 0x10EC)', () => {
    expect(decodeOne({ name: 'ProcessId', inType: InType.HEXINT32, outType: 0 }, 'ec 10 00 00')).toMatchObject({ text: '0x10EC', value: 0x10ec });
    expect(decodeOne({ name: 'a', inType: InType.UINT32, outType: OutType.HEXINT32 }, 'ec 10 00 00').text).toBe('0x10EC');
    expect(decodeOne({ name: 'a', inType: InType.UINT8, outType: OutType.HEXINT8 }, '0f').text).toBe('0xF');
    expect(decodeOne({ name: 'a', inType: InType.INT16, outType: OutType.HEXINT16 }, 'ff ff').text).toBe('0xFFFF');
    expect(decodeOne({ name: 'a', inType: InType.HEXINT64, outType: 0 }, '00 00 00 00 01 00 00 00').text).toBe('0x100000000');
  });

  it('reads pointers by the event pointer size (tracerpt.md §3.3: UniqueProcessKey 0xFFFFFA800143FA80)', () => {
    const p = { name: 'UniqueProcessKey', inType: InType.POINTER, outType: 0 };
    expect(decodeOne(p, '80 fa 43 01 80 fa ff ff', 8)).toMatchObject({ text: '0xFFFFFA800143FA80', value: 0xFFFFFA800143FA80n.toString() });
    const r = decodeWith([p, { name: 'next', inType: InType.UINT8, outType: 0 }], '80 fa 43 01 07', 4);
    expect(r.fields.map((f) => f.text)).toEqual(['0x143FA80', '7']);
    expect(decodeWith([{ name: 's', inType: InType.SIZET, outType: 0 }], '10 00 00 00', 4).fields[0]!.text).toBe('0x10');
  });

  it('renders BOOLEAN (4 bytes) and UInt8+BOOLEAN as true/false', () => {
    expect(decodeOne({ name: 'a', inType: InType.BOOLEAN, outType: 0 }, '01 00 00 00')).toMatchObject({ value: true, text: 'true' });
    expect(decodeOne({ name: 'a', inType: InType.BOOLEAN, outType: 0 }, '00 00 00 00')).toMatchObject({ value: false, text: 'false' });
    const two = decodeWith([{ name: 'a', inType: InType.UINT8, outType: OutType.BOOLEAN }, { name: 'b', inType: InType.UINT8, outType: 0 }], '01 09');
    expect(two.fields.map((f) => f.text)).toEqual(['true', '9']);
  });

  it('renders PORT big-endian, IPV4 in memory order, error codes as 0x%08X, PID/TID in decimal', () => {
    expect(decodeOne({ name: 'a', inType: InType.UINT16, outType: OutType.PORT }, '00 50')).toMatchObject({ text: '80', value: 80 });
    expect(decodeOne({ name: 'a', inType: InType.UINT32, outType: OutType.IPV4 }, 'c0 a8 01 02').text).toBe('192.168.1.2');
    expect(decodeOne({ name: 'a', inType: InType.INT32, outType: OutType.HRESULT }, '05 00 07 80').text).toBe('0x80070005');
    expect(decodeOne({ name: 'a', inType: InType.UINT32, outType: OutType.NTSTATUS }, '34 00 00 c0').text).toBe('0xC0000034');
    expect(decodeOne({ name: 'a', inType: InType.UINT32, outType: OutType.WIN32ERROR }, '05 00 00 00').text).toBe('0x00000005');
    expect(decodeOne({ name: 'a', inType: InType.UINT32, outType: OutType.PID }, 'ec 10 00 00').text).toBe('4332');
  });

  it('renders UInt8/UInt16 with out-type STRING as a character', () => {
    expect(decodeOne({ name: 'a', inType: InType.UINT8, outType: OutType.STRING }, '4d').text).toBe('M');
    expect(decodeOne({ name: 'a', inType: InType.UINT16, outType: OutType.STRING }, '3a 04').text).toBe('\u043a');
  });

  it('maps values by valueMap and flags by bitMap, unmatched bits in hex', () => {
    const levels = { name: 'L', kind: 'value' as const, entries: [{ value: 2, text: 'Error' }, { value: 4, text: 'Information' }] };
    expect(decodeOne({ name: 'a', inType: InType.UINT8, outType: 0, map: levels }, '04')).toMatchObject({ text: 'Information', value: 'Information' });
    expect(decodeOne({ name: 'a', inType: InType.UINT8, outType: 0, map: levels }, '07')).toMatchObject({ text: '7', value: 7 });
    const flags = { name: 'F', kind: 'bitmap' as const, entries: [{ value: 1, text: 'Read' }, { value: 2, text: 'Write' }, { value: 4, text: 'Exec' }] };
    expect(decodeOne({ name: 'a', inType: InType.UINT32, outType: 0, map: flags }, '03 00 00 00').text).toBe('Read | Write');
    expect(decodeOne({ name: 'a', inType: InType.UINT32, outType: 0, map: flags }, '14 00 00 00').text).toBe('Exec | 0x10');
  });
});

describe('floating point', () => {
  it('renders the shortest decimal that reads back', () => {
    expect(decodeOne({ name: 'a', inType: InType.FLOAT, outType: 0 }, 'cd cc cc 3d')).toMatchObject({ text: '0.1', value: 0.1 });
    expect(decodeOne({ name: 'a', inType: InType.DOUBLE, outType: 0 }, '9a 99 99 99 99 99 b9 3f')).toMatchObject({ text: '0.1', value: 0.1 });
    expect(decodeOne({ name: 'a', inType: InType.DOUBLE, outType: 0 }, '00 00 00 00 00 00 f8 7f').text).toBe('NaN');
  });
});

describe('GUID, times, SID', () => {
  it('renders a GUID in braces, lower case, as tracerpt wrote {aeb41e37-cf40-4317-a989-7d5aa6a2dc87} (tracerpt.md §3.2)', () => {
    expect(decodeOne({ name: 'id', inType: InType.GUID, outType: 0 }, '37 1e b4 ae 40 cf 17 43 a9 89 7d 5a a6 a2 dc 87').text)
      .toBe('{aeb41e37-cf40-4317-a989-7d5aa6a2dc87}');
  });

  it('renders FILETIME as ISO-8601 UTC with 9 fractional digits like TimeCreated (tracerpt.md §3.2)', () => {
    const ft = FILETIME_1970 + BigInt(Date.UTC(2014, 0, 24, 12, 0, 20)) * 10000n + 6129958n;
    expect(decodeOne({ name: 't', inType: InType.FILETIME, outType: 0 }, u64(ft)).text).toBe('2014-01-24T12:00:20.612995800Z');
    // UInt64 with out-type DATETIME is a FILETIME too
    expect(decodeOne({ name: 't', inType: InType.UINT64, outType: OutType.DATETIME }, u64(ft)).text).toBe('2014-01-24T12:00:20.612995800Z');
  });

  it('renders SYSTEMTIME without a zone unless the out-type is DATETIME_UTC', () => {
    // year 2021, month 9, day-of-week 4, day 9, 14:59:35.799 (the first PrimitiveTypesTest event in the corpus)
    const st = 'e5 07 09 00 04 00 09 00 0e 00 3b 00 23 00 1f 03';
    expect(decodeOne({ name: 't', inType: InType.SYSTEMTIME, outType: 0 }, st).text).toBe('2021-09-09T14:59:35.799000000');
    expect(decodeOne({ name: 't', inType: InType.SYSTEMTIME, outType: OutType.DATETIME_UTC }, st).text).toBe('2021-09-09T14:59:35.799000000Z');
  });

  it('renders a SID as S-R-A-S1-… (authority decimal below 2^32, else hex) (§8.4)', () => {
    const system = '01 01 00 00 00 00 00 05 12 00 00 00'; // S-1-5-18
    expect(decodeOne({ name: 's', inType: InType.SID, outType: 0 }, system).text).toBe('S-1-5-18');
    const bigAuthority = '01 01 01 00 00 00 00 00 07 00 00 00';
    expect(decodeOne({ name: 's', inType: InType.SID, outType: 0 }, bigAuthority).text).toBe('S-1-0x010000000000-7');
  });

  it('reads WBEMSID / MOF Sid after a TOKEN_USER of two pointers; a first u32 of 0 is a bare 4-byte property (§8.4)', () => {
    const sid = '01 02 00 00 00 00 00 05 20 00 00 00 20 02 00 00'; // S-1-5-32-544
    const p = { name: 'UserSID', inType: InType.WBEMSID, outType: 0 };
    expect(decodeOne(p, '10 20 30 40 50 60 70 80  00 00 00 00 00 00 00 00 ' + sid, 8).text).toBe('S-1-5-32-544');
    expect(decodeOne(p, '10 20 30 40  00 00 00 00 ' + sid, 4).text).toBe('S-1-5-32-544');
    const r = decodeWith([p, { name: 'after', inType: InType.UINT8, outType: 0 }], '00 00 00 00 2a');
    expect(r.fields.map((f) => [f.name, f.text])).toEqual([['UserSID', ''], ['after', '42']]);
  });
});

describe('strings', () => {
  it('reads NUL-terminated UTF-16 and tolerates a missing terminator at the end (§10.14)', () => {
    const two = decodeWith([{ name: 'a', inType: InType.UNICODESTRING, outType: 0 }, { name: 'b', inType: InType.UNICODESTRING, outType: 0 }],
      Buffer.concat([Buffer.from('Hello\0', 'utf16le'), Buffer.from('World!', 'utf16le')]));
    expect(two.error).toBeNull();
    expect(two.fields.map((f) => f.value)).toEqual(['Hello', 'World!']);
  });

  it('reads 8-bit strings as Windows-1252 unless the out-type says UTF-8', () => {
    expect(decodeOne({ name: 'a', inType: InType.ANSISTRING, outType: 0 }, '80 20 e9 00').text).toBe('\u20ac \u00e9');
    expect(decodeOne({ name: 'a', inType: InType.ANSISTRING, outType: OutType.UTF8 }, 'e2 82 ac 00').text).toBe('\u20ac');
    expect(decodeOne({ name: 'a', inType: InType.ANSISTRING, outType: OutType.JSON }, 'c3 a9 00').text).toBe('\u00e9');
  });

  it('reads counted strings: u16 LE byte count (22, 23, 300, 301), u16 BE (302, 303), to the end (304, 305)', () => {
    expect(decodeOne({ name: 'a', inType: InType.COUNTEDSTRING, outType: 0 }, '04 00 48 00 69 00').text).toBe('Hi');
    expect(decodeOne({ name: 'a', inType: InType.MANIFEST_COUNTEDSTRING, outType: 0 }, '04 00 48 00 69 00').text).toBe('Hi');
    expect(decodeOne({ name: 'a', inType: InType.COUNTEDANSISTRING, outType: 0 }, '02 00 48 69').text).toBe('Hi');
    expect(decodeOne({ name: 'a', inType: InType.MANIFEST_COUNTEDANSISTRING, outType: 0 }, '02 00 48 69').text).toBe('Hi');
    expect(decodeOne({ name: 'a', inType: InType.REVERSEDCOUNTEDSTRING, outType: 0 }, '00 04 48 00 69 00').text).toBe('Hi');
    expect(decodeOne({ name: 'a', inType: InType.REVERSEDCOUNTEDANSISTRING, outType: 0 }, '00 02 48 69').text).toBe('Hi');
    expect(decodeOne({ name: 'a', inType: InType.NONNULLTERMINATEDSTRING, outType: 0 }, '48 00 69 00').text).toBe('Hi');
    expect(decodeOne({ name: 'a', inType: InType.NONNULLTERMINATEDANSISTRING, outType: 0 }, '48 69').text).toBe('Hi');
  });

  it('takes a string length (characters for UTF-16, bytes for 8-bit) from an earlier field', () => {
    const r = decodeWith([
      { name: 'Len', inType: InType.UINT16, outType: 0 },
      { name: 'Name', inType: InType.UNICODESTRING, outType: 0, length: { ref: 0 } },
      { name: 'Tail', inType: InType.UINT8, outType: 0 },
    ], '02 00 48 00 69 00 07');
    expect(r.fields.map((f) => f.value)).toEqual([2, 'Hi', 7]);
    expect(decodeOne({ name: 'a', inType: InType.ANSISTRING, outType: 0, length: { fixed: 4 } }, '41 42 00 00').text).toBe('AB');
  });

  it('reads chars, and arrays of chars as one string', () => {
    expect(decodeOne({ name: 'a', inType: InType.UNICODECHAR, outType: 0 }, '41 00').text).toBe('A');
    expect(decodeOne({ name: 'a', inType: InType.ANSICHAR, outType: 0 }, '41').text).toBe('A');
    expect(decodeOne({ name: 'a', inType: InType.UNICODECHAR, outType: 0, count: { fixed: 4 } }, '41 00 42 00 00 00 00 00').value).toBe('AB');
    expect(decodeOne({ name: 'a', inType: InType.UINT16, outType: OutType.STRING, count: { fixed: 2 } }, '4f 00 4b 00').value).toBe('OK');
  });
});

describe('binary', () => {
  it('renders binary as 0x + upper-case hex; length from the property', () => {
    expect(decodeOne({ name: 'a', inType: InType.BINARY, outType: 0, length: { fixed: 3 } }, '01 02 ab').text).toBe('0x0102AB');
    expect(decodeOne({ name: 'a', inType: InType.MANIFEST_COUNTEDBINARY, outType: 0 }, '02 00 de ad').text).toBe('0xDEAD');
    expect(decodeOne({ name: 'a', inType: InType.HEXDUMP, outType: 0 }, '02 00 00 00 be ef').text).toBe('0xBEEF');
  });

  it('renders IPV6 in RFC 5952 form (16 bytes without a length) and socket addresses', () => {
    expect(decodeOne({ name: 'a', inType: InType.BINARY, outType: OutType.IPV6 }, '20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01').text).toBe('2001:db8::1');
    expect(decodeOne({ name: 'a', inType: InType.BINARY, outType: OutType.IPV6 }, '20 01 0d b8 00 00 00 01 00 00 00 00 00 00 00 01').text).toBe('2001:db8:0:1::1');
    expect(decodeOne({ name: 'a', inType: InType.BINARY, outType: OutType.SOCKETADDRESS, length: { fixed: 16 } },
      '02 00 00 50 c0 a8 01 02 00 00 00 00 00 00 00 00').text).toBe('192.168.1.2:80');
  });
});

describe('NoPrint', () => {
  it('consumes NOPRINT properties without showing them', () => {
    const r = decodeWith([
      { name: 'hidden', inType: InType.UINT32, outType: OutType.NOPRINT },
      { name: 'shown', inType: InType.UINT8, outType: 0 },
    ], 'ff ff ff ff 05');
    expect(plainFields(r.fields)).toEqual([{ name: 'shown', value: 5, text: '5' }]);
  });
});

describe('MOF qualifiers expressed through PropertyDef (§8.5)', () => {
  it('WmiTime converts the session clock to a date when the clock is known, else keeps the raw number', () => {
    const p = { name: 'T', inType: InType.UINT64, outType: 0, extension: 'WmiTime' };
    const ft = FILETIME_1970 + BigInt(Date.UTC(2020, 6, 14, 12, 4, 31)) * 10000n;
    const clock = (raw: bigint): bigint => ft - 1000n + raw;
    expect(decodeWith([p], u64(1000n), 8, clock).fields[0]!.text).toBe('2020-07-14T12:04:31.000000000Z');
    expect(decodeWith([p], u64(1000n), 8, null).fields[0]).toMatchObject({ value: 1000, text: '1000' });
  });

  it('Port, IPAddr/IPAddrV4, IPAddrV6, Guid fill in the type of an untyped (object) property', () => {
    expect(decodeOne({ name: 'a', inType: InType.NULL, outType: 0, extension: 'Port' }, '01 bb').text).toBe('443');
    expect(decodeOne({ name: 'a', inType: InType.NULL, outType: 0, extension: 'IPAddr' }, '0a 00 00 01').text).toBe('10.0.0.1');
    expect(decodeOne({ name: 'a', inType: InType.UINT32, outType: 0, extension: 'IPAddrV4' }, '0a 00 00 01').text).toBe('10.0.0.1');
    expect(decodeOne({ name: 'a', inType: InType.NULL, outType: 0, extension: 'IPAddrV6' }, '00'.repeat(15) + '01').text).toBe('::1');
    expect(decodeOne({ name: 'a', inType: InType.NULL, outType: 0, extension: 'Guid' }, '37 1e b4 ae 40 cf 17 43 a9 89 7d 5a a6 a2 dc 87').text)
      .toBe('{aeb41e37-cf40-4317-a989-7d5aa6a2dc87}');
  });

  it('Sid reads the TOKEN_USER prefix; SizeT is pointer-sized; NoPrint hides', () => {
    const sid = '01 01 00 00 00 00 00 05 12 00 00 00';
    expect(decodeOne({ name: 'a', inType: InType.NULL, outType: 0, extension: 'Sid' }, '01 00 00 00 00 00 00 00 ' + sid, 4).text).toBe('S-1-5-18');
    expect(decodeWith([{ name: 'a', inType: InType.UINT32, outType: 0, extension: 'SizeT' }], '10 00 00 00 00 00 00 00', 8).fields[0]!.text).toBe('0x10');
    const r = decodeWith([{ name: 'a', inType: InType.UINT32, outType: 0, extension: 'NoPrint' }, { name: 'b', inType: InType.UINT8, outType: 0 }], '01 00 00 00 02');
    expect(r.fields.map((f) => f.name)).toEqual(['b']);
  });

  it('format("x") renders an integer in hex; format("c") a character', () => {
    expect(decodeOne({ name: 'a', inType: InType.UINT32, outType: 0, format: 'x' }, 'ec 10 00 00').text).toBe('0x10EC');
    expect(decodeOne({ name: 'a', inType: InType.UINT8, outType: 0, format: 'c' }, '41').text).toBe('A');
  });

  it('RString / RWString on an untyped property are reverse-counted (u16 big-endian byte count)', () => {
    expect(decodeOne({ name: 'a', inType: InType.NULL, outType: 0, extension: 'RString' }, '00 02 48 69').text).toBe('Hi');
    expect(decodeOne({ name: 'a', inType: InType.NULL, outType: 0, extension: 'RWString' }, '00 04 48 00 69 00').text).toBe('Hi');
  });

  it('Variant on an untyped property consumes a VARIANT (8 + 2 pointers) shown as hex', () => {
    const r = decodeWith([{ name: 'v', inType: InType.NULL, outType: 0, extension: 'Variant' }, { name: 'b', inType: InType.UINT8, outType: 0 }],
      '03 00 00 00 00 00 00 00 2a 00 00 00 00 00 00 00 07', 4);
    expect(r.fields.map((f) => f.text)).toEqual(['0x03000000000000002A00000000000000', '7']);
  });
});
