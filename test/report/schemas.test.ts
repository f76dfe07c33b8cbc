/**
 * Schema files on the command line: -import (manifest) and --mof feed the
 * registry, so the dump shows named fields and the summary names the events.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_SCHEMAS, etlPath, haveCorpus } from '../support/corpus.js';
import { reportInProcess, scratchDir } from '../render/report-run.js';

describe.skipIf(!haveCorpus)('schema files', () => {
  const dir = scratchDir('etwkit-schemas-');

  it('-import ClrEtwAll.man decodes the .NET rundown events by name', async () => {
    const xml = join(dir, 'clr.xml');
    const txt = join(dir, 'clr.txt');
    const r = await reportInProcess([etlPath('perfview-clr-rundown'), '-import', join(CORPUS_SCHEMAS, 'ClrEtwAll.man'), '-o', xml, '-summary', txt, '-y']);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(xml, 'utf8');
    expect(text).toMatch(/<Provider Name="Microsoft-Windows-DotNETRuntime(Rundown)?" Guid="\{a669021c-c450-4609-a035-5af59af4df18\}" \/>/);
    expect(text).toMatch(/<ClrInstanceID>\d+<\/ClrInstanceID>|<Data Name="ClrInstanceID">\d+<\/Data>/);
    const without = join(dir, 'plain.txt');
    await reportInProcess([etlPath('perfview-clr-rundown'), '-summary', without, '-y']);
    const named = (t: string) => t.split('\n').filter((l) => l.includes('{a669021c') && !/^\|\s+\d+ {24}/.test(l)).length;
    expect(named(readFileSync(without, 'utf8'))).toBe(0);
    expect(named(readFileSync(txt, 'utf8'))).toBeGreaterThan(0);
  });

  it('--mof wmicore.mof decodes kernel classes in a classic trace', async () => {
    const xml = join(dir, 'kernel.xml');
    const r = await reportInProcess([etlPath('sonde-relogged-mof-tl'), '--mof', join(CORPUS_SCHEMAS, 'wmicore.mof'), '-o', xml, '-y']);
    expect(r.code, r.stderr).toBe(0);
    const plain = join(dir, 'kernel-plain.xml');
    await reportInProcess([etlPath('sonde-relogged-mof-tl'), '-o', plain, '-y']);
    const dataItems = (f: string) => (readFileSync(f, 'utf8').match(/<Data Name=/g) ?? []).length;
    expect(dataItems(xml)).toBeGreaterThan(dataItems(plain));
  });
});
