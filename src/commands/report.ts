/**
 * `etwkit report`: tracerpt's job — turn .etl files into a dump (XML, CSV, JSON
 * lines) and a summary, on any OS.
 */
import { Args, Command, Flags } from '@oclif/core';
import { EtlFormatError, EtlInputError, formatWarning } from '../etw/etl/errors.js';
import { JsonlSink } from '../etw/render/jsonl.js';
import { OutputExistsError, OutputFile, OutputWriteError } from '../etw/render/output-file.js';
import { runReport } from '../etw/report/run-report.js';

export default class Report extends Command {
  static override description = 'Read .etl trace files and write their events as XML, CSV or JSON lines (tracerpt-compatible).';

  static override strict = false;

  static override examples = [
    '<%= config.bin %> report trace.etl -of JSONL -o trace.jsonl',
    '<%= config.bin %> report trace.etl -of JSONL -o -',
  ];

  static override args = {
    files: Args.string({ description: '.etl files to read (several are merged in time order)', required: true }),
  };

  static override flags = {
    output: Flags.string({ char: 'o', description: 'output file (- for standard output)' }),
    format: Flags.string({ description: 'dump format', options: ['XML', 'CSV', 'JSONL', 'xml', 'csv', 'jsonl'], default: 'XML' }),
    yes: Flags.boolean({ char: 'y', description: 'overwrite existing output files without asking', default: false }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Report);
    const files = argv as string[];
    const format = flags.format.toUpperCase();
    if (format !== 'JSONL') this.error(`-of ${format} is not implemented yet`, { exit: 2 });
    const target = flags.output ?? 'dumpfile.jsonl';
    try {
      const out = OutputFile.open(target, { overwrite: flags.yes });
      try {
        const result = await runReport(files, () => [new JsonlSink(out)], null, (w) => process.stderr.write(`warning: ${formatWarning(w)}\n`));
        if (result.warnings.length > 0) this.exit(3);
      } catch (e) {
        out.abort();
        throw e;
      }
    } catch (e) {
      if (e instanceof EtlInputError || e instanceof EtlFormatError || e instanceof OutputExistsError || e instanceof OutputWriteError) {
        this.logToStderr(`etwkit report: ${e.message}`);
        this.exit(1);
      }
      throw e;
    }
  }
}
