/**
 * The TDH a report run may ask for the machine's registered providers: on
 * Windows the control layer's EtwApi (koffi, tdh.dll), elsewhere none — and then
 * no DLL is loaded. A fake installed with useEtwApi() (tests) is used on any
 * platform. An EtwApi that cannot be loaded at all means no machine schemas,
 * not a failed report.
 */
import { loadEtwApi } from '../control/api/load-etw-api.js';
import type { MachineTdh } from '../schema/tdh/machine-schema-source.js';

export async function machineTdh(): Promise<MachineTdh | null> {
  try {
    return await loadEtwApi();
  } catch {
    return null;
  }
}
