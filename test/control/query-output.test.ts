// query -ets, query NAME -ets, query providers [NAME]: logman's measured layouts (logman.md §3), the
// exact Windows calls each makes, and the --json form of the same facts.
import { describe, expect, it } from 'vitest';
import { encodeTraceProperties } from '../../src/etw/control/session/trace-properties.js';
import { Guid } from '../../src/etw/control/api/guid.js';
import { fakeMachine, PROVIDERS } from './support/fake-machine.js';
import { runEtwkit } from './support/run-etwkit.js';

const FUNCTION_DISCOVERY = Guid.parse('538cbbad-4877-4eb2-b26e-7caee8f0f8cb');

function machineWithEventLogSystem() {
  const api = fakeMachine().addProvider({
    guid: FUNCTION_DISCOVERY, name: 'Microsoft-Windows-FunctionDiscoveryHost',
    keywords: [{ value: 0x8000000000000000n, name: 'System' }],
  });
  api.addSession('Circular Kernel Context Logger', encodeTraceProperties({ logFileMode: 0x400 }));
  const id = api.addSession('EventLog-System', encodeTraceProperties({ clientContext: 2, bufferSizeKb: 64, flushTimerSeconds: 1, logFileMode: 0x100, maximumFileSizeMb: 100 }),
    { buffersWritten: 47, logBuffersLost: 0, realTimeBuffersLost: 0 });
  api.addSession('EventLog-Microsoft-Windows-Sysmon-Operational', encodeTraceProperties({ logFileMode: 0x100 }));
  api.enableDirectly(FUNCTION_DISCOVERY, id, 255, 0x8000000000000000n, 0n, 65);
  api.enableDirectly(PROVIDERS.winlogon, id, 4, 0xffffffffffffffffn, 0n, 64);
  return api;
}

describe('query -ets', () => {
  it('prints the sessions table with 39/29-column cells, 79 dashes, long names pushing right', async () => {
    const api = machineWithEventLogSystem();
    const r = await runEtwkit(['query', '-ets'], api);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe([
      'Data Collector Set                      Type                          Status',
      '-'.repeat(79),
      'Circular Kernel Context Logger          Trace                         Running',
      'EventLog-System                         Trace                         Running',
      'EventLog-Microsoft-Windows-Sysmon-Operational Trace                         Running',
      '',
      'The command completed successfully.',
      '',
    ].join('\n'));
    expect(api.calls).toEqual([{ fn: 'QueryAllTracesW', slots: 64 }]);
  });

  it('--json gives the same sessions', async () => {
    const r = await runEtwkit(['query', '-ets', '--json'], machineWithEventLogSystem());
    const j = JSON.parse(r.stdout);
    expect(j.sessions.map((s: { name: string }) => s.name)).toEqual(['Circular Kernel Context Logger', 'EventLog-System', 'EventLog-Microsoft-Windows-Sysmon-Operational']);
    expect(j.sessions[1]).toMatchObject({ type: 'Trace', status: 'Running', bufferSizeKb: 64, clockType: 'System', buffersWritten: 47, fileMode: 'Real-time', logFile: null });
  });

  it('without -ets: one line saying saved Data Collector Sets are not managed, non-zero exit, no call', async () => {
    const api = machineWithEventLogSystem();
    const r = await runEtwkit(['query'], api);
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^etwkit query: without -ets .*Data Collector Sets/)]);
    expect(api.calls).toEqual([]);
  });
});

describe('query NAME -ets', () => {
  it('prints the detail block like the EventLog-System sample (providers in ETW\'s order)', async () => {
    const r = await runEtwkit(['query', 'EventLog-System', '-ets'], machineWithEventLogSystem());
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe([
      '',
      '',
      'Name:                 EventLog-System',
      'Status:               Running',
      'Root Path:            %systemdrive%\\PerfLogs\\Admin',
      'Segment:              Off',
      'Schedules:            On',
      'Segment Max Size:     100 MB',
      '',
      'Name:                 EventLog-System\\EventLog-System',
      'Type:                 Trace',
      'Append:               Off',
      'Circular:             Off',
      'Overwrite:            Off',
      'Buffer Size:          64',
      'Buffers Lost:         0',
      'Buffers Written:      47',
      'Buffer Flush Timer:   1',
      'Clock Type:           System',
      'File Mode:            Real-time',
      '',
      'Provider:',
      'Name:                 Microsoft-Windows-Winlogon',
      'Provider Guid:        {DBE9B383-7CF3-4331-91CC-A3CB16A3B538}',
      'Level:                4 (win:Informational)',
      'KeywordsAll:          0x0 ',
      'KeywordsAny:          0xffffffffffffffff ',
      'Properties:           64',
      'Filter Type:          0',
      '',
      'Provider:',
      'Name:                 Microsoft-Windows-FunctionDiscoveryHost',
      'Provider Guid:        {538CBBAD-4877-4EB2-B26E-7CAEE8F0F8CB}',
      'Level:                255',
      'KeywordsAll:          0x0 ',
      'KeywordsAny:          0x8000000000000000 (System)',
      'Properties:           65',
      'Filter Type:          0',
      '',
      'The command completed successfully.',
      '',
    ].join('\n'));
  });

  it('calls: QUERY by name with handle 0, GUID list, info per GUID, TDH names and keywords', async () => {
    const api = machineWithEventLogSystem();
    await runEtwkit(['query', 'EventLog-System', '-ets'], api);
    expect(api.calls[0]).toMatchObject({ fn: 'ControlTraceW', handle: 0n, name: 'EventLog-System', controlCode: 0 });
    const infoGuids = api.callsOf('EnumerateTraceGuidsEx').filter((c) => c.infoClass === 1 && c.outSize > 0).map((c) => c.input);
    expect(infoGuids).toEqual(api.providers.map((p) => p.guid.toString()));
    expect(api.callsOf('TdhEnumerateProviderFieldInformation').filter((c) => c.size > 0).map((c) => [c.provider, c.fieldType]))
      .toEqual([[PROVIDERS.winlogon.toString(), 0], [FUNCTION_DISCOVERY.toString(), 0]]);
  });

  it('--json gives the same session and providers', async () => {
    const r = await runEtwkit(['query', 'EventLog-System', '-ets', '--json'], machineWithEventLogSystem());
    const j = JSON.parse(r.stdout);
    expect(j.session).toMatchObject({ name: 'EventLog-System', bufferSizeKb: 64, flushTimerSeconds: 1, clockType: 'System' });
    expect(j.providers).toEqual([
      { name: 'Microsoft-Windows-Winlogon', guid: '{DBE9B383-7CF3-4331-91CC-A3CB16A3B538}', level: 4, levelName: 'win:Informational', keywordsAll: '0x0', keywordsAllNames: [], keywordsAny: '0xffffffffffffffff', keywordsAnyNames: [], properties: 64 },
      { name: 'Microsoft-Windows-FunctionDiscoveryHost', guid: '{538CBBAD-4877-4EB2-B26E-7CAEE8F0F8CB}', level: 255, levelName: null, keywordsAll: '0x0', keywordsAllNames: [], keywordsAny: '0x8000000000000000', keywordsAnyNames: ['System'], properties: 65 },
    ]);
  });

  it('an unknown session: logman\'s not-found block and exit code; --json says the same', async () => {
    const r = await runEtwkit(['query', 'NoSuch', '-ets'], fakeMachine());
    expect(r.stdout).toBe('\nError:\nData Collector Set was not found.\n');
    expect(r.exitCode).toBe(-2144337918);
    const j = await runEtwkit(['query', 'NoSuch', '-ets', '--json'], fakeMachine());
    expect(JSON.parse(j.stdout)).toEqual({ error: { code: 4201, hresult: -2144337918, operation: 'ControlTraceW(QUERY)', message: 'Data Collector Set was not found.' } });
  });
});

describe('query providers', () => {
  it('lists providers sorted case-insensitively, name in 40 columns, GUID upper-case', async () => {
    const r = await runEtwkit(['query', 'providers'], fakeMachine());
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual(['', 'Provider                                 GUID', '-'.repeat(79)]);
    const names = lines.slice(3, -3).map((l) => l.slice(0, 40).trimEnd());
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    expect(lines).toContain('Microsoft-Windows-Winlogon               {DBE9B383-7CF3-4331-91CC-A3CB16A3B538}');
    expect(lines).toContain('Microsoft-Windows-RemoteDesktopServices-RdpCoreTS {6A5A4A0A-D5C2-4B63-8D0B-1EF7B7B9D8B1}');
    expect(lines.slice(-3)).toEqual(['', 'The command completed successfully.', '']);
  });

  it('NAME: provider, keyword, level and PID tables in logman\'s layout (Winlogon sample)', async () => {
    const api = fakeMachine();
    const r = await runEtwkit(['query', 'providers', 'Microsoft-Windows-Winlogon'], api);
    expect(r.stdout).toBe([
      '',
      'Provider                                 GUID',
      '-'.repeat(79),
      'Microsoft-Windows-Winlogon               {DBE9B383-7CF3-4331-91CC-A3CB16A3B538}',
      '',
      'Value               Keyword              Description',
      '-'.repeat(79),
      '0x0000000000010000  PerfInstrumentation',
      '0x0001000000000000  win:ResponseTime     Response Time',
      '0x8000000000000000  Microsoft-Windows-Winlogon/Diagnostic',
      '0x2000000000000000  System               System',
      '',
      'Value               Level                Description',
      '-'.repeat(79),
      '0x02                win:Error            Error',
      '0x04                win:Informational    Information',
      '',
      'PID                 Image',
      '-'.repeat(79),
      '0x00001710',
      '0x0000025c',
      '',
      '',
      'The command completed successfully.',
      '',
    ].join('\n'));
    expect(api.callsOf('EnumerateTraceGuidsEx').filter((c) => c.outSize > 0)).toEqual([{ fn: 'EnumerateTraceGuidsEx', infoClass: 1, input: PROVIDERS.winlogon.toString(), outSize: expect.any(Number) }]);
  });

  it('"Windows Kernel Trace": logman\'s kernel keyword table, no Windows call needed', async () => {
    const api = fakeMachine();
    const r = await runEtwkit(['query', 'providers', 'Windows Kernel Trace'], api);
    expect(r.stdout).toContain('Windows Kernel Trace                     {9E814AAD-3204-11D2-9A82-006008A86939}\n');
    expect(r.stdout).toContain('0x0000000000000001  process              Process creations/deletions\n');
    expect(r.stdout).toContain('0x0000000004000000  fileio               File IO\n');
    expect(api.calls).toEqual([]);
  });

  it('--json gives the same keyword and level facts', async () => {
    const r = await runEtwkit(['query', 'providers', '{dbe9b383-7cf3-4331-91cc-a3cb16a3b538}', '--json'], fakeMachine());
    const j = JSON.parse(r.stdout);
    expect(j.provider).toEqual({ name: 'Microsoft-Windows-Winlogon', guid: '{DBE9B383-7CF3-4331-91CC-A3CB16A3B538}' });
    expect(j.keywords[1]).toEqual({ value: '0x1000000000000', name: 'win:ResponseTime', description: 'Response Time' });
    expect(j.levels).toEqual([{ value: 2, name: 'win:Error', description: 'Error' }, { value: 4, name: 'win:Informational', description: 'Information' }]);
    expect(j.pids).toEqual([0x1710, 0x25c]);
  });

  it('an unknown provider name: one line, non-zero exit', async () => {
    const r = await runEtwkit(['query', 'providers', 'No-Such-Provider'], fakeMachine());
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('etwkit query providers: no provider named "No-Such-Provider" is registered\n');
  });
});
