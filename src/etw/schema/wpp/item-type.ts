/**
 * The WPP argument item types a TMF names (`ItemLong`, `ItemString`,
 * `ItemListByte(Low,APC,DPC)`, `ItemEnum(_MYSTATE)` …): how each lies in the
 * message's argument bytes. Arguments are packed one after another without
 * alignment; integers are little-endian; `ItemPtr` is as wide as the message's
 * pointers (its header's POINTER32/POINTER64 option).
 */

export type ItemKind =
  /** Integer of `size` bytes (`signed` as C reads it with %d). */
  | 'int'
  /** A pointer: 4 or 8 bytes by the message's pointer size. */
  | 'ptr'
  | 'double'
  /** NUL-terminated 8-bit / UTF-16LE string. */
  | 'string' | 'wstring'
  /** USHORT byte count, then that many bytes (8-bit / UTF-16LE), no NUL. */
  | 'pstring' | 'pwstring'
  /** 16-byte GUID (also CLSID, IID, LIBID). */
  | 'guid'
  | 'sid'
  /** USHORT byte count, then the bytes (shown as hex). */
  | 'hexdump'
  | 'ipaddr' | 'port'
  | 'ntstatus' | 'winerror' | 'hresult' | 'ndisStatus' | 'ndisOid'
  /** FILETIME (absolute) / a wait time (absolute FILETIME, or negative = relative 100-ns units) / 100-ns delta. */
  | 'timestamp' | 'waittime' | 'timedelta'
  | 'char4'
  /** `size`-byte value that indexes `names` (ItemList…). */
  | 'list'
  /** `size`-byte bit set, bit i named `names[i]` (ItemSet…). */
  | 'set'
  /** ULONG named by the TMF's `#enumv` block `enumName` (ItemEnum / ItemFlagsEnum). */
  | 'enum' | 'flagsEnum';

export interface ItemType {
  /** The type as the TMF spells it (for messages). */
  spelling: string;
  kind: ItemKind;
  /** Fixed size in bytes; 0 for variable-size kinds and pointers. */
  size: number;
  signed: boolean;
  /** Characters: a lone ItemChar/ItemUChar is shown as a character by %c and %s. */
  char?: boolean;
  names?: string[];
  enumName?: string;
}

const int = (size: number, signed: boolean, char = false): Omit<ItemType, 'spelling'> => ({ kind: 'int', size, signed, char });
const of = (kind: ItemKind, size = 0): Omit<ItemType, 'spelling'> => ({ kind, size, signed: false });

/** The plain item types (without a parenthesised list). */
const PLAIN: Record<string, Omit<ItemType, 'spelling'>> = {
  ItemChar: int(1, true, true),
  ItemUChar: int(1, false, true),
  ItemShort: int(2, true),
  ItemUShort: int(2, false),
  ItemLong: int(4, true),
  ItemULong: int(4, false),
  ItemLongLong: int(8, true),
  ItemULongLong: int(8, false),
  ItemLongLongX: int(8, true),
  ItemLongLongXX: int(8, true),
  ItemLongLongO: int(8, true),
  ItemPtr: of('ptr'),
  ItemDouble: of('double', 8),
  ItemString: of('string'),
  ItemRString: of('string'),
  ItemWString: of('wstring'),
  ItemRWString: of('wstring'),
  ItemPString: of('pstring'),
  ItemPWString: of('pwstring'),
  ItemGuid: of('guid', 16),
  ItemCLSID: of('guid', 16),
  ItemIID: of('guid', 16),
  ItemLIBID: of('guid', 16),
  ItemSid: of('sid'),
  ItemHexDump: of('hexdump'),
  ItemIPAddr: of('ipaddr', 4),
  ItemPort: of('port', 2),
  ItemNTSTATUS: of('ntstatus', 4),
  ItemWINERROR: of('winerror', 4),
  ItemHRESULT: of('hresult', 4),
  ItemNDIS_STATUS: of('ndisStatus', 4),
  ItemNDIS_OID: of('ndisOid', 4),
  ItemTimestamp: of('timestamp', 8),
  ItemWaitTime: of('waittime', 8),
  ItemTimeDelta: of('timedelta', 8),
  ItemChar4: of('char4', 4),
};

const LIST_SIZE: Record<string, number> = { Byte: 1, Short: 2, Long: 4 };

/** The item type a TMF spells, or null when WPP defines no such type. */
export function parseItemType(spelling: string): ItemType | null {
  const s = spelling.trim();
  const plain = PLAIN[s];
  if (plain !== undefined) return { spelling: s, ...plain };
  const m = /^Item(List|Set)(Byte|Short|Long)\((.*)\)$/.exec(s);
  if (m !== null) {
    const names = m[3]!.split(',').map((n) => n.trim());
    return { spelling: s, kind: m[1] === 'List' ? 'list' : 'set', size: LIST_SIZE[m[2]!]!, signed: false, names };
  }
  const e = /^Item(Enum|FlagsEnum)\(\s*([^)\s]+)\s*\)$/.exec(s);
  if (e !== null) return { spelling: s, kind: e[1] === 'Enum' ? 'enum' : 'flagsEnum', size: 4, signed: false, enumName: e[2]! };
  return null;
}
