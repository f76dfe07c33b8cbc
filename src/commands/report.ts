/**
 * `etwkit report`: tracerpt's job — turn .etl files into a dump (XML, CSV, JSON
 * lines), a summary and a report, on any OS. tracerpt's own spelling
 * (`-o`, `-of CSV`, `-summary`, `-y`, …) is translated into these flags before
 * oclif parses (src/cli/tracerpt-args.ts); src/cli/tracerpt-report.ts prints around the
 * run, which lives in src/etw/report/run-report-plan.ts.
 */
import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import { runReportCommand } from '../cli/tracerpt-report.js';

export default class Report extends Command {
  static override summary = 'Read .etl trace files and write tracerpt\'s dumpfile.xml / CSV / summary.txt, on any OS.';

  static override description = `Reads one or more .etl files (merged in time order) and writes, as tracerpt does, a dump
(XML by default, or CSV; JSON lines and text are ours), a summary and optionally a report. With no output
option it writes dumpfile.xml and summary.txt. tracerpt's spelling works unchanged: single-dash,
case-insensitive options before or after the files, e.g. \`etwkit report -y trace.etl\`.

Payloads are decoded with the schemas the trace carries, the files of -import
and --mof, and the schema folders of --schemas and ETWKIT_SCHEMA_PATH (a list
separated by ; or the path delimiter): the .man, .xml, .mof and .tmf files
directly in each folder, parsed only for the GUIDs the trace holds.
-import and --mof files win over folder files, which win over schemas in the
trace, which win over built-in classes, which win (on Windows) over the providers
registered on the machine (TDH). --no-trace-schemas ignores the schemas in the trace. -export FILE writes the schemas the report used as a manifest that -import
reads back. JSON lines carry providerName, eventName (the task
or class name, or a TraceLogging event's name), opcodeName and levelName from
the schema that decoded each event, null where none names it.

Docker etwlogs events (provider {a3693192-9ed6-46d2-a981-f8226c8363bd}) are split into
container_name, image_name, container_id, image_id, source and log; --docker keeps only them
as a compact table.

WPP messages are formatted with TMF files (-tmf FILE, -tp PATH, TRACE_FORMAT_SEARCH_PATH): the
message is RenderingInfo/Message and DebugData in XML, the user data in CSV, message and wpp.* in
JSON lines; a message without a TMF reads "Unknown( N): GUID=… (No Format Information found).".
-of TXT writes one line per event with tracefmt's prefix (TRACE_FORMAT_PREFIX or --prefix).
Filters keep only some events in every output (all given must hold; the summary says what
was dropped): --provider, --id, --level (at or below; level 0 LogAlways always passes),
--keywords (any bit), --pid, --tid, --since/--until (ISO-8601 or +5s from the trace start),
--docker-container. Times are UTC; --time local or --tz ZONE writes them as tracerpt does.

-rt SESSION (Windows) reads running real-time sessions instead of files, with
the same decoding and outputs, as the events arrive. The report ends when the
sessions are stopped (etwkit stop NAME -ets) or at Ctrl-C, which completes the
outputs, reports the events each session lost (from its statistics) and exits
130. Where Windows can (8 and later) whole buffers are read and merged into time
order across processors and sessions; else, or with --rt-events, one event at a
time (--verbose says which).

Exit codes: 0 success; 1 an input (or -import file) cannot be read; 2 bad or unimplemented option;
3 damaged input (all readable events written; 0 with -lr); 4 an output exists without -y, or
cannot be written; 130 interrupted.`;

  static override strict = false;

  static override usage = ['report [-l] FILE... | -rt SESSION... [--rt-buffers|--rt-events] [--verbose] [-o [FILE]] [-of XML|CSV|EVTX|JSONL|TXT] [-summary [FILE]] [-report [FILE]] [-f XML|HTML] [-y] [-lr] [-en ANSI|Unicode] [-rts] [-import FILE...] [--mof FILE...] [-export [FILE]] [--no-trace-schemas] [--schemas DIR...] [-tmf FILE] [-tp PATH] [--prefix FORMAT] [--docker] [--quiet] [--provider NAME|GUID]... [--id N[,N…]] [--level N] [--keywords MASK] [--pid N[,N…]] [--tid N[,N…]] [--since TIME] [--until TIME] [--docker-container NAME|ID] [--time local|utc] [--tz ZONE] [--threads N]'];

  static override examples = [
    { description: 'tracerpt\'s default: dumpfile.xml and summary.txt, overwriting them', command: '<%= config.bin %> report -y trace.etl' },
    { description: 'CSV dump of two merged files, UTF-16 with BOM', command: '<%= config.bin %> report a.etl b.etl -o dump.csv -of CSV -en Unicode -y' },
    { description: 'Only the summary', command: '<%= config.bin %> report trace.etl -summary summary.txt -y' },
    { description: 'Decode EventSource events with their manifest', command: '<%= config.bin %> report trace.etl -import MyEventSource.man -o trace.xml -of XML' },
    { description: 'Export the schemas a trace carries, then check them against the trace without its own', command: '<%= config.bin %> report trace.etl -export trace.man -o trace.xml && <%= config.bin %> report trace.etl -import trace.man --no-trace-schemas -o check.xml' },
    { description: 'Decode with the manifests and MOF files of a folder; each JSON line names its provider, event, opcode and level', command: '<%= config.bin %> report trace.etl --schemas ./manifests -of JSONL -o -' },
    { description: 'A report page next to the dump', command: '<%= config.bin %> report trace.etl -o -report report.html -f HTML -y' },
    { description: 'Docker container logs (logman start DockerContainerLogs -p {a3693192-9ed6-46d2-a981-f8226c8363bd} … -ets) as a table', command: '<%= config.bin %> report trace.etl --docker -of CSV -o logs.csv -y' },
    { description: 'Docker logs as JSON lines on standard output, filtered with jq', command: '<%= config.bin %> report trace.etl --docker -of JSONL -o - | jq -r \'select(.source=="stderr") | .log\'' },
    { description: 'Every event as JSON lines on standard output', command: '<%= config.bin %> report trace.etl -of JSONL -o -' },
    { description: 'Live tail of Docker container logs (Windows): a real-time session, then its lines as JSON while they are logged; Ctrl-C ends it', command: '<%= config.bin %> start DockerContainerLogs -p "{a3693192-9ed6-46d2-a981-f8226c8363bd}" -rt -ets && <%= config.bin %> report -rt DockerContainerLogs --docker -of JSONL -o -' },
    { description: 'Two real-time sessions merged into a CSV dump and a summary, until both are stopped', command: '<%= config.bin %> report -rt SessionA -rt SessionB -o live.csv -of CSV -summary live.txt -y' },
    { description: 'A busy session read as whole buffers (the default on Windows 8 and later; --rt-buffers makes their absence an error), merged into time order across processors', command: '<%= config.bin %> report -rt "NT Kernel Logger" --rt-buffers -of JSONL -o kernel.jsonl -y' },
    { description: 'WPP messages formatted with the TMF files of a folder, as XML', command: '<%= config.bin %> report driver.etl -tp C:\\symbols\\tmf -o driver.xml -y' },
    { description: 'A readable, greppable text trace as tracefmt writes it (WPP formatted with one TMF file)', command: '<%= config.bin %> report driver.etl -tmf driver.tmf -of TXT -o - | grep -i error' },
    { description: 'Text with a shorter prefix (also TRACE_FORMAT_PREFIX); TMF folders from TRACE_FORMAT_SEARCH_PATH', command: 'TRACE_FORMAT_SEARCH_PATH=./tmf <%= config.bin %> report driver.etl -of TXT --prefix "%4!s! %!FUNC!: " -o driver.txt' },
    { description: 'Warnings and worse of one provider, from 30 s into the trace on', command: '<%= config.bin %> report trace.etl -of JSONL -o - --provider Microsoft-Windows-DotNETRuntime --level 3 --since +30s' },
    { description: 'The XML dump with times as tracerpt writes them on a machine in Berlin', command: '<%= config.bin %> report trace.etl -o dumpfile.xml --tz Europe/Berlin -y' },
    { description: 'A Windows event log file (Event Viewer, Get-WinEvent -Path, EVTX tools)', command: '<%= config.bin %> report trace.etl -of EVTX -o trace.evtx -y' },
  ];

  static override flags = {
    output: Flags.string({ description: 'dump file (tracerpt -o); - writes it to standard output', helpValue: 'FILE' }),
    'default-output': Flags.boolean({ hidden: true, description: 'tracerpt -o without a file name' }),
    format: Flags.string({ description: 'dump format (tracerpt -of): XML, CSV, EVTX (a Windows event log file), JSONL or TXT (text, one line per event as tracefmt writes it)', helpValue: 'XML|CSV|EVTX|JSONL|TXT' }),
    summary: Flags.string({ description: 'summary file (tracerpt -summary; default summary.txt)', helpValue: 'FILE' }),
    'default-summary': Flags.boolean({ hidden: true, description: 'tracerpt -summary without a file name' }),
    report: Flags.string({ description: 'report file (tracerpt -report; default workload.xml)', helpValue: 'FILE' }),
    'default-report': Flags.boolean({ hidden: true, description: 'tracerpt -report without a file name' }),
    'report-format': Flags.string({ description: 'report format (tracerpt -f): XML or HTML', helpValue: 'XML|HTML' }),
    'report-level': Flags.string({ description: 'report detail 1-5 (tracerpt -rl)', helpValue: 'N' }),
    encoding: Flags.string({ description: 'CSV encoding (tracerpt -en): ANSI (we write UTF-8) or Unicode (UTF-16LE with BOM)', helpValue: 'ANSI|Unicode' }),
    yes: Flags.boolean({ description: 'overwrite existing outputs without asking (tracerpt -y)' }),
    'less-restrictive': Flags.boolean({ description: 'damaged input is not an error (exit 0 after writing what could be read), and a payload that does not fit its schema shows the fields that do (tracerpt -lr)' }),
    gmt: Flags.boolean({ description: 'WPP payload times in GMT (tracerpt -gmt; etwkit always writes UTC, so it changes nothing)' }),
    'raw-timestamp': Flags.boolean({ description: 'raw session-clock timestamps in the dump (tracerpt -rts): RawTime attribute in XML and EVTX, Clock-Time in CSV' }),
    import: Flags.string({ multiple: true, multipleNonGreedy: true, description: 'event manifest(s) to decode providers with (tracerpt -import)', helpValue: 'FILE' }),
    mof: Flags.string({ multiple: true, multipleNonGreedy: true, description: 'MOF class file(s) to decode classic (MOF) events with (etwkit addition)', helpValue: 'FILE' }),
    schemas: Flags.string({ multiple: true, multipleNonGreedy: true, description: 'schema folder(s): the .man, .xml, .mof and .tmf files directly in them, parsed only for the providers a trace holds; ETWKIT_SCHEMA_PATH adds more (etwkit addition)', helpValue: 'DIR' }),
    docker: Flags.boolean({ description: 'only Docker etwlogs events, as a table: TimeCreated, container_name, image_name, container_id, image_id, source, log, ProcessID, ThreadID' }),
    provider: Flags.string({ multiple: true, multipleNonGreedy: true, description: 'keep events of this provider: a {GUID} or the name its schema gives (repeatable; any of them)', helpValue: 'NAME|GUID' }),
    id: Flags.string({ description: 'keep events with one of these event ids', helpValue: 'N[,N…]' }),
    level: Flags.string({ description: 'keep events at this level or below (1 critical … 5 verbose); level 0 (LogAlways) always passes', helpValue: 'N' }),
    keywords: Flags.string({ description: 'keep events with any bit of this keyword mask', helpValue: 'MASK' }),
    pid: Flags.string({ description: 'keep events of these process ids', helpValue: 'N[,N…]' }),
    tid: Flags.string({ description: 'keep events of these thread ids', helpValue: 'N[,N…]' }),
    since: Flags.string({ description: 'keep events at or after this time: ISO-8601, or after the trace start (+5s, +1.5m, +250ms)', helpValue: 'TIME' }),
    until: Flags.string({ description: 'keep events before this time (same forms as --since)', helpValue: 'TIME' }),
    'docker-container': Flags.string({ description: 'keep Docker etwlogs lines of this container (name, id, or id prefix of 12+ hex digits)', helpValue: 'NAME|ID' }),
    time: Flags.string({ description: 'write times in UTC (default, …Z) or, as tracerpt does, in this machine\'s local time with its offset', helpValue: 'local|utc' }),
    tz: Flags.string({ description: 'write local times in this IANA time zone (e.g. Europe/Berlin), as tracerpt would on a machine there', helpValue: 'ZONE' }),
    quiet: Flags.boolean({ description: 'no console text (warnings and errors still go to stderr)' }),
    threads: Flags.string({ description: 'threads rendering the events (default: every core, at most 2, for inputs of 512 MiB or more; 1: one thread); the output is the same for any number. EVTX, -report, -export and -rt use one', helpValue: 'N' }),
    'thread-slice-bytes': Flags.string({ hidden: true, description: 'bytes of buffers per time slice of a threaded run (tests)' }),
    config: Flags.string({ description: 'settings file (tracerpt -config; not implemented yet)', helpValue: 'FILE' }),
    tmf: Flags.string({ description: 'WPP trace message format file (tracerpt -tmf): WPP messages are formatted with it', helpValue: 'FILE' }),
    'tmf-path': Flags.string({ description: 'TMF search path (tracerpt -tp): folders of <GUID>.tmf files or TMF files, ;-separated; TRACE_FORMAT_SEARCH_PATH adds more', helpValue: 'PATH' }),
    prefix: Flags.string({ description: 'line prefix of -of TXT, a tracefmt format string (default TRACE_FORMAT_PREFIX, else [%9!d!]%8!04X!.%3!04X!::%4!s! [%1!s!])', helpValue: 'FORMAT' }),
    'image-path': Flags.string({ description: 'provider image path (tracerpt -i; not implemented yet)', helpValue: 'PATH' }),
    pdb: Flags.string({ description: 'symbol server path (tracerpt -pdb; not implemented yet)', helpValue: 'PATH' }),
    realtime: Flags.string({ multiple: true, multipleNonGreedy: true, description: 'read running real-time session(s) instead of files (tracerpt -rt; Windows only; start them with etwkit start NAME … -rt -ets): events are written as they arrive; the report ends when the sessions stop, or on Ctrl-C with complete outputs (exit 130)', helpValue: 'SESSION' }),
    'rt-buffers': Flags.boolean({ description: 'with -rt: only whole buffers (OpenTraceFromRealTimeLogger, Windows 8 and later), read with the .etl buffer reader and merged into time order; this is the default where available, the flag makes its absence an error (etwkit addition)' }),
    'rt-events': Flags.boolean({ description: 'with -rt: one event at a time (OpenTraceW\'s event callback), as on systems without whole buffers; slower on busy sessions (etwkit addition)' }),
    verbose: Flags.boolean({ description: 'informational lines, e.g. with -rt when events are read one at a time because whole buffers are not available' }),
    'counting-schema': Flags.string({ description: 'counting/reporting schema (tracerpt -df; not implemented yet)', helpValue: 'FILE' }),
    interpret: Flags.string({ description: 'interpreted event structure dump (tracerpt -int; not implemented yet)', helpValue: 'FILE' }),
    export: Flags.string({ description: 'write the schemas the report used as an instrumentation manifest (tracerpt -export; default name schema.man); -import reads it back', helpValue: 'FILE' }),
    'no-trace-schemas': Flags.boolean({ description: 'do not use the schemas the trace carries (EventSource manifests, EventMetadata), e.g. to check a manifest against a trace (etwkit addition)' }),
    'default-export': Flags.boolean({ hidden: true, description: 'tracerpt -export without a file name' }),
    'argument-error': Flags.string({ hidden: true, multiple: true, multipleNonGreedy: true, description: 'a tracerpt-spelling problem found before parsing' }),
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
      schemas: flags.schemas,
      docker: flags.docker,
      quiet: flags.quiet,
      threads: flags.threads,
      threadSliceBytes: flags['thread-slice-bytes'],
      provider: flags.provider,
      id: flags.id,
      level: flags.level,
      keywords: flags.keywords,
      pid: flags.pid,
      tid: flags.tid,
      since: flags.since,
      until: flags.until,
      dockerContainer: flags['docker-container'],
      time: flags.time,
      tz: flags.tz,
      config: flags.config,
      tmf: flags.tmf,
      tmfPath: flags['tmf-path'],
      traceFormatSearchPath: process.env.TRACE_FORMAT_SEARCH_PATH,
      prefix: flags.prefix,
      traceFormatPrefix: process.env.TRACE_FORMAT_PREFIX,
      imagePath: flags['image-path'],
      pdb: flags.pdb,
      realtime: flags.realtime,
      rtBuffers: flags['rt-buffers'],
      rtEvents: flags['rt-events'],
      verbose: flags.verbose,
      countingSchema: flags['counting-schema'],
      interpret: flags.interpret,
      export: flags.export,
      defaultExport: flags['default-export'],
      noTraceSchemas: flags['no-trace-schemas'],
      argumentError: flags['argument-error'],
    });
    if (code !== 0) {
      // Exiting drops writes still queued on a pipe (`2>&1 | tee log` lost the warnings): let both drain first.
      await Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((done) => s.write('', () => done()))));
      this.exit(code);
    }
  }
}
