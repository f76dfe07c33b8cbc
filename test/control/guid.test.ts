import { describe, expect, it } from 'vitest';
import { Guid } from '../../src/etw/control/api/guid.js';

describe('Guid', () => {
  it('accepts braced and bare spellings, any case', () => {
    const a = Guid.parse('{A3693192-9ED6-46D2-A981-F8226C8363BD}');
    const b = Guid.parse('a3693192-9ed6-46d2-a981-f8226c8363bd');
    expect(a.equals(b)).toBe(true);
    expect(a.toBracedUpper()).toBe('{A3693192-9ED6-46D2-A981-F8226C8363BD}');
    expect(b.toString()).toBe('a3693192-9ed6-46d2-a981-f8226c8363bd');
  });

  it('rejects non-GUIDs and half braces', () => {
    expect(Guid.tryParse('Microsoft-Windows-Kernel-Process')).toBeNull();
    expect(Guid.tryParse('{a3693192-9ed6-46d2-a981-f8226c8363bd')).toBeNull();
  });

  it('uses the Windows memory layout (Data1-3 little-endian, Data4 bytes in order)', () => {
    const g = Guid.parse('{9e814aad-3204-11d2-9a82-006008a86939}');
    expect(g.toBytes().toString('hex')).toBe('ad4a819e0432d2119a82006008a86939');
    expect(Guid.fromBytes(g.toBytes()).equals(g)).toBe(true);
  });
});
