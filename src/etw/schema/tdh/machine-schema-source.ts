/**
 * The providers registered on this machine as a schema source (Windows only;
 * tracerpt decodes with them too): when the report first meets a provider GUID
 * no higher source has fully claimed, TDH lists the manifest provider's events
 * (TdhEnumerateManifestProviderEvents), gives each event's TRACE_EVENT_INFO
 * (TdhGetManifestEventInformation) and the value/bit maps it names
 * (TdhGetEventMapInformation), and the same converter that reads merged traces'
 * EventMetadata blobs turns them into schemas. So TDH is asked once per
 * provider, once per event descriptor and once per map — never per record —
 * and its schemas rank lowest (SchemaRank.MACHINE): files, the trace's own
 * schemas and the built-in classes win. Classic (MOF) providers are not looked
 * up here (TDH describes those only from a real event, TdhGetEventInformation).
 *
 * A provider TDH does not know (ERROR_NOT_FOUND, ERROR_FILE_NOT_FOUND, …) simply
 * adds nothing. A TDH that cannot be called at all (missing export, Wine's
 * stubs) is one warning; its providers' events then stay hex as without it.
 */
import type { EtwApi, SizedResult } from '../../control/api/etw-api.js';
import { eventRecordFor, providerEventDescriptors } from '../../control/api/event-record.js';
import { Guid } from '../../control/api/guid.js';
import { WIN32 } from '../../control/api/win32-error.js';
import type { MapDef } from '../event-schema.js';
import type { SchemaSource } from '../schema-source.js';
import type { SchemaTarget } from '../schema-target.js';
import { SchemaRank } from '../schema-rank.js';
import { TdhBlobError } from './blob-reader.js';
import { eventInfoSchema, EventInfoSchemaError } from './event-info-schema.js';
import { readEventMapInfo } from './event-map-info.js';
import { readTraceEventInfo } from './trace-event-info.js';

/** The TDH calls this source makes (EtwApi has them). */
export type MachineTdh = Pick<EtwApi, 'tdhEnumerateManifestProviderEvents' | 'tdhGetManifestEventInformation' | 'tdhGetEventMapInformation'>;

/** Statuses that mean "TDH has nothing for this" rather than "TDH does not work". */
const NOTHING_HERE: ReadonlySet<number> = new Set([
  WIN32.NOT_FOUND, WIN32.FILE_NOT_FOUND, WIN32.NOT_SUPPORTED, WIN32.INVALID_PARAMETER,
  4306, // ERROR_EMPTY: the manifest defines no events
  1813, // ERROR_RESOURCE_TYPE_NOT_FOUND: no WEVT_TEMPLATE resource in the provider's binary
  1815, // ERROR_RESOURCE_LANG_NOT_FOUND
  15100, // ERROR_MUI_FILE_NOT_FOUND
]);
/** Sizing retries (a list may grow between the calls). */
const TRIES = 4;

export class MachineSchemaSource implements SchemaSource {
  readonly kind = "the machine's providers (TDH)";
  readonly rank = SchemaRank.MACHINE;
  private unavailable = false;
  private eventCount = 0;

  /** `onWarning`: told once when TDH cannot be called. */
  constructor(private readonly tdh: MachineTdh, private readonly onWarning: (message: string) => void) {}

  /** Events registered from TDH so far. */
  get eventsRegistered(): number {
    return this.eventCount;
  }

  provide(guid: string, registry: SchemaTarget): void {
    if (this.unavailable) return;
    const provider = Guid.tryParse(`{${guid}}`);
    if (provider === null) return;
    const list = this.call('TdhEnumerateManifestProviderEvents', (b) => this.tdh.tdhEnumerateManifestProviderEvents(provider, b));
    if (list === null) return;
    const maps = new Map<string, MapDef | null>();
    for (const descriptor of providerEventDescriptors(list)) {
      const blob = this.call('TdhGetManifestEventInformation', (b) => this.tdh.tdhGetManifestEventInformation(provider, descriptor, b));
      if (blob === null) {
        if (this.unavailable) return;
        continue;
      }
      const mapFor = (name: string): MapDef | null => {
        if (!maps.has(name)) {
          const bytes = this.unavailable ? null
            : this.call('TdhGetEventMapInformation', (b) => this.tdh.tdhGetEventMapInformation(eventRecordFor(provider, descriptor), name, b));
          maps.set(name, bytes === null ? null : readOrNull(() => readEventMapInfo(bytes)));
        }
        return maps.get(name)!;
      };
      const made = readOrNull(() => eventInfoSchema(readTraceEventInfo(blob), mapFor));
      if (made === null) continue;
      registry.add(made.schema, made.key);
      this.eventCount++;
    }
  }

  /** One sized TDH call: the filled buffer, or null (after the one warning when TDH itself fails). */
  private call(name: string, fn: (buffer: Buffer | null) => SizedResult): Buffer | null {
    let buffer: Buffer | null = null;
    for (let i = 0; i < TRIES; i++) {
      const r = fn(buffer);
      if (r.status === WIN32.SUCCESS) return buffer ?? Buffer.alloc(0);
      if (r.status === WIN32.INSUFFICIENT_BUFFER && r.size > (buffer?.length ?? 0)) {
        buffer = Buffer.alloc(r.size);
        continue;
      }
      if (NOTHING_HERE.has(r.status)) return null;
      this.unavailable = true;
      this.onWarning(`the machine's registered providers cannot be used as schemas: ${name} failed with Win32 error ${r.status}; their events stay undecoded`);
      return null;
    }
    return null;
  }
}

/** A blob TDH gave that our reader cannot use counts as no description. */
function readOrNull<T>(read: () => T): T | null {
  try {
    return read();
  } catch (e) {
    if (e instanceof TdhBlobError || e instanceof EventInfoSchemaError) return null;
    throw e;
  }
}
