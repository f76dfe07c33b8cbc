/**
 * Instrumentation manifests (.man / EventSource XML) → one EventSchema per
 * declared event, for every `<provider>` in the file: descriptor values
 * (id, version, level, task, opcode, keywords, channel) with their display
 * names (provider-defined or standard `win:`), the template's properties,
 * and the localized message kept as a %1…%n template for the decoder.
 */
import type { EventSchema, MapDef, MapEntry } from '../event-schema.js';
import { ManifestStrings } from './manifest-strings.js';
import { readManifestTemplate, type ManifestTemplate } from './manifest-template.js';
import { normalizeGuid, parseBigInteger, parseInteger } from './manifest-values.js';
import { WIN_CHANNELS, WIN_KEYWORDS, WIN_LEVELS, WIN_OPCODES, WIN_TASKS } from '../winmeta.js';
import { childNamed, childrenNamed, descendantsNamed, parseXml, type XmlElement } from './xml-parser.js';

/** A named value a provider (or winmeta) defines: level, task, opcode or channel. */
export interface ManifestNamedValue {
  name: string;
  value: number;
  /** Display text: the localized message, else the name. */
  text: string;
}

export interface ManifestKeyword {
  name: string;
  mask: bigint;
  text: string;
}

export interface ManifestTask extends ManifestNamedValue {
  /** Opcodes defined inside this task (task-specific opcodes). */
  opcodes: ManifestNamedValue[];
}

/** One `<event>` with the descriptor the provider writes and the schema to decode it. */
export interface ManifestEvent {
  id: number;
  version: number;
  level: number;
  task: number;
  opcode: number;
  keywords: bigint;
  channel: number | null;
  symbol: string | null;
  templateId: string | null;
  schema: EventSchema;
}

export interface ManifestProvider {
  name: string;
  /** Lower-case GUID without braces. */
  guid: string;
  symbol: string | null;
  message: string | null;
  events: ManifestEvent[];
  levels: ManifestNamedValue[];
  tasks: ManifestTask[];
  /** Provider-wide opcodes (not inside a task). */
  opcodes: ManifestNamedValue[];
  keywords: ManifestKeyword[];
  channels: ManifestNamedValue[];
  maps: MapDef[];
}

export interface LoadedManifest {
  providers: ManifestProvider[];
  /** Culture of the string table used, or null without one. */
  culture: string | null;
  /** Things that were skipped or guessed around, one line each (the load itself succeeded). */
  warnings: string[];
}

export interface ManifestLoadOptions {
  /** Preferred string-table culture (default en-US). */
  culture?: string;
  /** Schema source tag for the produced EventSchemas (default 'manifest'). */
  source?: EventSchema['source'];
}

/** Parses manifest XML text and converts every provider in it. */
export function loadManifest(xml: string, options: ManifestLoadOptions = {}): LoadedManifest {
  return loadManifestDocument(parseXml(xml), options);
}

/** Converts an already parsed manifest document. */
export function loadManifestDocument(root: XmlElement, options: ManifestLoadOptions = {}): LoadedManifest {
  const strings = ManifestStrings.fromManifest(root, options.culture);
  const warnings: string[] = [];
  const providers = descendantsNamed(root, 'provider')
    .filter((p) => p.attrs['guid'] !== undefined || p.attrs['name'] !== undefined)
    .map((p) => readProvider(p, strings, options.source ?? 'manifest', warnings));
  return { providers, culture: strings.culture, warnings };
}

function readProvider(
  element: XmlElement,
  strings: ManifestStrings,
  source: EventSchema['source'],
  warnings: string[],
): ManifestProvider {
  const name = element.attrs['name'] ?? '';
  const guid = normalizeGuid(element.attrs['guid']);
  const warn = (m: string): void => {
    warnings.push(`provider ${name}: ${m}`);
  };
  if (!guid) warn(`provider guid "${element.attrs['guid'] ?? ''}" is not a GUID`);
  const text = (e: XmlElement, fallback: string): string => {
    if (strings.isUnresolved(e.attrs['message'])) warn(`unresolved message ${e.attrs['message']}`);
    return strings.resolve(e.attrs['message']) ?? fallback;
  };
  const section = (sectionName: string, itemName: string): XmlElement[] => {
    const s = childNamed(element, sectionName);
    return s ? childrenNamed(s, itemName) : [];
  };
  const namedValue = (e: XmlElement, what: string): ManifestNamedValue | null => {
    const itemName = e.attrs['name'] ?? '';
    const value = parseInteger(e.attrs['value']);
    if (value === null) {
      warn(`${what} "${itemName}" has no numeric value`);
      return null;
    }
    return { name: itemName, value, text: text(e, itemName) };
  };

  const levels = section('levels', 'level').flatMap((e) => namedValue(e, 'level') ?? []);
  const opcodes = section('opcodes', 'opcode').flatMap((e) => namedValue(e, 'opcode') ?? []);
  const tasks: ManifestTask[] = section('tasks', 'task').flatMap((e) => {
    const task = namedValue(e, 'task');
    if (!task) return [];
    const own = childNamed(e, 'opcodes');
    const taskOpcodes = own ? childrenNamed(own, 'opcode').flatMap((o) => namedValue(o, 'opcode') ?? []) : [];
    return [{ ...task, opcodes: taskOpcodes }];
  });
  const keywords: ManifestKeyword[] = section('keywords', 'keyword').flatMap((e) => {
    const keywordName = e.attrs['name'] ?? '';
    const mask = parseBigInteger(e.attrs['mask']);
    if (mask === null) {
      warn(`keyword "${keywordName}" has no mask`);
      return [];
    }
    return [{ name: keywordName, mask, text: text(e, keywordName) }];
  });
  const channels = readChannels(childNamed(element, 'channels'), text);
  const maps = readMaps(childNamed(element, 'maps'), text, warn);
  const mapsByName = new Map(maps.map((m) => [m.name, m]));
  const templates = new Map<string, ManifestTemplate>();
  for (const t of section('templates', 'template')) {
    const template = readManifestTemplate(t, mapsByName, warn);
    templates.set(template.tid, template);
  }

  const providerMessage = strings.resolve(element.attrs['message']);
  const names = new ProviderNames(levels, tasks, opcodes, keywords, channels);
  const events: ManifestEvent[] = [];
  for (const e of section('events', 'event')) {
    const id = parseInteger(e.attrs['value']);
    if (id === null) {
      warn(`event without a numeric value (symbol ${e.attrs['symbol'] ?? '?'})`);
      continue;
    }
    const version = parseInteger(e.attrs['version']) ?? 0;
    const where = `event ${id} v${version}`;
    const level = names.level(e.attrs['level'], (m) => warn(`${where}: ${m}`));
    const task = names.task(e.attrs['task'], (m) => warn(`${where}: ${m}`));
    const opcode = names.opcode(e.attrs['opcode'], task.value, (m) => warn(`${where}: ${m}`));
    const keywordList = names.keywords(e.attrs['keywords'], (m) => warn(`${where}: ${m}`));
    const channel = names.channel(e.attrs['channel'], (m) => warn(`${where}: ${m}`));
    const templateId = e.attrs['template'] ?? null;
    const template = templateId === null ? null : templates.get(templateId);
    if (templateId !== null && !template) warn(`${where}: unknown template "${templateId}"`);
    if (strings.isUnresolved(e.attrs['message'])) warn(`${where}: unresolved message ${e.attrs['message']}`);
    const symbol = e.attrs['symbol'] ?? null;
    events.push({
      id,
      version,
      level: level.value,
      task: task.value,
      opcode: opcode.value,
      keywords: keywordList.reduce((all, k) => all | k.mask, 0n),
      channel: channel?.value ?? null,
      symbol,
      templateId,
      schema: {
        source,
        providerId: guid ?? '',
        providerName: name || null,
        eventName: e.attrs['name'] ?? symbol,
        taskName: task.text,
        opcodeName: opcode.text,
        levelName: level.text,
        keywordNames: keywordList.map((k) => k.text),
        channelName: channel?.text ?? null,
        message: strings.resolve(e.attrs['message']),
        properties: template?.properties ?? [],
        userDataElement: template?.userDataElement ?? null,
      },
    });
  }

  return {
    name, guid: guid ?? '', symbol: element.attrs['symbol'] ?? null, message: providerMessage,
    events, levels, tasks, opcodes, keywords, channels, maps,
  };
}

function readChannels(
  section: XmlElement | null,
  text: (e: XmlElement, fallback: string) => string,
): ManifestNamedValue[] {
  if (!section) return [];
  const channels: ManifestNamedValue[] = [];
  let next = 16; // channels without an explicit value are numbered from 16 in order
  for (const c of section.children) {
    if (c.localName !== 'channel' && c.localName !== 'importChannel') continue;
    const channelName = c.attrs['name'] ?? c.attrs['chid'] ?? '';
    const standard = WIN_CHANNELS[channelName];
    const value = parseInteger(c.attrs['value']) ?? standard?.value ?? next++;
    channels.push({ name: c.attrs['chid'] ?? channelName, value, text: text(c, channelName) });
    if (c.attrs['chid'] !== undefined && c.attrs['chid'] !== channelName) {
      channels.push({ name: channelName, value, text: text(c, channelName) });
    }
  }
  return channels;
}

function readMaps(
  section: XmlElement | null,
  text: (e: XmlElement, fallback: string) => string,
  warn: (message: string) => void,
): MapDef[] {
  if (!section) return [];
  const maps: MapDef[] = [];
  for (const m of section.children) {
    if (m.localName !== 'valueMap' && m.localName !== 'bitMap') continue;
    const entries: MapEntry[] = [];
    for (const entry of childrenNamed(m, 'map')) {
      const value = parseInteger(entry.attrs['value']);
      if (value === null) {
        warn(`map ${m.attrs['name'] ?? '?'}: entry value "${entry.attrs['value'] ?? ''}" is not a number`);
        continue;
      }
      entries.push({ value, text: text(entry, String(value)) });
    }
    maps.push({ name: m.attrs['name'] ?? '', kind: m.localName === 'bitMap' ? 'bitmap' : 'value', entries });
  }
  return maps;
}

const NO_VALUE: ManifestNamedValue = { name: '', value: 0, text: '' };

/**
 * Resolves the names an `<event>` uses to provider-defined or standard values. Each list
 * is looked up by a map of its first entry per name (or task value), as a search
 * from the front would find: a provider such as the .NET runtime's has hundreds of events,
 * tasks and opcodes.
 */
class ProviderNames {
  private readonly levels: Map<string, ManifestNamedValue>;
  private readonly tasks: Map<string, ManifestTask>;
  private readonly taskOpcodes: Map<number, Map<string, ManifestNamedValue>>;
  private readonly opcodes: Map<string, ManifestNamedValue>;
  private readonly keywordDefs: Map<string, ManifestKeyword>;
  private readonly channels: Map<string, ManifestNamedValue>;
  /** The names of each keywords attribute met (events repeat a few lists). */
  private readonly keywordLists = new Map<string, string[]>();

  constructor(
    levels: ManifestNamedValue[],
    tasks: ManifestTask[],
    opcodes: ManifestNamedValue[],
    keywordDefs: ManifestKeyword[],
    channels: ManifestNamedValue[],
  ) {
    this.levels = firstByName(levels);
    this.tasks = firstByName(tasks);
    this.taskOpcodes = new Map();
    for (const t of tasks) if (!this.taskOpcodes.has(t.value)) this.taskOpcodes.set(t.value, firstByName(t.opcodes));
    this.opcodes = firstByName(opcodes);
    this.keywordDefs = firstByName(keywordDefs);
    this.channels = firstByName(channels);
  }

  level(ref: string | undefined, warn: (m: string) => void): { value: number; text: string | null } {
    if (ref === undefined) return { value: 0, text: null };
    const found = this.levels.get(ref) ?? namedStandard(WIN_LEVELS, ref);
    if (!found) warn(`unknown level "${ref}"`);
    return found ?? { value: parseInteger(ref) ?? 0, text: null };
  }

  task(ref: string | undefined, warn: (m: string) => void): { value: number; text: string | null } {
    if (ref === undefined) return { value: 0, text: null };
    const found = this.tasks.get(ref) ?? namedStandard(WIN_TASKS, ref);
    if (!found) warn(`unknown task "${ref}"`);
    return found ?? { value: parseInteger(ref) ?? 0, text: null };
  }

  /** Task-specific opcodes first, then provider-wide ones, then `win:` ones. */
  opcode(ref: string | undefined, taskValue: number, warn: (m: string) => void): { value: number; text: string | null } {
    if (ref === undefined) return { value: 0, text: null };
    const found = this.taskOpcodes.get(taskValue)?.get(ref)
      ?? this.opcodes.get(ref)
      ?? namedStandard(WIN_OPCODES, ref);
    if (!found) warn(`unknown opcode "${ref}"`);
    return found ?? { value: parseInteger(ref) ?? 0, text: null };
  }

  keywords(ref: string | undefined, warn: (m: string) => void): { mask: bigint; text: string }[] {
    if (ref === undefined) return [];
    let names = this.keywordLists.get(ref);
    if (names === undefined) this.keywordLists.set(ref, names = ref.split(/\s+/).filter((k) => k !== ''));
    return names.flatMap((k) => {
      const found = this.keywordDefs.get(k) ?? WIN_KEYWORDS[k];
      if (!found) warn(`unknown keyword "${k}"`);
      return found ? [found] : [];
    });
  }

  channel(ref: string | undefined, warn: (m: string) => void): ManifestNamedValue | null {
    if (ref === undefined) return null;
    const found = this.channels.get(ref);
    if (found) return found;
    const standard = WIN_CHANNELS[ref.replace(/^win:/, '')];
    if (standard) return { name: ref, ...standard };
    warn(`unknown channel "${ref}"`);
    return { ...NO_VALUE, name: ref, value: parseInteger(ref) ?? 0 };
  }
}

/** The first item of each name. */
function firstByName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  const byName = new Map<string, T>();
  for (const item of items) if (!byName.has(item.name)) byName.set(item.name, item);
  return byName;
}

function namedStandard(
  table: Readonly<Record<string, { value: number; text: string }>>,
  ref: string,
): ManifestNamedValue | null {
  const s = table[ref];
  return s ? { name: ref, value: s.value, text: s.text } : null;
}
