/**
 * `etwkit update NAME -ets`: logman's `update … -ets` — enable another provider
 * in a running session, disable one, or change what ETW lets a running session
 * change (flush timer, maximum buffers, log file, real-time, kernel flags), or
 * flush its buffers.
 */
import * as Args from '@oclif/core/args';
import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import { logmanFlags, runControl } from '../cli/logman-command.js';
import { readProviderFile } from '../etw/control/session/read-provider-file.js';
import { ProviderRequest } from '../etw/control/session/session-spec.js';
import { updateSession } from '../etw/control/session/update-session.js';

export default class Update extends Command {
  static override description = 'Change a running ETW trace session: add or remove providers, flush timer, buffers, file, real-time (logman update … -ets).';

  static override examples = [
    { description: 'Add a provider to a running session', command: '<%= config.bin %> update MySession -p "Microsoft-Windows-NDIS-PacketCapture" -ets -rt' },
    { description: 'Change the kernel flags of the kernel logger', command: '<%= config.bin %> update "NT Kernel Logger" -p "Windows Kernel Trace" (process,thread,img) -ets' },
    { description: 'The Docker recipe\'s session: flush its buffers to disk while it runs', command: '<%= config.bin %> update DockerContainerLogs -fd -ets' },
    { description: 'The Docker recipe\'s session: raise the provider to level 5', command: '<%= config.bin %> update DockerContainerLogs -p "{a3693192-9ed6-46d2-a981-f8226c8363bd}" 0x0 5 -ets' },
  ];

  static override args = {
    name: Args.string({ description: 'session name (logman [-n] NAME)', required: true }),
  };

  static override flags = {
    ...logmanFlags,
    provider: Flags.string({ description: 'provider to enable: {GUID}, bare GUID, or registered name (logman -p)' }),
    keywords: Flags.string({ description: 'MatchAnyKeyword: 0x-hex, decimal, or (name,name); default all', dependsOn: ['provider'] }),
    level: Flags.string({ description: 'level: 0-255 or a name such as win:Informational; default 255', dependsOn: ['provider'] }),
    'provider-file': Flags.string({ description: 'file listing providers to enable (logman -pf)' }),
    'disable-provider': Flags.string({ description: 'provider to disable (logman --p)', multiple: true }),
    output: Flags.string({ description: 'switch to a new log file (logman -o)' }),
    'min-buffers': Flags.integer({ description: 'ignored: ETW cannot change it on a running session (logman -nb MIN MAX)', min: 0, hidden: true }),
    'max-buffers': Flags.integer({ description: 'maximum buffer count (logman -nb MIN MAX)', min: 0 }),
    'flush-timer': Flags.string({ description: 'flush timer [[hh:]mm:]ss (logman -ft)' }),
    'real-time': Flags.boolean({ description: 'turn real-time delivery on (-rt) or off (--rt)', allowNo: true }),
    flush: Flags.boolean({ description: 'flush the session\'s buffers now (logman -fd)', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Update);
    const cwd = process.cwd();
    await runControl(this, {
      verb: 'update',
      compatErrors: flags['compat-error'],
      requireEts: true,
      ets: flags.ets,
      json: false,
      work: (api) => {
        const enable: ProviderRequest[] = [];
        if (flags.provider !== undefined) enable.push({ provider: flags.provider, keywords: flags.keywords, level: flags.level });
        if (flags['provider-file'] !== undefined) enable.push(...readProviderFile(flags['provider-file'], cwd));
        updateSession(api, {
          name: args.name, enable, disable: flags['disable-provider'] ?? [], flushTimer: flags['flush-timer'],
          maximumBuffers: flags['max-buffers'], output: flags.output, realTime: flags['real-time'], flush: flags.flush, cwd,
        });
        return { lines: [] };
      },
    });
  }
}
