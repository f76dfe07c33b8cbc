/**
 * `etwkit query -ets` (the sessions table) and `etwkit query NAME -ets` (one
 * session's detail block with its providers): logman's `query … -ets`.
 */
import * as Args from '@oclif/core/args';
import { Command } from '@oclif/core/command';
import { jsonFlag, logmanFlags, runControl } from '../cli/logman-command.js';
import { formatSessionDetail } from '../etw/control/text/format-session-detail.js';
import { formatSessionTable } from '../etw/control/text/format-session-table.js';
import { sessionDetailJson, sessionJson } from '../etw/control/text/json-view.js';
import { describeSession } from '../etw/control/session/session-detail.js';
import { listSessions } from '../etw/control/session/session-queries.js';

export default class Query extends Command {
  static override description = 'List live ETW sessions, or show one session with its providers (logman query [NAME] -ets). See also: query providers.';

  static override examples = [
    { description: 'All live sessions', command: '<%= config.bin %> query -ets' },
    { description: 'The Docker recipe\'s session, with providers, levels and keywords', command: '<%= config.bin %> query DockerContainerLogs -ets' },
    { description: 'The same facts as JSON', command: '<%= config.bin %> query DockerContainerLogs -ets --json' },
  ];

  static override args = {
    name: Args.string({ description: 'session name; omit to list all sessions', required: false }),
  };

  static override flags = { ...logmanFlags, ...jsonFlag };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Query);
    await runControl(this, {
      verb: 'query',
      compatErrors: flags['compat-error'],
      requireEts: true,
      ets: flags.ets,
      json: flags.json,
      work: (api) => {
        if (args.name === undefined) {
          const sessions = listSessions(api);
          if (flags.json) return { json: { sessions: sessions.map(sessionJson) } };
          return { lines: formatSessionTable(sessions.map((s) => ({ name: s.loggerName, type: 'Trace', status: 'Running' }))) };
        }
        const detail = describeSession(api, args.name);
        if (flags.json) return { json: sessionDetailJson(detail) };
        return { lines: formatSessionDetail(detail, args.name) };
      },
    });
  }
}
