/**
 * The classic event classes that merging tools (xperf/WPR `-merge`, the
 * relogger, PerfView, Visual Studio's Diagnostics Hub) write into a trace
 * themselves, under the name KernelTraceControl: ImageID (which PE image and
 * which PDB each loaded module is), SystemConfigEx (build, system paths,
 * volume → drive-letter mapping), WinSAT (assessment results) and EventMetadata
 * (TDH schemas of the trace's other events; read as schemas by
 * tdh/event-metadata-source.ts, shown here as their fixed fields).
 *
 * No MOF or manifest for them is published. The layouts below are this
 * project's table of what the merged traces hold: each field's place was checked
 * against the bytes of real merged traces (64-bit pointers), and the 32-bit
 * layouts follow from pointer-sized fields (in-type POINTER, read at the event's
 * own pointer size). Like the parsers that know these classes, they apply to
 * every version of a class, so they are registered without a version. Labels:
 * provider `KernelTraceControl`, task = class name, opcode = event type name.
 */
import { InType, OutType, type EventSchema, type PropertyDef } from '../event-schema.js';
import type { SchemaTarget } from '../schema-target.js';

const PROVIDER_NAME = 'KernelTraceControl';

export const IMAGE_ID_CLASS = 'b3e675d7-2554-4f18-830b-2762732560de';
export const SYSTEM_CONFIG_EX_CLASS = '9b79ee91-b5fd-41c0-a243-4248e266e9d0';
export const WINSAT_CLASS = 'ed54dff8-c409-4cf6-bf83-05e1e61a09c4';
export const EVENT_METADATA_CLASS = 'bbccf6c1-6cd1-48c4-80ff-839482e37671';

const field = (name: string, inType: number, outType = 0): PropertyDef => ({ name, inType, outType });
const pointer = (name: string) => field(name, InType.POINTER);
const u16 = (name: string) => field(name, InType.UINT16);
const u32 = (name: string) => field(name, InType.UINT32);
const u8 = (name: string) => field(name, InType.UINT8);
const guid = (name: string) => field(name, InType.GUID);
/** UTF-16, NUL-terminated. */
const wstr = (name: string) => field(name, InType.UNICODESTRING);
/** 8-bit, NUL-terminated, UTF-8 (PDB paths). */
const u8str = (name: string) => field(name, InType.ANSISTRING, OutType.UTF8);
/** The rest of the payload, as hex. */
const rest = (name: string) => field(name, InType.BINARY);

/** ImageBase (pointer) and the process id the module belongs to (0 for kernel images). */
const imageAndProcess = [pointer('ImageBase'), u32('ProcessID')];

/** An RSDS debug-directory record: PDB signature, age and path. */
const rsds = [...imageAndProcess, guid('GuidSig'), u32('Age'), u8str('PDBFileName')];

/**
 * WinSAT: a state, the XML's size in bytes (NUL included) and the rest of the payload, LZNT1 data that
 * decompresses to exactly that many bytes of UTF-16 XML (docs/architecture.md F13). Shown as `Xml`, its text;
 * a payload whose data does not decompress to the size falls back to WINSAT_RAW, the compressed bytes as hex.
 */
const WINSAT: PropertyDef[] = [
  u32('State'), u32('UncompressedSize'), { name: 'Xml', inType: InType.LZNT1_UNICODESTRING, outType: 0, length: { ref: 1 } },
];
const WINSAT_RAW: PropertyDef[] = [u32('State'), u32('UncompressedSize'), rest('CompressedXml')];

interface ClassTable {
  classGuid: string;
  taskName: string;
  /** `fallback`: the layout a payload that does not fit `properties` is shown with. */
  events: { type: number; name: string; properties: PropertyDef[]; fallback?: PropertyDef[] }[];
}

const KERNEL_TRACE_CONTROL_CLASSES: readonly ClassTable[] = [
  {
    classGuid: IMAGE_ID_CLASS,
    taskName: 'ImageID',
    events: [
      {
        type: 0, name: 'Info',
        properties: [pointer('ImageBase'), pointer('ImageSize'), u32('ProcessID'), u32('TimeDateStamp'), wstr('OriginalFileName')],
      },
      // Same shape as DbgDeterm; the merger writes it without a name for the event.
      { type: 32, name: 'None', properties: imageAndProcess },
      { type: 36, name: 'DbgID_RSDS', properties: rsds },
      { type: 37, name: 'DbgID_ILRSDS', properties: rsds },
      {
        type: 38, name: 'DbgPPDB',
        properties: [...imageAndProcess, u32('TimeDateStamp'), u16('MajorVersion'), u16('MinorVersion')],
      },
      { type: 40, name: 'DbgDeterm', properties: imageAndProcess },
      {
        // The image's version resource; no pointers.
        type: 64, name: 'FileVersion',
        properties: [
          u32('ImageSize'), u32('TimeDateStamp'),
          ...['OrigFileName', 'FileDescription', 'FileVersion', 'BinFileVersion', 'VerLanguage', 'ProductName',
            'CompanyName', 'ProductVersion', 'FileId', 'ProgramId'].map(wstr),
        ],
      },
    ],
  },
  {
    classGuid: SYSTEM_CONFIG_EX_CLASS,
    taskName: 'SysConfig',
    events: [
      { type: 32, name: 'BuildInfo', properties: [field('InstallDate', InType.FILETIME), wstr('BuildLab'), wstr('ProductName')] },
      { type: 33, name: 'SystemPaths', properties: [wstr('SystemDirectory'), wstr('SystemWindowsDirectory')] },
      { type: 34, name: 'UnknownVolume', properties: [wstr('VolumeName')] },
      // Maps kernel (NT) path prefixes to drive letters.
      { type: 35, name: 'VolumeMapping', properties: [wstr('NtPath'), wstr('DosPath')] },
    ],
  },
  {
    classGuid: WINSAT_CLASS,
    taskName: 'WinSat',
    // Each carries the machine's WinSAT assessment (<WinSPR>, <Metrics>, <SystemConfig>) as UTF-16 XML, LZNT1-compressed.
    events: [
      { type: 33, name: 'WinSPR', properties: WINSAT, fallback: WINSAT_RAW },
      { type: 35, name: 'Metrics', properties: WINSAT, fallback: WINSAT_RAW },
      { type: 37, name: 'SystemConfig', properties: WINSAT, fallback: WINSAT_RAW },
    ],
  },
  {
    classGuid: EVENT_METADATA_CLASS,
    taskName: 'MetaData',
    events: [
      {
        // A whole TRACE_EVENT_INFO: its leading fields, then the rest of the structure.
        type: 32, name: 'EventInfo',
        properties: [
          guid('ProviderGuid'), guid('EventGuid'), u16('EventId'), u8('EventVersion'), u8('Channel'), u8('Level'),
          u8('Opcode'), u16('Task'), field('Keyword', InType.HEXINT64), u32('DecodingSource'), rest('EventInfoData'),
        ],
      },
      // The provider the map belongs to, then one EVENT_MAP_INFO.
      { type: 33, name: 'EventMapInfo', properties: [guid('ProviderGuid'), rest('MapInfo')] },
    ],
  },
];

/**
 * Register every KernelTraceControl layout (any version). The built-in source
 * (builtin-source.ts) does so at SchemaRank.BUILT_IN, so a MOF that defines one
 * of these classes replaces it. Returns how many layouts were registered.
 */
export function registerKernelTraceControlClasses(registry: SchemaTarget): number {
  let added = 0;
  for (const c of KERNEL_TRACE_CONTROL_CLASSES) {
    for (const e of c.events) {
      const schema: EventSchema = {
        source: 'mof',
        providerId: c.classGuid,
        providerName: PROVIDER_NAME,
        eventName: e.name,
        taskName: c.taskName,
        opcodeName: e.name,
        levelName: null,
        keywordNames: [],
        channelName: null,
        message: null,
        properties: e.properties,
        userDataElement: null,
      };
      if (e.fallback !== undefined) schema.fallbackProperties = e.fallback;
      registry.addMofEvent(schema, { classGuid: c.classGuid, eventType: e.type, version: null });
      added++;
    }
  }
  return added;
}
