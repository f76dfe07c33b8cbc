/**
 * Schema files on the command line: -import (manifest) and --mof feed the
 * registry, so the dump shows named fields and the summary names the events.
 * A manifest that does not fit the trace's payloads (15005) is never silent: the
 * dump shows the error and the payload (the fields that fit with -lr), and the
 * summary counts them, the same in a summary-only run and with a dump.
 */
import { readFileSync, writeFileSync } from 'node:fs';
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

  it('a manifest whose template does not fit the payloads: ProcessingErrorData 15005, the fields that fit with -lr, and a summary count', async () => {
    // ClrEtwAll.man with one template made wrong: ClrInstanceID read as 8 bytes where the events hold 2.
    const man = readFileSync(join(CORPUS_SCHEMAS, 'ClrEtwAll.man'), 'utf8');
    const at = man.indexOf('<template tid="MethodLoadUnloadRundownVerbose_V1">');
    const field = '<data name="ClrInstanceID" inType="win:UInt16" />';
    const wrong = man.indexOf(field, at);
    expect(at).toBeGreaterThan(0);
    const wrongMan = join(dir, 'clr-wrong.man');
    writeFileSync(wrongMan, man.slice(0, wrong) + field.replace('UInt16', 'UInt64') + man.slice(wrong + field.length));
    const trace = etlPath('perfview-clr-rundown');
    const run = async (...args: string[]) => {
      const r = await reportInProcess([trace, '-import', wrongMan, ...args, '-y', '--quiet']);
      expect(r.code, r.stderr).toBe(0);
    };
    const summaries = ['only.txt', 'xml.txt', 'jsonl.txt'].map((f) => join(dir, f));
    await run('-summary', summaries[0]!);
    await run('-o', join(dir, 'wrong.xml'), '-summary', summaries[1]!);
    await run('-o', join(dir, 'wrong.jsonl'), '-of', 'JSONL', '-summary', summaries[2]!);
    await run('-o', join(dir, 'wrong-lr.xml'), '-lr');
    const summary = readFileSync(summaries[0]!, 'utf8');
    for (const other of summaries.slice(1)) expect(readFileSync(other, 'utf8')).toBe(summary);
    // Every MethodDCEndVerbose v1 event (the template's only user in this trace) is a mismatch.
    const row = summary.split('\n').find((l) => /\|\s+\d+\s+Method\s+144\s+1\s/.test(l))!;
    const count = Number(row.slice(1).trim().split(/\s+/)[0]);
    expect(count).toBeGreaterThan(50);
    expect(summary).toContain(`\nPayload Mismatches      ${count}\n`);
    const xml = readFileSync(join(dir, 'wrong.xml'), 'utf8');
    expect(xml.match(/<ErrorCode>15005<\/ErrorCode>/g)).toHaveLength(count);
    expect(xml).toMatch(/<ProcessingErrorData>\n\t\t<ErrorCode>15005<\/ErrorCode>\n\t\t<DataItemName \/>\n\t\t<EventPayload>[0-9A-F]+<\/EventPayload>/);
    const lr = readFileSync(join(dir, 'wrong-lr.xml'), 'utf8');
    expect(lr).not.toContain('<ErrorCode>15005');
    expect(lr.match(/<MethodSignature>/g)!.length).toBeGreaterThanOrEqual(count);
    const lines = readFileSync(join(dir, 'wrong.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { error: number | null; payload: string | null; fields: unknown });
    const misfits = lines.filter((l) => l.error === 15005);
    expect(misfits).toHaveLength(count);
    expect(misfits.every((l) => l.fields === null && /^[0-9A-F]+$/.test(l.payload!))).toBe(true);
    // Without the wrong template nothing is counted.
    const right = join(dir, 'right.txt');
    await reportInProcess([trace, '-import', join(CORPUS_SCHEMAS, 'ClrEtwAll.man'), '-summary', right, '-y', '--quiet']);
    expect(readFileSync(right, 'utf8')).not.toContain('Payload Mismatches');
  });

  it('EventSource manifests carried in the trace decode their providers\' later events (no schema file given)', async () => {
    const out = join(dir, 'net452.jsonl');
    const r = await reportInProcess([etlPath('perfview-net452-x64-compressed'), '-of', 'JSONL', '-o', out, '-y']);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { provider: string; id: number; fields: Record<string, unknown> | null; payloadSize: number });
    // TplEventSource TaskScheduled (id 7): the values of perfview-net452-x64-compressed.traceevent-baseline.txt.
    const scheduled = lines.filter((l) => l.provider === '{2e5dba47-a3d2-4d16-8ee0-6671ffdcd7b5}' && l.id === 7);
    expect(scheduled.slice(0, 3).map((l) => l.fields)).toEqual([6, 7, 8].map((TaskID) => ({
      OriginatingTaskSchedulerID: 1, OriginatingTaskID: 5, TaskID, CreatingTaskID: 0, TaskCreationOptions: 8192,
    })));
    // FrameworkEventSource ThreadPoolEnqueueWork: workID as in the baseline.
    const framework = lines.filter((l) => l.provider === '{8e9f5090-2d75-4d03-8a81-e5afbf85daf1}' && l.fields !== null && 'workID' in l.fields);
    expect(framework.map((l) => l.fields!.workID)).toEqual(expect.arrayContaining([278775272, 278775344, 278775416]));
    // Every event of the three providers with a payload is decoded.
    const providers = ['{a8a71ac1-040f-54a2-07ca-00a89b5ab761}', '{2e5dba47-a3d2-4d16-8ee0-6671ffdcd7b5}', '{8e9f5090-2d75-4d03-8a81-e5afbf85daf1}'];
    const theirs = lines.filter((l) => providers.includes(l.provider) && l.payloadSize > 0);
    expect(theirs.length).toBeGreaterThan(100);
    expect(theirs.filter((l) => l.fields === null)).toEqual([]);
  });
});
