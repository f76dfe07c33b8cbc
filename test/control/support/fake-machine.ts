// A RecordingEtwApi pre-loaded with the providers logman.md's examples name, so name lookups resolve.
import { Guid } from '../../../src/etw/control/api/guid.js';
import { RecordingEtwApi } from './recording-etw-api.js';

export const PROVIDERS = {
  kernelProcess: Guid.parse('22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716'),
  scm: Guid.parse('555908d1-a6d7-4695-8e1e-26931d2012f4'),
  rdpCore: Guid.parse('6a5a4a0a-d5c2-4b63-8d0b-1ef7b7b9d8b1'),
  ndisCapture: Guid.parse('2ed6006e-4729-4609-b423-3ee7bcd678ef'),
  sdkSample: Guid.parse('9c0c4e9d-3e28-4a7f-bb1a-cd0ad3b0c1e2'),
  diagNetworking: Guid.parse('36c23e18-0e66-11d9-bbeb-505054503030'),
  winlogon: Guid.parse('dbe9b383-7cf3-4331-91cc-a3cb16a3b538'),
};

export function fakeMachine(): RecordingEtwApi {
  return new RecordingEtwApi()
    .addProvider({
      guid: PROVIDERS.kernelProcess, name: 'Microsoft-Windows-Kernel-Process', pids: [4],
      keywords: [{ value: 0x10n, name: 'WINEVENT_KEYWORD_PROCESS' }, { value: 0x20n, name: 'WINEVENT_KEYWORD_THREAD' }],
      levels: [{ value: 4n, name: 'win:Informational', description: 'Information' }],
    })
    .addProvider({ guid: PROVIDERS.scm, name: 'Service Control Manager Trace', schemaSource: 1 })
    .addProvider({ guid: PROVIDERS.rdpCore, name: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS' })
    .addProvider({ guid: PROVIDERS.ndisCapture, name: 'Microsoft-Windows-NDIS-PacketCapture' })
    .addProvider({ guid: PROVIDERS.sdkSample, name: 'Microsoft-Windows-SDKSample-AdvancedProvider' })
    .addProvider({ guid: PROVIDERS.diagNetworking, name: 'Microsoft-Windows-Diagnostics-Networking', keywords: [{ value: 0x1n, name: 'NetDiag' }] })
    .addProvider({
      guid: PROVIDERS.winlogon, name: 'Microsoft-Windows-Winlogon', pids: [0x1710, 0x25c],
      keywords: [
        { value: 0x10000n, name: 'PerfInstrumentation' },
        { value: 0x1000000000000n, name: 'win:ResponseTime', description: 'Response Time' },
        { value: 0x8000000000000000n, name: 'Microsoft-Windows-Winlogon/Diagnostic' },
        { value: 0x2000000000000000n, name: 'System', description: 'System' },
      ],
      levels: [
        { value: 2n, name: 'win:Error', description: 'Error' },
        { value: 4n, name: 'win:Informational', description: 'Information' },
      ],
    });
}
