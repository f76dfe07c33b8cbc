/**
 * Schema folders (--schemas, ETWKIT_SCHEMA_PATH): folders made at test time
 * from copies of corpus schema files plus junk. Proves the index finds files by
 * GUID without parsing them, that a run parses only the files its trace needs,
 * one warning per file that is not a schema, the environment variable and the
 * repeatable option, the order of precedence, and that the output equals
 * -import / --mof of the same files.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { buildRegistry } from '../../src/etw/report/schema-sources.js';
import { InType } from '../../src/etw/schema/event-schema.js';
import { SchemaFolderIndex } from '../../src/etw/schema/folder/schema-folder-index.js';
import { splitSchemaPath } from '../../src/etw/schema/folder/schema-path.js';
import { SchemaRegistry } from '../../src/etw/schema/registry.js';
import { SchemaRank } from '../../src/etw/schema/schema-rank.js';
import { reportInProcess, scratchDir } from '../render/report-run.js';
import { CORPUS_ETL, CORPUS_SCHEMAS, etlPath, haveCorpus } from '../support/corpus.js';
import { hex, recordWith, schemaOf } from './schema-fixtures.js';

const CLR_RUNDOWN = 'a669021c-c450-4609-a035-5af59af4df18';
const DNS_CLIENT = '1c95126e-7eea-49a9-a3fe-a378b03ddb4d';
const PROCESS_CLASS = '3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c';
const TMF_GUID = '035fd70f-a54a-3c13-f6c5-f7f2b19c92ec';

/** A folder holding copies (made now) of corpus schema files, junk files and a subfolder that is not searched. */
function schemaFolder(files: string[], junk = true): string {
  const dir = scratchDir('etwkit-schemas-');
  for (const f of files) copyFileSync(join(CORPUS_SCHEMAS, f), join(dir, f));
  if (junk) {
    writeFileSync(join(dir, 'page.xml'), '<html><body>not a manifest</body></html>\n');
    writeFileSync(join(dir, 'broken.man'), '<instrumentationManifest><provider guid="{00000000-1111-2222-3333-444444444444}"');
    writeFileSync(join(dir, 'empty.mof'), 'class NotAnEvent { uint32 A; };\n');
    writeFileSync(join(dir, 'notes.txt'), 'not looked at\n');
    mkdirSync(join(dir, 'sub'));
    copyFileSync(join(CORPUS_SCHEMAS, 'Microsoft-Windows-DNS-Client.xml'), join(dir, 'sub', 'dns.xml'));
  }
  return dir;
}

function collect(): { warnings: string[]; warn: (path: string, message: string) => void } {
  const warnings: string[] = [];
  return { warnings, warn: (path, message) => warnings.push(`${path}: ${message}`) };
}

/** Decode every record of a corpus file through a report registry with these folders; how many decoded. */
function decodeAll(stem: string, index: SchemaFolderIndex): number {
  const reader = EtlReader.open([etlPath(stem)]);
  const registry = buildRegistry(reader.files, { folders: index });
  let decoded = 0;
  for (const r of reader.records()) if (registry.decode(r).error === null) decoded++;
  reader.close();
  return decoded;
}

describe('the schema path list', () => {
  it('splits on ; and on the platform delimiter, dropping empty entries', () => {
    expect(splitSchemaPath('/a;/b:/c::', ':')).toEqual(['/a', '/b', '/c']);
    expect(splitSchemaPath('C:\\schemas;D:\\more;', ';')).toEqual(['C:\\schemas', 'D:\\more']);
    expect(splitSchemaPath(undefined)).toEqual([]);
  });
});

describe('registry ranks', () => {
  const PROVIDER = '11111111-2222-3333-4444-555555555555';
  const named = (eventName: string) => schemaOf([{ name: 'A', inType: InType.UINT8, outType: 0 }], { eventName, providerId: PROVIDER });
  const nameNow = (reg: SchemaRegistry) => reg.decode(recordWith({ providerId: PROVIDER, id: 1, version: 0, payload: hex('01') })).eventName;
  const key = { providerId: PROVIDER, id: 1, version: 0 };

  it('a higher rank is kept whatever the order; the same rank is replaced by the later add', () => {
    const reg = new SchemaRegistry();
    reg.registerAs(SchemaRank.FOLDER, () => reg.addManifestEvent(named('folder'), key));
    reg.registerAs(SchemaRank.IN_TRACE, () => reg.addManifestEvent(named('trace'), key));
    expect(nameNow(reg)).toBe('folder');
    reg.addManifestEvent(named('file'), key); // command-line files: the default rank
    reg.registerAs(SchemaRank.FOLDER, () => reg.addManifestEvent(named('folder again'), key));
    expect(nameNow(reg)).toBe('file');
    reg.addManifestEvent(named('later file'), key);
    expect(nameNow(reg)).toBe('later file');
    const built = new SchemaRegistry();
    built.registerAs(SchemaRank.BUILT_IN, () => built.addMofEvent(named('built-in'), { classGuid: PROVIDER, eventType: 1 }));
    built.registerAs(SchemaRank.IN_TRACE, () => built.addMofEvent(named('trace'), { classGuid: PROVIDER, eventType: 1 }));
    expect(built.decode(recordWith({ kind: 'trace', providerId: PROVIDER, opcode: 1, payload: hex('01') })).eventName).toBe('trace');
  });
});

describe.skipIf(!haveCorpus)('schema folders', () => {
  it('indexes manifests, MOF and TMF files by GUID without parsing them; one warning per file that is not a schema', () => {
    const dir = schemaFolder(['ClrEtwAll.man', 'Microsoft-Windows-DNS-Client.xml', 'wmicore.mof']);
    copyFileSync(join(CORPUS_ETL, 'wpp-tmf', `${TMF_GUID}.tmf`), join(dir, `${TMF_GUID}.tmf`));
    copyFileSync(join(CORPUS_ETL, 'wpp-tmf', `${TMF_GUID}.tmf`), join(dir, 'renamed.tmf'));
    const { warnings, warn } = collect();
    const index = new SchemaFolderIndex([dir], warn);
    expect(index.size).toBe(6); // the three copies, two TMF files and broken.man (whose scan finds a GUID)
    expect(index.filesFor(CLR_RUNDOWN).map((f) => f.path)).toEqual([join(dir, 'ClrEtwAll.man')]);
    expect(index.filesFor(DNS_CLIENT).map((f) => f.path)).toEqual([join(dir, 'Microsoft-Windows-DNS-Client.xml')]);
    expect(index.filesFor(PROCESS_CLASS).map((f) => f.path)).toEqual([join(dir, 'wmicore.mof')]);
    expect(index.parsedPaths).toEqual([]);
    expect(warnings.sort()).toEqual([
      `${join(dir, 'empty.mof')}: not a MOF event class file (no Guid("…") qualifier); skipped`,
      `${join(dir, 'page.xml')}: not an event manifest (no <provider guid="…">); skipped`,
    ]);
    // The broken manifest names a GUID, so it is found by the scan and warned about when it is needed.
    expect(index.load(index.filesFor('00000000-1111-2222-3333-444444444444')[0]!.path)).toBeNull();
    expect(index.load(join(dir, 'broken.man'))).toBeNull();
    expect(warnings.filter((w) => w.includes('broken.man'))).toHaveLength(1);
    expect(warnings.some((w) => w.includes('notes.txt') || w.includes('dns.xml'))).toBe(false);
  });

  it('parses only the files the trace needs, once per run', () => {
    const dir = schemaFolder(['ClrEtwAll.man', 'Microsoft-Windows-DNS-Client.xml', 'Microsoft-Windows-Kernel-Process.xml', 'perfview-kerneltraceeventparser.man.xml']);
    const index = new SchemaFolderIndex([dir], collect().warn);
    expect(decodeAll('perfview-clr-rundown', index)).toBeGreaterThan(100);
    expect(index.parsedPaths).toEqual([join(dir, 'ClrEtwAll.man')]);
    decodeAll('perfview-clr-rundown', index); // a second pass of the same run
    expect(index.parsedPaths).toEqual([join(dir, 'ClrEtwAll.man')]);

    const kernel = new SchemaFolderIndex([schemaFolder(['ClrEtwAll.man', 'wmicore.mof', 'Microsoft-Windows-PowerShell.xml'])], collect().warn);
    expect(decodeAll('diaghub-kernel', kernel)).toBeGreaterThan(16000);
    expect(kernel.parsedPaths.map((p) => basename(p))).toEqual(['wmicore.mof']);
  });

  it('--schemas decodes as -import and --mof of the same files do (JSONL and XML), warning once per junk file', async () => {
    const dir = schemaFolder(['ClrEtwAll.man', 'wmicore.mof', 'Microsoft-Windows-DNS-Client.xml']);
    const out = scratchDir('etwkit-schemas-out-');
    for (const [stem, format] of [['perfview-clr-rundown', 'JSONL'], ['diaghub-kernel', 'XML']] as const) {
      const viaFolder = join(out, `${stem}-folder.${format}`);
      const viaFiles = join(out, `${stem}-files.${format}`);
      const a = await reportInProcess([etlPath(stem), '--schemas', dir, '-of', format, '-o', viaFolder, '-y']);
      const b = await reportInProcess([etlPath(stem), '-import', join(CORPUS_SCHEMAS, 'ClrEtwAll.man'), '-mof', join(CORPUS_SCHEMAS, 'wmicore.mof'), '-of', format, '-o', viaFiles, '-y']);
      expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
      expect(readFileSync(viaFolder, 'utf8') === readFileSync(viaFiles, 'utf8')).toBe(true);
      expect(a.stderr.split('\n').filter((l) => l.includes('page.xml'))).toEqual([`warning: ${join(dir, 'page.xml')}: not an event manifest (no <provider guid="…">); skipped`]);
      expect(a.stderr.split('\n').filter((l) => l.startsWith('warning: '))).toHaveLength(2);
    }
    const undecoded = join(out, 'none.jsonl');
    expect((await reportInProcess([etlPath('perfview-clr-rundown'), '-of', 'JSONL', '-o', undecoded, '-y'])).code).toBe(0);
    expect(readFileSync(undecoded, 'utf8')).not.toBe(readFileSync(join(out, 'perfview-clr-rundown-folder.JSONL'), 'utf8'));
  });

  it('--schemas folders hold TMF files too: a WPP trace renders as with -tp, by file name or by first line', async () => {
    const dir = schemaFolder([], false);
    copyFileSync(join(CORPUS_ETL, 'wpp-tmf', `${TMF_GUID}.tmf`), join(dir, 'renamed.tmf'));
    const out = scratchDir('etwkit-schemas-wpp-');
    const viaFolder = join(out, 'folder.jsonl');
    const viaTp = join(out, 'tp.jsonl');
    const a = await reportInProcess([etlPath('findneedle-wppenum2'), '--schemas', dir, '-of', 'JSONL', '-o', viaFolder, '-y']);
    const b = await reportInProcess([etlPath('findneedle-wppenum2'), '-tp', join(CORPUS_ETL, 'wpp-tmf'), '-of', 'JSONL', '-o', viaTp, '-y']);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const text = readFileSync(viaFolder, 'utf8');
    expect(text).toBe(readFileSync(viaTp, 'utf8'));
    expect(text.split('\n').filter((l) => l.includes('"header":"wpp"') && l.includes('"error":null'))).toHaveLength(1);
  });

  it('ETWKIT_SCHEMA_PATH and repeated --schemas add folders; a missing --schemas folder stops the run, a missing path entry warns', async () => {
    const clr = schemaFolder(['ClrEtwAll.man'], false);
    const kernel = schemaFolder(['wmicore.mof'], false);
    const out = scratchDir('etwkit-schemas-env-');
    const lines = async (args: string[], env: NodeJS.ProcessEnv, name: string) => {
      const r = await reportInProcess([etlPath('perfview-clr-rundown'), ...args, '-of', 'JSONL', '-o', join(out, name), '-y'], { env });
      expect(r.code, r.stderr).toBe(0);
      return { text: readFileSync(join(out, name), 'utf8'), stderr: r.stderr };
    };
    const files = await lines(['-import', join(CORPUS_SCHEMAS, 'ClrEtwAll.man'), '-mof', join(CORPUS_SCHEMAS, 'wmicore.mof')], {}, 'files.jsonl');
    const env = await lines([], { ETWKIT_SCHEMA_PATH: [join(out, 'missing'), clr, kernel].join(delimiter) }, 'env.jsonl');
    expect(env.text === files.text).toBe(true);
    expect(env.stderr).toContain(`warning: ${join(out, 'missing')}: no such schema folder; skipped`);
    const repeated = await lines(['--schemas', clr, '-schemas', kernel], {}, 'repeated.jsonl');
    expect(repeated.text === files.text).toBe(true);
    const mixed = await lines(['--schemas', kernel], { ETWKIT_SCHEMA_PATH: clr }, 'mixed.jsonl');
    expect(mixed.text === files.text).toBe(true);
    const onlyOne = await lines(['--schemas', clr], {}, 'one.jsonl');
    expect(onlyOne.text === files.text).toBe(false);

    // A summary-only run (the count pass) names kernel classes from a folder too.
    const summary = join(out, 'summary.txt');
    const s = await reportInProcess([etlPath('diaghub-kernel'), '-summary', summary, '-y'], { env: { ETWKIT_SCHEMA_PATH: kernel } });
    expect(s.code, s.stderr).toBe(0);
    expect(readFileSync(summary, 'utf8')).toMatch(/\|\s+467 {3}Process {14}0 {15}4 {15}\{3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c\}\|/);

    const missing = await reportInProcess([etlPath('perfview-clr-rundown'), '--schemas', join(out, 'nope'), '-o', join(out, 'x.xml'), '-y']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`etwkit report: ${join(out, 'nope')}: no such schema folder\n`);
  });

  it('precedence: -import beats a folder file; the first folder beats a later one', async () => {
    const manifest = readFileSync(join(CORPUS_SCHEMAS, 'ClrEtwAll.man'), 'utf8');
    const renamed = (name: string) => {
      const dir = scratchDir('etwkit-schemas-prec-');
      writeFileSync(join(dir, 'clr.man'), manifest.replace('name="Microsoft-Windows-DotNETRuntimeRundown"', `name="${name}"`));
      return dir;
    };
    const first = renamed('First-Folder');
    const second = renamed('Second-Folder');
    const out = scratchDir('etwkit-schemas-prec-out-');
    const providerNames = async (args: string[]) => {
      const file = join(out, 'p.jsonl');
      const r = await reportInProcess([etlPath('perfview-clr-rundown'), ...args, '-of', 'JSONL', '-o', file, '-y']);
      expect(r.code, r.stderr).toBe(0);
      return new Set(readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
        .filter((o) => o.provider === `{${CLR_RUNDOWN}}` && o.error === null).map((o) => o.providerName));
    };
    expect(await providerNames(['--schemas', first, '--schemas', second])).toEqual(new Set(['First-Folder']));
    expect(await providerNames(['--schemas', second, '--schemas', first])).toEqual(new Set(['Second-Folder']));
    expect(await providerNames(['--schemas', first, '-import', join(CORPUS_SCHEMAS, 'ClrEtwAll.man')])).toEqual(new Set(['Microsoft-Windows-DotNETRuntimeRundown']));
  });
});
