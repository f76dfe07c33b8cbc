// Decoders of the variable-length Windows answers, fed hand-built blobs in the documented layouts,
// and the -pf file parser.
import { describe, expect, it } from 'vitest';
import { Guid } from '../../src/etw/control/api/guid.js';
import { parseProviderFile } from '../../src/etw/control/session/provider-file.js';
import { decodeProviderEnumeration, decodeProviderFieldArray } from '../../src/etw/control/session/tdh-blobs.js';
import { decodeGuidList, decodeTraceGuidInfo } from '../../src/etw/control/session/trace-guid-info.js';
import { fieldArrayBlob, guidListBlob, providerEnumerationBlob, traceGuidInfoBlob } from './support/etw-blobs.js';

const A = Guid.parse('dbe9b383-7cf3-4331-91cc-a3cb16a3b538');
const B = Guid.parse('aff081fe-0247-4275-9c4e-021f3dc1da35');

describe('EnumerateTraceGuidsEx blobs', () => {
  it('GUID list: 16 bytes each, count from the returned length', () => {
    const blob = guidListBlob([A, B]);
    expect(decodeGuidList(Buffer.concat([blob, Buffer.alloc(16)]), 32).map(String)).toEqual([A.toString(), B.toString()]);
  });

  it('TRACE_GUID_INFO: instances chained by NextOffset, enable records after each instance header', () => {
    const blob = traceGuidInfoBlob([
      { pid: 0x1710, enables: [{ level: 4, loggerId: 0x21, matchAny: 0xffffffffffffffffn, enableProperty: 0x40 }, { level: 255, loggerId: 3, matchAny: 0x10n, matchAll: 0x2n }] },
      { pid: 0x25c, flags: 1, enables: [] },
    ]);
    expect(blob.length).toBe(8 + 16 + 64 + 16);
    expect(decodeTraceGuidInfo(blob, blob.length)).toEqual([
      { pid: 0x1710, flags: 0, enables: [
        { isEnabled: true, level: 4, loggerId: 0x21, enableProperty: 0x40, matchAnyKeyword: 0xffffffffffffffffn, matchAllKeyword: 0n },
        { isEnabled: true, level: 255, loggerId: 3, enableProperty: 0, matchAnyKeyword: 0x10n, matchAllKeyword: 0x2n },
      ] },
      { pid: 0x25c, flags: 1, enables: [] },
    ]);
  });

  it('a truncated blob yields what is complete, never reads past the length', () => {
    const blob = traceGuidInfoBlob([{ pid: 1, enables: [{ level: 1, loggerId: 1, matchAny: 1n }] }]);
    expect(decodeTraceGuidInfo(blob, 8 + 16 + 10)).toEqual([{ pid: 1, flags: 0, enables: [] }]);
  });
});

describe('TDH blobs', () => {
  it('PROVIDER_ENUMERATION_INFO: GUID, schema source, name at its offset', () => {
    const got = decodeProviderEnumeration(providerEnumerationBlob([{ guid: A, name: 'Microsoft-Windows-Winlogon' }, { guid: B, name: 'ASP.NET Events', schemaSource: 1 }]));
    expect(got.map((p) => [p.guid.toString(), p.name, p.schemaSource])).toEqual([[A.toString(), 'Microsoft-Windows-Winlogon', 0], [B.toString(), 'ASP.NET Events', 1]]);
  });

  it('PROVIDER_FIELD_INFOARRAY: name, optional description (offset 0 = none), 64-bit value', () => {
    const got = decodeProviderFieldArray(fieldArrayBlob(0, [{ value: 0x8000000000000000n, name: 'System', description: 'System' }, { value: 0x10000n, name: 'PerfInstrumentation' }]));
    expect(got).toEqual([{ value: 0x8000000000000000n, name: 'System', description: 'System' }, { value: 0x10000n, name: 'PerfInstrumentation', description: '' }]);
  });
});

describe('-pf provider file', () => {
  it('reads GUID-only lines, flags/level/comment lines, quoted names; skips blanks and comments', () => {
    const text = '\uFEFF{AFF081FE-0247-4275-9C4E-021F3DC1DA35} 0xf    5  ASP.NET Events\r\n\r\n# comment\n{1AACEA33-2593-5BEE-5746-BCEDB745CD07}\n"Service Control Manager Trace" 0x1\n';
    expect(parseProviderFile(text)).toEqual([
      { provider: '{AFF081FE-0247-4275-9C4E-021F3DC1DA35}', keywords: '0xf', level: '5' },
      { provider: '{1AACEA33-2593-5BEE-5746-BCEDB745CD07}' },
      { provider: 'Service Control Manager Trace', keywords: '0x1' },
    ]);
  });
});
