/**
 * `etwkit query providers [NAME]`: logman's provider list, or one provider's
 * keyword, level and process tables (TDH). Needs no -ets, like logman.
 */
import * as Args from '@oclif/core/args';
import { Command } from '@oclif/core/command';
import { jsonFlag, logmanFlags, runControl } from '../../cli/logman-command.js';
import { formatProviderDetail, formatProviderList } from '../../etw/control/text/format-provider-tables.js';
import { providerDetailJson, providerListJson } from '../../etw/control/text/json-view.js';
import { listRegisteredProviders, sortByName } from '../../etw/control/session/provider-catalog.js';
import { describeProvider } from '../../etw/control/session/provider-detail.js';

export default class QueryProviders extends Command {
  static override description = 'List registered ETW providers, or show one provider\'s keywords, levels and processes (logman query providers [NAME]).';

  static override examples = [
    { description: 'Every registered provider', command: '<%= config.bin %> query providers' },
    { description: 'Keywords and levels of one provider', command: '<%= config.bin %> query providers Microsoft-Windows-Diagnostics-Networking' },
    { description: 'The kernel flags usable with -p "Windows Kernel Trace" (…)', command: '<%= config.bin %> query providers "Windows Kernel Trace"' },
    { description: 'The Docker recipe\'s provider, as JSON', command: '<%= config.bin %> query providers {a3693192-9ed6-46d2-a981-f8226c8363bd} --json' },
  ];

  static override args = {
    name: Args.string({ description: 'provider name or GUID; omit to list all providers', required: false }),
  };

  static override flags = { ...logmanFlags, ...jsonFlag };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(QueryProviders);
    await runControl(this, {
      verb: 'query providers',
      compatErrors: flags['compat-error'],
      requireEts: false,
      ets: flags.ets,
      json: flags.json,
      work: (api) => {
        if (args.name === undefined) {
          const providers = sortByName(listRegisteredProviders(api));
          return flags.json ? { json: providerListJson(providers) } : { lines: formatProviderList(providers) };
        }
        const detail = describeProvider(api, args.name);
        return flags.json ? { json: providerDetailJson(detail) } : { lines: formatProviderDetail(detail) };
      },
    });
  }
}
