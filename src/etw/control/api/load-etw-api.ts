/**
 * The one place that checks the platform: on Windows it loads the koffi
 * implementation of EtwApi (dynamic import, so nothing native is touched
 * elsewhere); on other systems it throws EtwPlatformError. Tests install a
 * fake with useEtwApi().
 */
import { EtwApi } from './etw-api.js';

export class EtwPlatformError extends Error {
  constructor(readonly platform: string) {
    super(`controlling ETW sessions needs Windows (this is ${platform}); 'etwkit report' reads .etl files here`);
    this.name = 'EtwPlatformError';
  }
}

let installed: EtwApi | null = null;

/** Replaces the Windows API for every later loadEtwApi() (null restores the real one). */
export function useEtwApi(api: EtwApi | null): void {
  installed = api;
}

export async function loadEtwApi(platform: string = process.platform): Promise<EtwApi> {
  if (installed) return installed;
  if (platform !== 'win32') throw new EtwPlatformError(platform);
  const { loadKoffiEtwApi } = await import('./koffi-etw-api.js');
  return loadKoffiEtwApi();
}
