/**
 * tracerpt spelling → native flags, and the plan each command line leads to.
 * The usage-text examples of docs/tracerpt.md §1 are the test vectors.
 */
import { describe, expect, it } from 'vitest';
import { translateTracerptArgs, TRACERPT_OPTIONS } from '../../src/cli/tracerpt-args.js';
import { planReport, UsageError, type ReportOptions } from '../../src/etw/report/report-plan.js';
import { parseNative } from '../render/report-run.js';

function optionsOf(argv: string[]): ReportOptions {
  return parseNative(translateTracerptArgs(argv));
}

const plan = (line: string) => planReport(optionsOf(line.split(' ').slice(1)));

describe('translateTracerptArgs', () => {
  it('knows every option of the usage text', () => {
    for (const name of ['l', 'o', 'of', 'summary', 'report', 'f', 'y', 'lr', 'en', 'gmt', 'rts', 'config', 'import', 'tmf', 'tp', 'i', 'pdb', 'rt', 'df', 'int', 'export', 'rl', '?']) {
      expect(TRACERPT_OPTIONS[name], name).toBeDefined();
    }
  });

  it('maps single-dash, case-insensitive options, before or after the files', () => {
    expect(translateTracerptArgs(['-Y', 'a.etl', '-OF', 'csv', '-O', 'x.csv'])).toEqual(['--yes', 'a.etl', '--format', 'csv', '--output', 'x.csv']);
    expect(translateTracerptArgs(['/y', '/of', 'XML', 'a.etl'])).toEqual(['--yes', '--format', 'XML', 'a.etl']);
  });

  it('spells the filters and time options with one dash too, and passes their native forms through', () => {
    expect(translateTracerptArgs(['a.etl', '-Provider', 'X', '-provider', '{00000000-0000-0000-0000-000000000001}', '-Level', '4', '-since', '+5s', '-TZ', 'Europe/Berlin']))
      .toEqual(['a.etl', '--provider', 'X', '--provider', '{00000000-0000-0000-0000-000000000001}', '--level', '4', '--since', '+5s', '--tz', 'Europe/Berlin']);
    expect(translateTracerptArgs(['a.etl', '--pid', '4,8', '--until', '2024-10-27T03:00:00+02:00', '--time', 'local']))
      .toEqual(['a.etl', '--pid', '4,8', '--until', '2024-10-27T03:00:00+02:00', '--time', 'local']);
    const p = planReport(optionsOf(['a.etl', '-provider', 'X', '-provider', 'Y', '-id', '1,2', '-docker-container', 'web', '-tz', 'UTC']));
    expect(p.filter).toMatchObject({ providerNames: ['X', 'Y'], ids: [1, 2], dockerContainer: 'web', description: '--provider X --provider Y --id 1,2 --docker-container web' });
    expect(p.localTime?.zone).toBe('UTC');
    expect(planReport(optionsOf(['a.etl'])).filter).toBeNull();
    expect(planReport(optionsOf(['a.etl'])).localTime).toBeNull();
  });

  it('-l marks files and emits nothing', () => {
    expect(translateTracerptArgs(['-l', 'a.etl', 'b.etl', '-y'])).toEqual(['a.etl', 'b.etl', '--yes']);
  });

  it('optional values: a following option means the default name', () => {
    expect(translateTracerptArgs(['a.etl', 'b.etl', '-o', '-report'])).toEqual(['a.etl', 'b.etl', '--default-output', '--default-report']);
    expect(translateTracerptArgs(['a.etl', '-summary'])).toEqual(['a.etl', '--default-summary']);
  });

  it('-o - is standard output, not an option', () => {
    expect(translateTracerptArgs(['a.etl', '-o', '-'])).toEqual(['a.etl', '--output', '-']);
  });

  it('-import takes several files up to the next option or .etl file', () => {
    expect(translateTracerptArgs(['-import', 'a.man', 'b.man', 'x.etl', '-y'])).toEqual(['--import', 'a.man', '--import', 'b.man', 'x.etl', '--yes']);
  });

  it('native long flags pass through untouched', () => {
    expect(translateTracerptArgs(['--output', 'x.xml', '--docker', 'a.etl'])).toEqual(['--output', 'x.xml', '--docker', 'a.etl']);
  });

  it('reports unknown options and missing values as argument errors', () => {
    expect(translateTracerptArgs(['-bogus', 'a.etl'])).toEqual(['--argument-error', 'unknown option -bogus', 'a.etl']);
    expect(translateTracerptArgs(['a.etl', '-of'])).toEqual(['a.etl', '--argument-error', '-of needs a value']);
    expect(translateTracerptArgs(['-? '.trim()])).toEqual(['--help']);
  });

  it('a path that merely starts with / is a file, not an option', () => {
    expect(translateTracerptArgs(['/tmp/trace.etl', '-y'])).toEqual(['/tmp/trace.etl', '--yes']);
  });
});

describe('usage-text examples (docs/tracerpt.md §1)', () => {
  it('tracerpt logfile1.etl logfile2.etl -o logdump.xml -of XML', () => {
    const p = plan('tracerpt logfile1.etl logfile2.etl -o logdump.xml -of XML');
    expect(p.inputs).toEqual(['logfile1.etl', 'logfile2.etl']);
    expect(p.dump).toEqual({ path: 'logdump.xml', format: 'XML', unicode: false });
    expect(p.summary).toBeNull();
    expect(p.report).toBeNull();
  });

  it('tracerpt logfile.etl -o logdmp.xml -of XML -lr -summary logdmp.txt -report logrpt.xml', () => {
    const p = plan('tracerpt logfile.etl -o logdmp.xml -of XML -lr -summary logdmp.txt -report logrpt.xml');
    expect(p.dump?.path).toBe('logdmp.xml');
    expect(p.lessRestrictive).toBe(true);
    expect(p.summary).toBe('logdmp.txt');
    expect(p.report).toEqual({ path: 'logrpt.xml', format: 'XML', level: 1 });
  });

  it('tracerpt logfile1.etl logfile2.etl -o -report', () => {
    const p = plan('tracerpt logfile1.etl logfile2.etl -o -report');
    expect(p.inputs).toEqual(['logfile1.etl', 'logfile2.etl']);
    expect(p.dump?.path).toBe('dumpfile.xml');
    expect(p.report?.path).toBe('workload.xml');
    expect(p.summary).toBeNull();
  });

  it('tracerpt logfile.etl counterfile.blg -report logrpt.xml -df schema.xml: -df is not implemented yet', () => {
    expect(() => plan('tracerpt logfile.etl counterfile.blg -report logrpt.xml -df schema.xml')).toThrow(/-df .*not implemented yet/);
  });

  it('tracerpt -rt "NT Kernel Logger" -o logfile.csv -of CSV: the session is the input, the CSV dump the output', () => {
    const o = optionsOf(['-rt', 'NT Kernel Logger', '-o', 'logfile.csv', '-of', 'CSV']);
    expect(o.realtime).toEqual(['NT Kernel Logger']);
    const p = planReport(o);
    expect([p.sessions, p.inputs, p.dump?.path, p.dump?.format, p.summary]).toEqual([['NT Kernel Logger'], [], 'logfile.csv', 'CSV', null]);
  });

  it('tracerpt clrevents.etl → dumpfile.xml and summary.txt', () => {
    const p = plan('tracerpt clrevents.etl');
    expect(p.dump?.path).toBe('dumpfile.xml');
    expect(p.summary).toBe('summary.txt');
  });

  it('tracerpt -l x.etl -o x.csv -gmt -y -of CSV -en Unicode', () => {
    const p = plan('tracerpt -l x.etl -o x.csv -gmt -y -of CSV -en Unicode');
    expect(p.dump).toEqual({ path: 'x.csv', format: 'CSV', unicode: true });
  });

  it('tracerpt spy_events.etl -y -summary summary.txt → only the summary', () => {
    const p = plan('tracerpt spy_events.etl -y -summary summary.txt');
    expect(p.dump).toBeNull();
    expect(p.summary).toBe('summary.txt');
  });

  it('tracerpt.exe x.etl -o -report -f html', () => {
    const p = plan('tracerpt.exe x.etl -o -report -f html');
    expect(p.report).toEqual({ path: 'workload.html', format: 'HTML', level: 1 });
  });

  it('tracerpt -of EVTX test.etl -o test.evtx -summary test-summary.xml → an EVTX dump and the summary', () => {
    const p = plan('tracerpt -of EVTX test.etl -o test.evtx -summary test-summary.xml');
    expect(p.dump).toEqual({ path: 'test.evtx', format: 'EVTX', unicode: false });
    expect(p.summary).toBe('test-summary.xml');
  });

  it('-of evtx without a name writes dumpfile.evtx (any case); not to standard output', () => {
    expect(plan('tracerpt t.etl -of evtx').dump).toEqual({ path: 'dumpfile.evtx', format: 'EVTX', unicode: false });
    expect(() => plan('tracerpt t.etl -of EVTX -o -')).toThrow(/-of EVTX cannot go to standard output/);
    expect(() => plan('tracerpt t.etl -of EVTX -en Unicode')).toThrow(/-en applies only to -of CSV/);
  });

  it('tracerpt.exe -l S.etl -import E.man -o S.xml -of XML', () => {
    const p = plan('tracerpt.exe -l S.etl -import E.man -o S.xml -of XML');
    expect(p.imports).toEqual(['E.man']);
    expect(p.inputs).toEqual(['S.etl']);
  });

  it('x.etl -o dump.xml -of XML -summary summary.txt -report report.html -f HTML -y', () => {
    const p = plan('tracerpt x.etl -o dump.xml -of XML -summary summary.txt -report report.html -f HTML -y');
    expect(p.dump?.path).toBe('dump.xml');
    expect(p.summary).toBe('summary.txt');
    expect(p.report).toEqual({ path: 'report.html', format: 'HTML', level: 1 });
  });
});

describe('planReport: defaults and refusals', () => {
  it('the dump default name follows the format', () => {
    expect(plan('t a.etl -of CSV').dump?.path).toBe('dumpfile.csv');
    expect(plan('t a.etl -of JSONL -o').dump?.path).toBe('dumpfile.jsonl');
  });

  it('--docker alone still writes the dump and the summary', () => {
    const p = plan('t a.etl -docker');
    expect(p.docker).toBe(true);
    expect(p.dump?.path).toBe('dumpfile.xml');
    expect(p.summary).toBe('summary.txt');
  });

  it.each([
    ['t a.etl -i C:\\bin', /-i .*not implemented yet/],
    ['t a.etl -pdb srv', /-pdb .*not implemented yet/],
    ['t a.etl -int x.txt', /-int .*not implemented yet/],
    ['t a.etl -config c.txt', /-config .*not implemented yet/],
    ['t a.etl -export -', /only the dump/],
    ['t a.etl -o x.man -export x.man', /named for two outputs/],
    ['t a.etl -of XML -en Unicode', /-en applies only to -of CSV/],
    ['t a.etl -f HTML', /-f applies only to -report/],
    ['t a.etl -report -rl 9', /-rl 9/],
    ['t a.etl -rts', /-rts works only with -o/],
    ['t a.etl -o x.xml -summary -rts', /-rts works only with -o/],
    ['t a.etl -of PDF', /-of PDF: unknown dump format/],
    ['t -y', /no input file/],
    ['t a.etl -o b.etl', /refusing to write an output over an \.etl name/],
    ['t a.etl -o x.txt -summary x.txt', /named for two outputs/],
    ['t a.etl -summary -', /only the dump/],
    ['t a.etl -wat', /unknown option -wat/],
  ])('%s', (line, message) => {
    expect(() => plan(line)).toThrow(UsageError);
    expect(() => plan(line)).toThrow(message);
  });

  it('-export takes an optional name (tracerpt\'s default schema.man); --no-trace-schemas turns the trace\'s schemas off', () => {
    expect(plan('t a.etl -export').export).toBe('schema.man');
    expect(plan('t a.etl -export s.man').export).toBe('s.man');
    expect(plan('t a.etl').export).toBeNull();
    expect(plan('t a.etl').traceSchemas).toBe(true);
    expect(plan('t a.etl --no-trace-schemas').traceSchemas).toBe(false);
  });

  it('-tmf FILE and -tp PATH (WPP) are taken; -of TXT (or text) writes dumpfile.txt', () => {
    const p = plan('t a.etl -tmf x.tmf -tp C:\\tmf;D:\\tmf');
    expect(p.tmf).toEqual({ tmfFiles: ['x.tmf'], tmfPaths: ['C:\\tmf;D:\\tmf'], searchPathVariable: undefined });
    expect(plan('t a.etl -of TXT -o').dump).toMatchObject({ path: 'dumpfile.txt', format: 'TXT' });
    expect(plan('t a.etl -of text -o').dump).toMatchObject({ path: 'dumpfile.txt', format: 'TXT' });
  });

  it('-rts with -o alone is fine', () => {
    expect(plan('t a.etl -o x.csv -of CSV -rts').rawTimestamp).toBe(true);
  });

  it('-o - means standard output', () => {
    expect(plan('t a.etl -of JSONL -o -').dumpToStdout).toBe(true);
  });
});
