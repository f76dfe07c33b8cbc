/**
 * `etwkit start NAME -ets`: logman's `start … -ets` — create a live ETW session
 * (StartTraceW) and enable its provider(s) (EnableTraceEx2), or the NT Kernel
 * Logger with kernel flags.
 */
import * as Args from '@oclif/core/args';
import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import { logmanFlags, runControl } from '../cli/logman-command.js';
import { readProviderFile } from '../etw/control/session/read-provider-file.js';
import { planStart, ProviderRequest, TRACE_MODES } from '../etw/control/session/session-spec.js';
import { startSession } from '../etw/control/session/start-session.js';

export default class Start extends Command {
  static override description = 'Start a live ETW trace session and enable providers in it (logman start … -ets).';

  static override examples = [
    { description: 'The Docker recipe: trace container logs to trace.etl', command: '<%= config.bin %> start -ets DockerContainerLogs -p "{a3693192-9ed6-46d2-a981-f8226c8363bd}" 0x0 -o trace.etl' },
    { description: 'A real-time session without a file (logman -rt), read live with etwkit report -rt DockerContainerLogs', command: '<%= config.bin %> start DockerContainerLogs -p "{a3693192-9ed6-46d2-a981-f8226c8363bd}" -rt -ets' },
    { description: 'A provider by name with keywords and level', command: '<%= config.bin %> start process_trace -p Microsoft-Windows-Kernel-Process 0x10 win:Informational -ets' },
    { description: 'The kernel logger with named flags', command: '<%= config.bin %> start "NT Kernel Logger" -p "Windows Kernel Trace" (process,thread,img) -o kernel.etl -ets' },
    { description: 'Native spelling', command: '<%= config.bin %> start mysession --ets --provider Microsoft-Windows-DNS-Client --level 4 --output dns.etl' },
  ];

  static override args = {
    name: Args.string({ description: 'session name (logman [-n] NAME)', required: true }),
  };

  static override flags = {
    ...logmanFlags,
    provider: Flags.string({ description: 'provider: {GUID}, bare GUID, or registered name (logman -p)' }),
    keywords: Flags.string({ description: 'MatchAnyKeyword: 0x-hex, decimal, or (name,name); default all', dependsOn: ['provider'] }),
    level: Flags.string({ description: 'level: 0-255 or a name such as win:Informational; default 255', dependsOn: ['provider'] }),
    'provider-file': Flags.string({ description: 'file listing providers, one "provider [keywords [level]]" per line (logman -pf)' }),
    output: Flags.string({ description: 'log file path (logman -o); default NAME.etl, none for -rt without -o' }),
    'buffer-size': Flags.integer({ description: 'buffer size in KB (logman -bs); default 8', min: 1 }),
    'min-buffers': Flags.integer({ description: 'minimum buffer count (logman -nb MIN MAX)', min: 0 }),
    'max-buffers': Flags.integer({ description: 'maximum buffer count (logman -nb MIN MAX)', min: 0 }),
    'max-size': Flags.integer({ description: 'maximum log file size in MB (logman -max)', min: 0 }),
    mode: Flags.string({ description: `logger mode (logman -mode): ${TRACE_MODES.join(', ')}`, multiple: true }),
    format: Flags.string({ description: 'log format (logman -f): bin (sequential, default) or bincirc (circular, needs -max)' }),
    'clock-type': Flags.string({ description: 'clock (logman -ct): perf (default), system, cycle' }),
    'flush-timer': Flags.string({ description: 'flush timer [[hh:]mm:]ss (logman -ft)' }),
    'real-time': Flags.boolean({ description: 'real-time mode (logman -rt): events go to real-time consumers such as etwkit report -rt NAME; without -o there is no log file', allowNo: true, default: false }),
    overwrite: Flags.boolean({ description: 'overwrite an existing log file (logman -ow; ETW does this for -ets anyway)', allowNo: true, default: false }),
    append: Flags.boolean({ description: 'append to an existing log file (logman -a)', allowNo: true, default: false }),
    'user-mode': Flags.boolean({ description: 'user-mode (private) session in the provider process (logman -ul)', allowNo: true, default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Start);
    const cwd = process.cwd();
    await runControl(this, {
      verb: 'start',
      compatErrors: flags['compat-error'],
      requireEts: true,
      ets: flags.ets,
      json: false,
      work: (api) => {
        const providers: ProviderRequest[] = [];
        if (flags.provider !== undefined) providers.push({ provider: flags.provider, keywords: flags.keywords, level: flags.level });
        if (flags['provider-file'] !== undefined) providers.push(...readProviderFile(flags['provider-file'], cwd));
        const plan = planStart({
          name: args.name, providers, output: flags.output, bufferSizeKb: flags['buffer-size'],
          minimumBuffers: flags['min-buffers'], maximumBuffers: flags['max-buffers'], maxSizeMb: flags['max-size'],
          modes: flags.mode ?? [], format: flags.format, clockType: flags['clock-type'], flushTimer: flags['flush-timer'],
          realTime: flags['real-time'], append: flags.append, overwrite: flags.overwrite, userMode: flags['user-mode'], cwd, env: process.env,
        });
        startSession(api, plan);
        return { lines: [] };
      },
    });
  }
}
