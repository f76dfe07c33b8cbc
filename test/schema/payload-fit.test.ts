/**
 * fitsBySize (payload-fit.ts) never says "fits" where decoding finds a misfit:
 * checked against the decoder on every kernel record of the corpus, whole and
 * cut at every length, for both pointer sizes; and it answers from the size for
 * the layouts that allow it (so a kernel summary does not decode every record).
 */
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { builtinKernelEvents } from '../../src/etw/schema/builtin/kernel-classes.js';
import { parseFields } from '../../src/etw/schema/builtin/kernel-notation.js';
import type { EventSchema } from '../../src/etw/schema/event-schema.js';
import { compileSchema } from '../../src/etw/schema/payload-decoder.js';
import { fitsBySize } from '../../src/etw/schema/payload-fit.js';
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

describe.skipIf(!haveCorpus)('fitsBySize on the kernel records of the corpus', () => {
  it('never says a payload fits that does not, whole or cut at any length', () => {
    let answered = 0;
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
          if (!fitsBySize(d.compiled, n, r.pointerSize)) continue;
          answered++;
          expect(decodes(d.compiled, payload.subarray(0, n), r.pointerSize), `${stem} ${key} cut at ${n}`).toBe(true);
        }
      }
      reader.close();
    }
    expect(answered).toBeGreaterThan(1000);
  });
});
