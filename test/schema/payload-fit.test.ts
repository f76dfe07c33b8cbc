/**
 * fitsBySize (payload-fit.ts) never says "fits" where decoding finds a misfit:
 * checked against the decoder on every kernel record of the corpus, whole and
 * cut at every length, for both pointer sizes; and it answers from the size for
 * the layouts that allow it (so a kernel summary does not decode every record);
 * fitsByWalk, which also reads a SID's size, the same.
 */
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { builtinKernelEvents } from '../../src/etw/schema/builtin/kernel-classes.js';
import { parseFields } from '../../src/etw/schema/builtin/kernel-notation.js';
import type { EventSchema } from '../../src/etw/schema/event-schema.js';
import { compileSchema } from '../../src/etw/schema/payload-decoder.js';
import { fitsBySize, fitsByWalk } from '../../src/etw/schema/payload-fit.js';
import { SchemaRegistry } from '../../src/etw/schema/registry.js';
import { registerBuiltinKernelClasses } from '../../src/etw/schema/builtin/kernel-classes.js';
import { SchemaPayload } from '../../src/etw/schema/schema-payload.js';
import { corpusStems, etlPath, haveCorpus } from '../support/corpus.js';

const schema = (fields: string, source: EventSchema['source'] = 'kernel'): EventSchema => ({
  source, providerId: 'p', providerName: null, eventName: null, taskName: null, opcodeName: null, levelName: null,
  keywordNames: [], channelName: null, message: null, properties: parseFields(fields), userDataElement: null,
});

/** What decoding says: does a payload of these bytes fit? */
const decodes = (c: ReturnType<typeof compileSchema>, payload: Buffer, ptr: 4 | 8) =>
  new SchemaPayload(c, payload, ptr, null).error === null;

describe('fitsBySize', () => {
  it('a run of integers, pointers and GUIDs: fits at each boundary and from the run\'s end on', () => {
    const c = compileSchema(schema('A:u32 B:ptr C:u16[2] D:guid Name:wstr'));
    // 4-byte pointers: boundaries 0, 4, 8, 10, 12, 28; 8-byte: 0, 4, 12, 14, 16, 32.
    const fits4 = Array.from({ length: 40 }, (_, n) => fitsBySize(c, n, 4));
    expect(fits4.map((f, n) => (f ? n : -1)).filter((n) => n >= 0 && n < 28)).toEqual([0, 4, 8, 10, 12]);
    expect(fits4.slice(28).every(Boolean)).toBe(true);
    expect(fitsBySize(c, 12, 8) && fitsBySize(c, 14, 8) && !fitsBySize(c, 8, 8) && fitsBySize(c, 33, 8)).toBe(true);
    for (const ptr of [4, 8] as const) {
      for (let n = 0; n < 40; n++) if (fitsBySize(c, n, ptr)) expect(decodes(c, Buffer.alloc(n, 0x41), ptr), `${ptr}/${n}`).toBe(true);
    }
  });

  it('answers only from the size where the shape allows: not after a SID, a counted array or for manifests', () => {
    expect(fitsBySize(compileSchema(schema('A:ptr User:sid Name:astr')), 100, 8)).toBe(false);
    expect(fitsBySize(compileSchema(schema('N:u32 List:ptr[N]')), 100, 8)).toBe(false);
    expect(fitsBySize(compileSchema(schema('A:u32', 'manifest')), 4, 8)).toBe(false);
  });

  it('most built-in kernel layouts have the shape', () => {
    const shaped = builtinKernelEvents().filter((e) => fitsBySize(compileSchema(e.schema), 4096, 8)).length;
    expect(shaped / builtinKernelEvents().length).toBeGreaterThan(0.8);
  });
});

describe('fitsByWalk', () => {
  /** A TOKEN_USER (two pointers) then a SID of `subs` sub-authorities, then an ANSI name. */
  const tokenUser = (ptr: 4 | 8, subs: number, first = 1) => {
    const b = Buffer.alloc(2 * ptr + 8 + 4 * subs + 4, 0x41);
    b.writeUInt32LE(first, 0);
    b[2 * ptr] = 1;
    b[2 * ptr + 1] = subs;
    b[b.length - 1] = 0;
    return b;
  };

  it('a TOKEN_USER SID before the strings: fits when the SID is whole, at every cut as decoding says', () => {
    const c = compileSchema(schema('A:u32 User:sid Name:astr'));
    for (const ptr of [4, 8] as const) {
      for (const payload of [Buffer.concat([Buffer.alloc(4), tokenUser(ptr, 5)]), Buffer.concat([Buffer.alloc(4), tokenUser(ptr, 0, 0)])]) {
        let yes = 0;
        for (let n = 0; n <= payload.length; n++) {
          const cut = payload.subarray(0, n);
          if (!fitsByWalk(c, cut, 0, n, ptr)) continue;
          yes++;
          expect(decodes(c, cut, ptr), `${ptr}/${n}`).toBe(true);
        }
        expect(yes).toBeGreaterThan(1);
      }
      // Whole: yes; the SID claiming more sub-authorities than there are bytes: no (decoding says misfit too).
      const whole = Buffer.concat([Buffer.alloc(4), tokenUser(ptr, 2)]);
      expect(fitsByWalk(c, whole, 0, whole.length, ptr)).toBe(true);
      whole[4 + 2 * ptr + 1] = 200;
      expect(fitsByWalk(c, whole, 0, whole.length, ptr)).toBe(false);
      expect(decodes(c, whole, ptr)).toBe(false);
    }
  });

  it('reads the payload where it lies in a larger buffer', () => {
    const c = compileSchema(schema('A:u32 User:sid Name:astr'));
    const payload = Buffer.concat([Buffer.alloc(4), tokenUser(8, 3)]);
    const big = Buffer.concat([Buffer.alloc(13, 0xff), payload, Buffer.alloc(7, 0xff)]);
    expect(fitsByWalk(c, big, 13, payload.length, 8)).toBe(true);
  });
});

describe.skipIf(!haveCorpus)('fitsBySize and fitsByWalk on the kernel records of the corpus', () => {
  it('never say a payload fits that does not, whole or cut at any length', () => {
    let answered = 0, walked = 0;
    for (const stem of corpusStems()) {
      const reader = EtlReader.open([etlPath(stem)]);
      const registry = new SchemaRegistry({ files: reader.files });
      registerBuiltinKernelClasses(registry);
      const seen = new Set<string>();
      for (const r of reader.records()) {
        if (r.kind === 'event' || r.kind === 'wpp') continue;
        const d = registry.decode(r);
        if (!(d instanceof SchemaPayload)) continue;
        const key = `${r.providerId}/${r.opcode}/${r.version}/${r.payloadSize}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const payload = Buffer.from(r.payload);
        for (let n = 0; n <= payload.length; n++) {
          const bySize = fitsBySize(d.compiled, n, r.pointerSize);
          const byWalk = fitsByWalk(d.compiled, payload, 0, n, r.pointerSize);
          if (bySize) expect(byWalk).toBe(true);
          if (!byWalk) continue;
          answered++;
          if (!bySize) walked++;
          expect(decodes(d.compiled, payload.subarray(0, n), r.pointerSize), `${stem} ${key} cut at ${n}`).toBe(true);
        }
      }
      reader.close();
    }
    expect(answered).toBeGreaterThan(1000);
    // The process events (a SID before their strings) are answered by the walk.
    expect(walked).toBeGreaterThan(100);
  });
});
