/**
 * Literal values as schema text writes them: integers in decimal or `0x` hex
 * (possibly beyond 2^53 for keyword masks) and GUIDs with or without braces.
 * Shared by the manifest and MOF loaders.
 */

/** Parses `123`, `0x1F`, `0X1f` (surrounding blanks allowed); null when it is not an integer. */
export function parseInteger(text: string | undefined | null): number | null {
  if (text == null) return null;
  const t = text.trim();
  if (/^[+-]?\d+$/.test(t)) return Number.parseInt(t, 10);
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return Number.parseInt(t.slice(2), 16);
  return null;
}

/** Like parseInteger but exact for 64-bit masks. */
export function parseBigInteger(text: string | undefined | null): bigint | null {
  if (text == null) return null;
  const t = text.trim();
  if (/^\d+$/.test(t) || /^0[xX][0-9a-fA-F]+$/.test(t)) return BigInt(t);
  return null;
}

const GUID_SHAPE = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

/** `{E13C0D23-…}` → `e13c0d23-…` (the form EtlRecord.providerId uses); null when it is not a GUID. */
export function normalizeGuid(text: string | undefined | null): string | null {
  if (text == null) return null;
  const m = GUID_SHAPE.exec(text.trim());
  return m ? m[1]!.toLowerCase() : null;
}
