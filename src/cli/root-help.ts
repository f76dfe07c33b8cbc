/**
 * `etwkit --help`: the root help lists every command once. oclif's own root help
 * shows `query` twice (as a topic, since `query providers` lives under it, and as
 * a command) and leaves `query providers` out; this one shows the commands only,
 * `query providers` included. Named in package.json (oclif.helpClass).
 */
import { Help } from '@oclif/core/help';

export default class RootHelp extends Help {
  protected override async showRootHelp(): Promise<void> {
    this.log(this.formatRoot());
    this.log('');
    this.log(this.formatCommands(this.sortedCommands.filter((c) => c.id !== '')));
    this.log('');
  }
}
