/**
 * The 9 WPP corpus traces formatted with their TMF files (read in place from
 * ../shared/corpus/etl/wpp-tmf): every message of every file must read exactly
 * as ../shared/corpus/oracle/wpp/<stem>.expected.json says (its `text`, or one
 * of its `accepted_alternatives` where the oracle lists a second valid form),
 * with the message number and GUID it names, in file order. Then the same
 * through the CLI's outputs: JSONL `message` and `wpp.*`, XML DebugData and
 * RenderingInfo/Message, CSV user data and the text view.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { TmfIndex } from '../../src/etw/schema/wpp/tmf-index.js';
import { WppDecoder } from '../../src/etw/schema/wpp/wpp-decoder.js';
import { CORPUS_ETL, CORPUS_ORACLE, etlPath, haveCorpus } from '../support/corpus.js';
import { reportInProcess, scratchDir } from '../render/report-run.js';

const TMF_DIR = join(CORPUS_ETL, 'wpp-tmf');
const STEMS = ['findneedle-wppbin', 'findneedle-wppemitter', 'findneedle-wppenum', 'findneedle-wppenum2', 'findneedle-wppmisc',
  'findneedle-wppndis', 'findneedle-wppstr', 'findneedle-wpptime', 'findneedle-wpptypes'];

interface Expected { index_in_file: number; msgnum: number; guid: string; text: string; accepted_alternatives?: string[] }

function expected(stem: string): Expected[] {
  return JSON.parse(readFileSync(join(CORPUS_ORACLE, 'wpp', `${stem}.expected.json`), 'utf8')).messages;
}

function formatted(stem: string): Array<{ number: number; guid: string | null; message: string | null; error: number | null }> {
  const warnings: string[] = [];
  const index = new TmfIndex((w) => warnings.push(w));
  index.addPath(TMF_DIR);
  const decoder = new WppDecoder(index);
  const reader = EtlReader.open([etlPath(stem)]);
  const out = [];
  try {
    for (const r of reader.records()) {
      if (r.kind !== 'wpp') continue;
      const d = decoder.decode(r);
      out.push({ number: r.id!, guid: r.providerId, message: d.message, error: d.error?.code ?? null });
    }
  } finally {
    reader.close();
  }
  expect(warnings).toEqual([]);
  return out;
}

describe.skipIf(!haveCorpus)('WPP corpus traces render as the oracle expects', () => {
  for (const stem of STEMS) {
    it(`${stem}: every message`, () => {
      const want = expected(stem);
      const got = formatted(stem);
      expect(got).toHaveLength(want.length);
      for (const e of want) {
        const g = got[e.index_in_file]!;
        expect(g.number, `${stem} #${e.index_in_file}`).toBe(e.msgnum);
        expect(g.guid).toBe(e.guid);
        expect(g.error).toBeNull();
        expect([e.text, ...(e.accepted_alternatives ?? [])], `${stem} #${e.index_in_file}`).toContain(g.message);
      }
    });
  }
});

describe.skipIf(!haveCorpus)('WPP messages in every output (CLI, -tp)', () => {
  const stem = 'findneedle-wpptypes';
  const want = haveCorpus ? expected(stem) : [];
  const dir = scratchDir('etwkit-wpp-');

  it('JSONL: message and wpp.component / fileLine / function / levelName / flagsName', async () => {
    const out = join(dir, 'a.jsonl');
    const r = await reportInProcess([etlPath(stem), '-tp', TMF_DIR, '-of', 'JSONL', '-o', out, '-y', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.header === 'wpp');
    expect(lines.map((l) => l.message)).toEqual(want.map((e) => e.text));
    expect(lines[4].wpp).toMatchObject({ messageNumber: 14, component: 'findneedle', fileLine: 'WppTypesEmitter_cpp28', function: 'main', levelName: 'T_ALL', flagsName: '' });
    expect(lines[4].error).toBeNull();
    expect(lines[4].payload).toBeNull();
  });

  it('XML: DebugData in the event schema order and RenderingInfo/Message', async () => {
    const out = join(dir, 'a.xml');
    const r = await reportInProcess([etlPath(stem), '-tp', TMF_DIR, '-o', out, '-y', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toContain('\t<DebugData>\n\t\t<SequenceNumber>0</SequenceNumber>\n\t\t<FlagsName />\n\t\t<LevelName>T_ALL</LevelName>\n'
      + '\t\t<Component>findneedle</Component>\n\t\t<SubComponent />\n\t\t<FileLine>WppTypesEmitter_cpp23</FileLine>\n'
      + '\t\t<Function>main</Function>\n\t\t<Message>sint i=42 neg=-1000 i64=-5000000000</Message>\n\t</DebugData>\n'
      + '\t<RenderingInfo Culture="en-US">\n\t\t<Message>sint i=42 neg=-1000 i64=-5000000000</Message>\n\t</RenderingInfo>\n');
    for (const e of want) expect(xml).toContain(`<Message>${e.text}</Message>`);
  });

  it('CSV: the message is the user data', async () => {
    const out = join(dir, 'a.csv');
    const r = await reportInProcess([etlPath(stem), '-tp', TMF_DIR, '-of', 'CSV', '-o', out, '-y', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const rows = readFileSync(out, 'utf8').split('\r\n').filter((l) => l.startsWith('{4857fab7'));
    expect(rows.map((l) => l.slice(l.lastIndexOf(',"') + 2, -1))).toEqual(want.map((e) => e.text));
  });

  it('TXT: tracefmt\'s default prefix, then the message', async () => {
    const out = join(dir, 'a.txt');
    const r = await reportInProcess([etlPath(stem), '-tp', TMF_DIR, '-of', 'TXT', '-o', out, '-y', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').split('\n').filter((l) => l.includes('[findneedle]'));
    expect(lines).toHaveLength(want.length);
    expect(lines[0]).toMatch(/^\[10\]79A8\.2D3C::07\/31\/2026-09:02:55\.\d{3} \[findneedle\]sint i=42 neg=-1000 i64=-5000000000$/);
  });

  it('without a TMF for the GUID: tracefmt\'s Unknown line, the payload kept as hex, exit 0', async () => {
    const out = join(dir, 'u.jsonl');
    const r = await reportInProcess([etlPath(stem), '-tmf', join(TMF_DIR, '035fd70f-a54a-3c13-f6c5-f7f2b19c92ec.tmf'), '-of', 'JSONL', '-o', out, '-y', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.header === 'wpp');
    expect(lines[0].message).toBe('Unknown( 10): GUID=4857fab7-1162-3184-360b-cdd863ddf4ea (No Format Information found).');
    expect(lines[0].error).toBe(1168);
    expect(lines[0].payload).toBe('2A00000018FCFFFF000EFAD5FEFFFFFF');
  });

  it('XML without a TMF for the GUID: DebugData as tracerpt writes it (FileLine the number, Message the Unknown line)', async () => {
    const out = join(dir, 'u.xml');
    const r = await reportInProcess([etlPath(stem), '-tmf', join(TMF_DIR, '035fd70f-a54a-3c13-f6c5-f7f2b19c92ec.tmf'), '-o', out, '-y', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('\t<DebugData>\n\t\t<SequenceNumber>0</SequenceNumber>\n\t\t<FlagsName />\n\t\t<LevelName />\n'
      + '\t\t<Component />\n\t\t<SubComponent />\n\t\t<FileLine> 10</FileLine>\n\t\t<Function />\n'
      + '\t\t<Message>Unknown( 10): GUID=4857fab7-1162-3184-360b-cdd863ddf4ea (No Format Information found).</Message>\n\t</DebugData>\n</Event>\n');
  });

  it('without any TMF source the outputs stay as they were (payload as hex, no message)', async () => {
    const out = join(dir, 'n.jsonl');
    const r = await reportInProcess([etlPath(stem), '-of', 'JSONL', '-o', out, '-y', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const wpp = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.header === 'wpp');
    expect(wpp[0].message).toBeNull();
    expect(wpp[0].error).toBe(1168);
    expect(Object.keys(wpp[0].wpp)).toEqual(['messageNumber', 'optionFlags', 'sequence', 'componentId', 'messageGuid']);
  });
});
