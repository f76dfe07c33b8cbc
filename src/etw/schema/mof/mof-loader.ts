/**
 * MOF event classes → EventSchemas keyed by class GUID + event type + version.
 * Walks the EventTrace hierarchy: provider classes (direct children of
 * EventTrace, with their Flags/Level value descriptions), event classes (Guid,
 * EventVersion, DisplayName) and event-type classes (EventType, EventTypeName;
 * a single integer or a list), whose WmiDataId properties become the fields.
 * Non-ETW WMI classes in the same file are parsed and left aside.
 */
import { noLabels } from '../types.js';
import type { EventSchema, PropertyDef } from '../event-schema.js';
import { normalizeGuid, parseInteger } from '../manifest/manifest-values.js';
import { parseMof, type MofClass, type MofProperty } from './mof-parser.js';
import { convertMofProperty, qualifierList, qualifierText } from './mof-property.js';

/** One event layout: a (class GUID, event type, version) and the schema to decode it. */
export interface MofEvent {
  /** Lower-case event class GUID: what EtlRecord.providerId holds for classic and kernel records. */
  classGuid: string;
  /** Class.Type / kernel opcode; null for a GUID class that carries data but declares no EventType. */
  eventType: number | null;
  /** EventVersion; null when the chain declares none (the class's current layout). */
  version: number | null;
  /** The class whose properties are the fields (the event-type class). */
  className: string;
  schema: EventSchema;
}

/** A value of a provider class's `Flags` or `Level` property (seen by TdhEnumerateProviderFieldInformation). */
export interface MofProviderValue {
  value: bigint;
  /** `Values` text. */
  name: string;
  /** `ValueDescriptions` text, when given. */
  description: string | null;
  /** `DefineValues` symbol, when given. */
  symbol: string | null;
}

export interface MofProvider {
  className: string;
  /** Lower-case control GUID. */
  guid: string | null;
  description: string | null;
  flags: MofProviderValue[];
  levels: MofProviderValue[];
}

export interface LoadedMof {
  /** Number of classes declared in the text (ETW or not). */
  classCount: number;
  providers: MofProvider[];
  events: MofEvent[];
  warnings: string[];
  /** Finds the layout for a record (see MofSchemaSet.find). */
  schemas: MofSchemaSet;
}

/**
 * Lookup by class GUID, event type and version. An exact version wins; otherwise the
 * class declared without EventVersion (by MOF convention the current layout) is used.
 * A class with data but no EventType answers for any type of its GUID.
 */
export class MofSchemaSet {
  private readonly byKey = new Map<string, MofEvent>();

  constructor(events: readonly MofEvent[], onDuplicate?: (kept: MofEvent, dropped: MofEvent) => void) {
    for (const e of events) {
      const key = MofSchemaSet.key(e.classGuid, e.eventType, e.version);
      const kept = this.byKey.get(key);
      if (kept) onDuplicate?.(kept, e);
      else this.byKey.set(key, e);
    }
  }

  private static key(guid: string, type: number | null, version: number | null): string {
    return `${guid}/${type ?? '*'}/${version ?? '*'}`;
  }

  find(classGuid: string, eventType: number, version: number | null): MofEvent | null {
    const guid = classGuid.toLowerCase();
    for (const type of [eventType, null]) {
      const exact = version === null ? undefined : this.byKey.get(MofSchemaSet.key(guid, type, version));
      const found = exact ?? this.byKey.get(MofSchemaSet.key(guid, type, null));
      if (found) return found;
    }
    return null;
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Every kept layout (duplicates dropped), in declaration order. */
  all(): MofEvent[] {
    return [...this.byKey.values()];
  }
}

export interface MofLoadOptions {
  /** Schema source tag for the produced EventSchemas (default 'mof'). */
  source?: EventSchema['source'];
}

export function loadMof(text: string, options: MofLoadOptions = {}): LoadedMof {
  return loadMofClasses(parseMof(text), options);
}

export function loadMofClasses(classes: readonly MofClass[], options: MofLoadOptions = {}): LoadedMof {
  const warnings: string[] = [];
  const hierarchy = new ClassHierarchy(classes);
  const providers: MofProvider[] = [];
  const events: MofEvent[] = [];
  const source = options.source ?? 'mof';

  for (const cls of classes) {
    const chain = hierarchy.chain(cls); // root first, cls last
    if (chain.length < 2 || chain[0]!.name.toLowerCase() !== 'eventtrace') continue;
    const providerClass = chain[1]!;
    if (cls === providerClass) {
      providers.push(readProvider(cls));
      continue;
    }
    const warn = (m: string): void => {
      warnings.push(`class ${cls.name}: ${m}`);
    };
    // The event class is the nearest class with a Guid (it may be the provider class itself).
    const guidIndex = findLastIndex(chain, (c) => c.qualifiers.has('guid'));
    const eventClass = guidIndex >= 1 ? chain[guidIndex]! : null;
    const types = qualifierList(cls.qualifiers.get('eventtype'));
    const ownData = cls.properties.some((p) => p.qualifiers.has('wmidataid'));
    if (types.length === 0 && !(ownData && eventClass === cls)) continue; // no event layout here
    const classGuid = normalizeGuid(qualifierText(eventClass?.qualifiers.get('guid')));
    if (!classGuid) {
      warn('event type class without a Guid on itself or an ancestor below EventTrace');
      continue;
    }
    const versionClass = [...chain].reverse().find((c) => c.qualifiers.has('eventversion'));
    const version = parseInteger(qualifierText(versionClass?.qualifiers.get('eventversion')));
    const dataClasses = chain.slice(Math.max(guidIndex, 1));
    const properties = hierarchy.dataProperties(dataClasses, warn);
    const typeNames = qualifierList(cls.qualifiers.get('eventtypename'));
    const eventName = qualifierText(eventClass!.qualifiers.get('displayname')) ?? eventClass!.name;
    const providerGuid = normalizeGuid(qualifierText(providerClass.qualifiers.get('guid')));

    const layouts: { type: number | null; typeName: string | null }[] = types.length === 0
      ? [{ type: null, typeName: null }]
      : types.map((t, i) => ({ type: parseInteger(String(t)), typeName: typeNames[i] == null ? null : String(typeNames[i]) }));
    for (const { type, typeName } of layouts) {
      if (types.length > 0 && type === null) {
        warn('EventType value is not an integer');
        continue;
      }
      events.push({
        classGuid,
        eventType: type,
        version,
        className: cls.name,
        schema: {
          ...noLabels(),
          source,
          providerId: providerGuid ?? classGuid,
          providerName: providerClass.name,
          eventName,
          taskName: eventName,
          opcodeName: typeName,
          message: null,
          properties,
          userDataElement: null,
        },
      });
    }
  }

  const schemas = new MofSchemaSet(events, (kept, dropped) => {
    warnings.push(`class ${dropped.className}: type ${dropped.eventType ?? '*'} version ${dropped.version ?? '*'} `
      + `of {${dropped.classGuid}} is already defined by ${kept.className}; the first definition is kept`);
  });
  return { classCount: classes.length, providers, events, warnings, schemas };
}

function readProvider(cls: MofClass): MofProvider {
  const valuesOf = (propertyName: string): MofProviderValue[] => {
    const p = cls.properties.find((x) => x.name === propertyName);
    if (!p) return [];
    const names = qualifierList(p.qualifiers.get('values')).map((v) => String(v ?? ''));
    const keys = qualifierList(p.qualifiers.get('valuemap'));
    const descriptions = qualifierList(p.qualifiers.get('valuedescriptions'));
    const symbols = qualifierList(p.qualifiers.get('definevalues'));
    return names.map((name, i) => ({
      value: keys.length > 0 ? toBigInt(keys[i]) : BigInt(i),
      name,
      description: descriptions[i] == null ? null : String(descriptions[i]).trim(),
      symbol: symbols[i] == null ? null : String(symbols[i]),
    }));
  };
  return {
    className: cls.name,
    guid: normalizeGuid(qualifierText(cls.qualifiers.get('guid'))),
    description: qualifierText(cls.qualifiers.get('description')),
    flags: valuesOf('Flags'),
    levels: valuesOf('Level'),
  };
}

function toBigInt(v: unknown): bigint {
  const t = String(v ?? '').trim();
  return /^(\d+|0[xX][0-9a-fA-F]+)$/.test(t) ? BigInt(t) : -1n;
}

function findLastIndex<T>(list: readonly T[], test: (x: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i]!)) return i;
  return -1;
}

/** Class lookup by (case-insensitive) name, superclass chains and field lists. */
class ClassHierarchy {
  private readonly byName = new Map<string, MofClass>();
  private readonly embedded = new Map<string, PropertyDef[] | null>();

  constructor(classes: readonly MofClass[]) {
    for (const c of classes) this.byName.set(c.name.toLowerCase(), c);
  }

  /** Root first, the class itself last; stops at an unknown superclass or a cycle. */
  chain(cls: MofClass): MofClass[] {
    const chain: MofClass[] = [cls];
    const seen = new Set([cls]);
    let current = cls;
    while (current.superclass) {
      const parent = this.byName.get(current.superclass.toLowerCase());
      if (!parent || seen.has(parent)) break;
      chain.unshift(parent);
      seen.add(parent);
      current = parent;
    }
    return chain;
  }

  /** The WmiDataId properties of the classes (parents first), each class's ordered by WmiDataId. */
  dataProperties(classes: readonly MofClass[], warn: (m: string) => void): PropertyDef[] {
    const list: PropertyDef[] = [];
    for (const cls of classes) {
      const ordered = cls.properties
        .map((p) => ({ p, id: parseInteger(qualifierText(p.qualifiers.get('wmidataid'))) }))
        .filter((x): x is { p: MofProperty; id: number } => x.id !== null)
        .sort((a, b) => a.id - b.id);
      for (const { p } of ordered) {
        list.push(convertMofProperty(p, {
          earlier: list,
          embeddedMembers: (name) => this.embeddedMembers(name, warn),
          warn,
        }));
      }
    }
    return list;
  }

  private embeddedMembers(className: string, warn: (m: string) => void): PropertyDef[] | null {
    const key = className.toLowerCase();
    if (this.embedded.has(key)) return this.embedded.get(key)!;
    const cls = this.byName.get(key);
    if (!cls) return null;
    this.embedded.set(key, null); // guards against a class embedding itself
    const members = this.dataProperties(this.chain(cls), warn);
    this.embedded.set(key, members);
    return members;
  }
}
