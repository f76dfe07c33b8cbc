/**
 * What TDH knows about providers registered on this machine: the full list
 * (name ↔ GUID), lookup of one provider by name or GUID, and a provider's
 * keyword and level tables. Thin layer over EtwApi + tdh-blobs.
 */
import { EVENT_FIELD_TYPE } from '../api/etw-constants.js';
import { EtwApi } from '../api/etw-api.js';
import { Guid } from '../api/guid.js';
import { callWithGrowingBuffer } from '../api/growing-buffer.js';
import { KERNEL_FLAGS, KERNEL_PROVIDER_NAME, SYSTEM_TRACE_CONTROL_GUID } from './kernel-logger.js';
import { decodeProviderEnumeration, decodeProviderFieldArray, ProviderField, RegisteredProvider } from './tdh-blobs.js';
import { Win32Error, WIN32 } from '../api/win32-error.js';

export function listRegisteredProviders(api: EtwApi): RegisteredProvider[] {
  const { buffer, length } = callWithGrowingBuffer((b) => api.tdhEnumerateProviders(b), 'TdhEnumerateProviders');
  return decodeProviderEnumeration(buffer.subarray(0, length));
}

/** Sorted case-insensitively by name, as `logman query providers` prints them. */
export function sortByName(providers: RegisteredProvider[]): RegisteredProvider[] {
  return [...providers].sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
}

/**
 * Finds a provider by GUID text or by registered name (case-insensitive). A GUID that
 * TDH does not list is still returned (named by its GUID): sessions may enable
 * providers that are not registered yet. Returns null for an unknown name.
 */
export function findProvider(api: EtwApi, text: string, known?: RegisteredProvider[]): RegisteredProvider | null {
  const guid = Guid.tryParse(text);
  if (guid?.equals(SYSTEM_TRACE_CONTROL_GUID) || text.toLowerCase() === KERNEL_PROVIDER_NAME.toLowerCase()) {
    return { guid: SYSTEM_TRACE_CONTROL_GUID, name: KERNEL_PROVIDER_NAME, schemaSource: 1 };
  }
  if (guid && !known) return { guid, name: guid.toBracedUpper(), schemaSource: 0 };
  const all = known ?? listRegisteredProviders(api);
  if (guid) return all.find((p) => p.guid.equals(guid)) ?? { guid, name: guid.toBracedUpper(), schemaSource: 0 };
  const wanted = text.toLowerCase();
  return all.find((p) => p.name.toLowerCase() === wanted) ?? null;
}

/**
 * Keyword (fieldType 0) or level (1) entries of a provider, in manifest order.
 * "No entries" answers (1168 not found, 50 not supported, 2 no metadata) give [].
 * The kernel provider's keywords are logman's EnableFlags names.
 */
export function providerFields(api: EtwApi, guid: Guid, fieldType: number): ProviderField[] {
  if (guid.equals(SYSTEM_TRACE_CONTROL_GUID)) {
    return fieldType === EVENT_FIELD_TYPE.KEYWORD
      ? KERNEL_FLAGS.map((f) => ({ value: BigInt(f.value), name: f.name, description: f.description }))
      : [];
  }
  try {
    const { buffer, length } = callWithGrowingBuffer(
      (b) => api.tdhEnumerateProviderFieldInformation(guid, fieldType, b),
      'TdhEnumerateProviderFieldInformation',
    );
    return decodeProviderFieldArray(buffer.subarray(0, length));
  } catch (e) {
    if (e instanceof Win32Error && ([WIN32.NOT_FOUND, WIN32.NOT_SUPPORTED, WIN32.FILE_NOT_FOUND] as number[]).includes(e.code)) return [];
    throw e;
  }
}
