/**
 * TMF files (tmf-file.ts) and the index that finds them (tmf-index.ts): the
 * facts a `#typev` line and its argument block give, several GUIDs in one file,
 * lookups by GUID file name and by content, and the rule for a malformed file —
 * one warning naming the file and line, the other files still used.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTmf, TmfSyntaxError } from '../../src/etw/schema/wpp/tmf-file.js';
import { TmfIndex } from '../../src/etw/schema/wpp/tmf-index.js';
import { CORPUS_ETL, haveCorpus } from '../support/corpus.js';

const G1 = '11111111-2222-3333-4444-555555555555';
const G2 = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

const SAMPLE = `// PDB:  C:\\build\\drv.pdb
// PDB:  Last Updated :2026-01-01:00:00:00:000 (UTC) [tracepdb]
${G1} mydriver // SRC=drv.c MJ= MN=
#typev drv_c120 10 "%0Open %10!s! mode=%11!x! (%12!s!)" //   LEVEL=TRACE_LEVEL_ERROR FLAGS=TRACE_INIT FUNC=DrvOpen
{
Name->Buffer, ItemWString -- 10
f(a, b), ItemLong -- 11
WppBinary(data. (USHORT)sizeof(data)), ItemHexDump -- 12
}
#typev drv_c130 11 "%0no arguments" //   LEVEL=TRACE_LEVEL_INFORMATION FUNC=DrvClose
{
}
${G2} other // SRC=other.c
#typev other_c5 10 "%0set=%10!s!" //   LEVEL=X FUNC=f
{
v, ItemSetByte(a,b,c) -- 10
}
#enumv _E
{
One,0x1
Minus,-1
}
`;

describe('parseTmf', () => {
  const f = parseTmf(SAMPLE, 'sample.tmf');

  it('reads the header, each #typev line and its argument block', () => {
    const m = f.messages.get(G1)!.get(10)!;
    expect(m).toMatchObject({
      guid: G1, component: 'mydriver', fileLine: 'drv_c120', number: 10, format: '%0Open %10!s! mode=%11!x! (%12!s!)',
      level: 'TRACE_LEVEL_ERROR', flags: 'TRACE_INIT', func: 'DrvOpen',
    });
    expect(m.args.map((a) => [a.expression, a.typeSpelling, a.n])).toEqual([
      ['Name->Buffer', 'ItemWString', 10], ['f(a, b)', 'ItemLong', 11], ['WppBinary(data. (USHORT)sizeof(data))', 'ItemHexDump', 12],
    ]);
    expect(f.messages.get(G1)!.get(11)).toMatchObject({ fileLine: 'drv_c130', flags: '', func: 'DrvClose', args: [] });
  });

  it('keeps several GUIDs of one file apart, with list types and #enumv blocks', () => {
    const m = f.messages.get(G2)!.get(10)!;
    expect(m.component).toBe('other');
    expect(m.args[0]!.type).toMatchObject({ kind: 'set', size: 1, names: ['a', 'b', 'c'] });
    expect(m.enums.get('_E')).toEqual([[1, 'One'], [0xffffffff, 'Minus']]);
  });

  it('an unknown item type is kept (it stops only that message when met)', () => {
    const t = parseTmf(`${G1} c\n#typev x_c1 10 "%0%10!d!"\n{\nv, ItemFuture -- 10\n}\n`, 'f.tmf');
    expect(t.messages.get(G1)!.get(10)!.args[0]).toMatchObject({ typeSpelling: 'ItemFuture', type: null });
  });

  it('a line that is not TMF names the file and line', () => {
    const bad = `${G1} c\n#typev x_c1 10 "%0%10!d!"\n{\nthis is not an argument\n}\n`;
    expect(() => parseTmf(bad, 'bad.tmf')).toThrow(TmfSyntaxError);
    expect(() => parseTmf(bad, 'bad.tmf')).toThrow(/^bad\.tmf:4: not an argument line/);
    expect(() => parseTmf(`${G1} c\n#typev x 10 "a"\n{\nv, ItemLong -- 10\n`, 'cut.tmf')).toThrow(/^cut\.tmf:5: the file ends inside/);
    expect(() => parseTmf('#typev x 10 "a"\n', 'nohead.tmf')).toThrow(/^nohead\.tmf:1: #typev before the GUID header/);
  });
});

describe('TmfIndex', () => {
  const dir = mkdtempSync(join(tmpdir(), 'etwkit-tmf-'));
  const folder = join(dir, 'tmf');
  mkdirSync(folder);
  writeFileSync(join(folder, `${G1}.tmf`), SAMPLE.split(`${G2}`)[0]!);
  writeFileSync(join(folder, 'combined.tmf'), `${G2} other\n#typev o_c1 10 "%0x"\n{\n}\n`);
  const broken = join(folder, '22222222-2222-2222-2222-222222222222.tmf');
  writeFileSync(broken, '22222222-2222-2222-2222-222222222222 c\n#typev x 10 "a"\n{\nnot an argument\n}\n');

  it('finds a message by its GUID file name, and a GUID inside another file by content', () => {
    const index = new TmfIndex();
    index.addPath(folder);
    expect(index.lookup(G1, 10)?.fileLine).toBe('drv_c120');
    expect(index.lookup(G2, 10)?.fileLine).toBe('o_c1');
    expect(index.lookup(G1, 99)).toBeNull();
    expect(index.lookup('99999999-9999-9999-9999-999999999999', 10)).toBeNull();
  });

  it('a malformed TMF: one warning naming the file and line, its GUID stays unformatted, the others work', () => {
    const warnings: string[] = [];
    const index = new TmfIndex((w) => warnings.push(w));
    index.addSearchPath(`${folder};`);
    expect(index.lookup('22222222-2222-2222-2222-222222222222', 10)).toBeNull();
    expect(index.lookup('22222222-2222-2222-2222-222222222222', 10)).toBeNull();
    expect(index.lookup(G1, 10)).not.toBeNull();
    expect(warnings).toEqual([`${broken}:4: not an argument line (name, ItemType -- N): not an argument (its messages stay unformatted)`]);
  });

  it('a GUID whose first TMF is malformed is served by a later folder\'s TMF of that GUID', () => {
    const second = join(dir, 'second');
    mkdirSync(second);
    writeFileSync(join(second, '22222222-2222-2222-2222-222222222222.tmf'), '22222222-2222-2222-2222-222222222222 good\n#typev g_c1 10 "%0ok"\n{\n}\n');
    const warnings: string[] = [];
    const index = new TmfIndex((w) => warnings.push(w));
    index.addSearchPath(`${folder};${second}`);
    expect(index.lookup('22222222-2222-2222-2222-222222222222', 10)?.component).toBe('good');
    expect(warnings).toHaveLength(1);
  });

  it('a file known to hold a GUID (a schema folder\'s index) is found under it whatever its name', () => {
    const named = join(dir, 'some-name.tmf');
    writeFileSync(named, `${G2} viaSchemas\n#typev s_c1 10 "%0y"\n{\n}\n`);
    const index = new TmfIndex();
    index.addFile(named, G2.toUpperCase());
    expect(index.lookup(G2, 10)?.component).toBe('viaSchemas');
  });

  it('reads TMF files written as UTF-16LE or UTF-8 with a byte-order mark, or as 8-bit ANSI', () => {
    const text = `${G2} Bücher\n#typev u_c1 10 "%0é"\n{\n}\n`;
    const encodings: Array<[string, Buffer]> = [
      ['utf16.tmf', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['utf8bom.tmf', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
      ['ansi.tmf', Buffer.from(text, 'latin1')],
    ];
    for (const [name, bytes] of encodings) {
      const p = join(dir, name);
      writeFileSync(p, bytes);
      const index = new TmfIndex();
      index.addFile(p);
      expect(index.lookup(G2, 10), name).toMatchObject({ component: 'Bücher', format: '%0é' });
    }
  });

  it.skipIf(!haveCorpus)('parses every corpus TMF', () => {
    const warnings: string[] = [];
    const index = new TmfIndex((w) => warnings.push(w));
    index.addPath(join(CORPUS_ETL, 'wpp-tmf'));
    expect(index.lookup('d4153fff-ac08-361f-5ed7-af1d38cd1903', 11)?.args[0]!.type).toMatchObject({ kind: 'set', size: 4 });
    expect(index.lookup('035fd70f-a54a-3c13-f6c5-f7f2b19c92ec', 10)?.enums.get('_MYFLAGS')).toEqual([[1, 'FlagRead'], [2, 'FlagWrite'], [4, 'FlagExec']]);
    expect(warnings).toEqual([]);
  });
});
