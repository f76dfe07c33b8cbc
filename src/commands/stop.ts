/**
 * `etwkit stop NAME -ets`: logman's `stop … -ets` — stop a live ETW session
 * (ControlTraceW STOP, addressed by name), flushing its log file.
 */
import * as Args from '@oclif/core/args';
import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import { logmanFlags, runControl } from '../cli/logman-command.js';
import { findProvider } from '../etw/control/session/provider-catalog.js';
import { stopSession } from '../etw/control/session/session-queries.js';
import { ControlLookupError, ControlUsageError } from '../etw/control/usage-error.js';

export default class Stop extends Command {
  static override description = 'Stop a live ETW trace session (logman stop … -ets).';

  static override examples = [
    { description: 'The Docker recipe: stop the container-logs session', command: '<%= config.bin %> stop -ets DockerContainerLogs' },
    { description: 'The kernel logger', command: '<%= config.bin %> stop "NT Kernel Logger" -ets' },
    { description: 'A user-mode session names its provider', command: '<%= config.bin %> stop usermode_trace -p "Service Control Manager Trace" -ul -ets' },
  ];

  static override args = {
    name: Args.string({ description: 'session name (logman [-n] NAME)', required: true }),
  };

  static override flags = {
    ...logmanFlags,
    provider: Flags.string({ description: 'provider of a user-mode session (logman -p, with -ul)' }),
    'user-mode': Flags.boolean({ description: 'the session is a user-mode (private) session (logman -ul)', allowNo: true, default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Stop);
    await runControl(this, {
      verb: 'stop',
      compatErrors: flags['compat-error'],
      requireEts: true,
      ets: flags.ets,
      json: false,
      work: (api) => {
        let privateSession;
        if (flags['user-mode']) {
          if (flags.provider === undefined) throw new ControlUsageError('-ul (user mode) needs the session\'s provider: -p provider');
          const p = findProvider(api, flags.provider);
          if (!p) throw new ControlLookupError(`-p: no provider named "${flags.provider}" is registered`);
          privateSession = { providerGuid: p.guid };
        }
        stopSession(api, args.name, privateSession);
        return { lines: [] };
      },
    });
  }
}
