/**
 * OutputFile.writeUtf8: the text bytes ByteWriter makes go into a UTF-8 file as
 * they are and into a Unicode one (-en Unicode) as UTF-16LE after the BOM, also
 * when a character's bytes arrive split across two calls.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../src/etw/render/byte-writer.js';
import { OutputFile } from '../../src/etw/render/output-file.js';
import { scratchDir } from './report-run.js';

const TEXT = 'a,é,€,😀,"x"\r\n';

describe('OutputFile.writeUtf8', () => {
  const dir = scratchDir('etwkit-utf8-');

  it('writes UTF-8 bytes unchanged into a UTF-8 file', () => {
    const path = join(dir, 'plain.csv');
    const out = OutputFile.open(path, { overwrite: true });
    out.writeUtf8(Buffer.from(TEXT, 'utf8'));
    out.commit();
    expect(readFileSync(path)).toEqual(Buffer.from(TEXT, 'utf8'));
  });

  it('re-encodes them as UTF-16LE after the BOM, a character split across calls included', () => {
    const path = join(dir, 'unicode.csv');
    const out = OutputFile.open(path, { overwrite: true, encoding: 'utf16le-bom' });
    out.write('head\r\n');
    const bytes = Buffer.from(TEXT, 'utf8');
    for (let i = 0; i < bytes.length; i++) out.writeUtf8(bytes.subarray(i, i + 1));
    out.commit();
    expect(readFileSync(path)).toEqual(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('head\r\n' + TEXT, 'utf16le')]));
  });

  it('takes a ByteWriter\'s flushes in order with strings written between them', () => {
    const path = join(dir, 'mixed.csv');
    const out = OutputFile.open(path, { overwrite: true, encoding: 'utf16le-bom' });
    const w = ByteWriter.forOutput(out, 16);
    out.write('<');
    for (let i = 0; i < 20; i++) w.text(`é${i};`);
    w.flush();
    out.write('>');
    out.commit();
    let expected = '<';
    for (let i = 0; i < 20; i++) expected += `é${i};`;
    expect(readFileSync(path).subarray(2).toString('utf16le')).toBe(expected + '>');
  });
});
