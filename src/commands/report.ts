/**
 * `etwkit report`: tracerpt's job — turn .etl files into a dump (XML, CSV, JSON
 * lines), a summary and a report, on any OS. tracerpt's own spelling
 * (`-o`, `-of CSV`, `-summary`, `-y`, …) is translated into these flags before
 * oclif parses (src/cli/tracerpt-args.ts); the run lives in src/cli/tracerpt-report.ts.
 */
import { Command, Flags } from '@oclif/core';
import { runReportCommand } from '../cli/tracerpt-report.js';

export default class Report extends Command {
  static override summary = 'Read .etl trace files and write tracerpt\'s dumpfile.xml / CSV / summary.txt, on any OS.';

  static override description = `Reads one or more .etl files (merged in time order) and writes, as tracerpt does, a dump
(XML by default, or CSV; JSON lines is ours), a summary and optionally a report. With no output
option it writes dumpfile.xml and summary.txt. tracerpt's spelling works unchanged: single-dash,
case-insensitive options before or after the files, e.g. \`etwkit report -y trace.etl\`.

Docker etwlogs events (provider {a3693192-9ed6-46d2-a981-f8226c8363bd}) are split into
container_name, image_name, container_id, image_id, source and log; --docker keeps only them
as a compact table.

Exit codes: 0 success; 1 an input (or -import file) cannot be read; 2 bad or unimplemented option;
3 damaged input (all readable events written; 0 with -lr); 4 an output exists without -y, or
cannot be written; 130 interrupted.`;

  static override strict = false;

  static override usage = ['report [-l] FILE... [-o [FILE]] [-of XML|CSV|JSONL] [-summary [FILE]] [-report [FILE]] [-f XML|HTML] [-y] [-lr] [-en ANSI|Unicode] [-rts] [-import FILE...] [--docker] [--quiet]'];

  static override examples = [
    { description: 'tracerpt\'s default: dumpfile.xml and summary.txt, overwriting them', command: '<%= config.bin %> report -y trace.etl' },
    { description: 'CSV dump of two merged files, UTF-16 with BOM', command: '<%= config.bin %> report a.etl b.etl -o dump.csv -of CSV -en Unicode -y' },
    { description: 'Only the summary', command: '<%= config.bin %> report trace.etl -summary summary.txt -y' },
    { description: 'Decode EventSource events with their manifest', command: '<%= config.bin %> report trace.etl -import MyEventSource.man -o trace.xml -of XML' },
    { description: 'A report page next to the dump', command: '<%= config.bin %> report trace.etl -o -report report.html -f HTML -y' },
    { description: 'Docker container logs (logman start DockerContainerLogs -p {a3693192-9ed6-46d2-a981-f8226c8363bd} … -ets) as a table', command: '<%= config.bin %> report trace.etl --docker -of CSV -o logs.csv -y' },
    { description: 'Docker logs as JSON lines on standard output, filtered with jq', command: '<%= config.bin %> report trace.etl --docker -of JSONL -o - | jq -r \'select(.source=="stderr") | .log\'' },
    { description: 'Every event as JSON lines on standard output', command: '<%= config.bin %> report trace.etl -of JSONL -o -' },
  ];

  static override flags = {
    output: Flags.string({ description: 'dump file (tracerpt -o); - writes it to standard output', helpValue: 'FILE' }),
    'default-output': Flags.boolean({ hidden: true, description: 'tracerpt -o without a file name' }),
    format: Flags.string({ description: 'dump format (tracerpt -of): XML, CSV or JSONL', helpValue: 'XML|CSV|JSONL' }),
    summary: Flags.string({ description: 'summary file (tracerpt -summary; default summary.txt)', helpValue: 'FILE' }),
    'default-summary': Flags.boolean({ hidden: true, description: 'tracerpt -summary without a file name' }),
    report: Flags.string({ description: 'report file (tracerpt -report; default workload.xml)', helpValue: 'FILE' }),
    'default-report': Flags.boolean({ hidden: true, description: 'tracerpt -report without a file name' }),
    'report-format': Flags.string({ description: 'report format (tracerpt -f): XML or HTML', helpValue: 'XML|HTML' }),
    'report-level': Flags.string({ description: 'report detail 1-5 (tracerpt -rl)', helpValue: 'N' }),
    encoding: Flags.string({ description: 'CSV encoding (tracerpt -en): ANSI (we write UTF-8) or Unicode (UTF-16LE with BOM)', helpValue: 'ANSI|Unicode' }),
    yes: Flags.boolean({ description: 'overwrite existing outputs without asking (tracerpt -y)' }),
    'less-restrictive': Flags.boolean({ description: 'damaged input is not an error (exit 0 after writing what could be read), and a payload that does not fit its schema shows the fields that do (tracerpt -lr)' }),
    gmt: Flags.boolean({ description: 'WPP payload times in GMT (tracerpt -gmt; no effect until WPP decoding lands)' }),
    'raw-timestamp': Flags.boolean({ description: 'raw session-clock timestamps in the dump (tracerpt -rts): RawTime attribute in XML, Clock-Time in CSV' }),
    import: Flags.string({ multiple: true, description: 'event manifest(s) to decode providers with (tracerpt -import)', helpValue: 'FILE' }),
    mof: Flags.string({ multiple: true, description: 'MOF class file(s) to decode classic (MOF) events with (etwkit addition)', helpValue: 'FILE' }),
    docker: Flags.boolean({ description: 'only Docker etwlogs events, as a table: TimeCreated, container_name, image_name, container_id, image_id, source, log, ProcessID, ThreadID' }),
    quiet: Flags.boolean({ description: 'no console text (warnings and errors still go to stderr)' }),
    config: Flags.string({ description: 'settings file (tracerpt -config; not implemented yet)', helpValue: 'FILE' }),
    tmf: Flags.string({ description: 'WPP TMF file (tracerpt -tmf; not implemented yet)', helpValue: 'FILE' }),
    'tmf-path': Flags.string({ description: 'TMF search path (tracerpt -tp; not implemented yet)', helpValue: 'PATH' }),
    'image-path': Flags.string({ description: 'provider image path (tracerpt -i; not implemented yet)', helpValue: 'PATH' }),
    pdb: Flags.string({ description: 'symbol server path (tracerpt -pdb; not implemented yet)', helpValue: 'PATH' }),
    realtime: Flags.string({ multiple: true, description: 'real-time session(s) (tracerpt -rt; not implemented yet)', helpValue: 'SESSION' }),
    'counting-schema': Flags.string({ description: 'counting/reporting schema (tracerpt -df; not implemented yet)', helpValue: 'FILE' }),
    interpret: Flags.string({ description: 'interpreted event structure dump (tracerpt -int; not implemented yet)', helpValue: 'FILE' }),
    export: Flags.string({ description: 'event schema export (tracerpt -export; not implemented yet)', helpValue: 'FILE' }),
    'default-export': Flags.boolean({ hidden: true, description: 'tracerpt -export without a file name' }),
    'argument-error': Flags.string({ hidden: true, multiple: true, description: 'a tracerpt-spelling problem found before parsing' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Report);
    const code = await runReportCommand({
      files: argv as string[],
      output: flags.output,
      defaultOutput: flags['default-output'],
      format: flags.format,
      summary: flags.summary,
      defaultSummary: flags['default-summary'],
      report: flags.report,
      defaultReport: flags['default-report'],
      reportFormat: flags['report-format'],
      reportLevel: flags['report-level'],
      encoding: flags.encoding,
      yes: flags.yes,
      lessRestrictive: flags['less-restrictive'],
      gmt: flags.gmt,
      rawTimestamp: flags['raw-timestamp'],
      import: flags.import,
      mof: flags.mof,
      docker: flags.docker,
      quiet: flags.quiet,
      config: flags.config,
      tmf: flags.tmf,
      tmfPath: flags['tmf-path'],
      imagePath: flags['image-path'],
      pdb: flags.pdb,
      realtime: flags.realtime,
      countingSchema: flags['counting-schema'],
      interpret: flags.interpret,
      export: flags.export,
      defaultExport: flags['default-export'],
      argumentError: flags['argument-error'],
    });
    if (code !== 0) {
      // Exiting drops writes still queued on a pipe (`2>&1 | tee log` lost the warnings): let both drain first.
      await Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((done) => s.write('', () => done()))));
      this.exit(code);
    }
  }
}
