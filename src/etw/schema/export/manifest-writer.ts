/**
 * Used schemas → an instrumentation manifest (`report -export FILE`, tracerpt
 * -export): one `<provider>` per provider GUID with its events, templates,
 * value and bit maps, tasks, opcodes, keywords, levels and channels, and a
 * string table holding every display text and message. Reading the file back
 * with the manifest loader (`-import`) gives the same names, texts and field
 * layouts, so a trace decodes the same with it. Display texts are written as
 * provider-defined items (a `win:` name only where the standard item has the
 * very same value and text). What a manifest cannot express is listed in a
 * comment at the top of the file.
 */
import { InType, type MapDef, type PropertyDef, type SizeRef } from '../event-schema.js';
import type { EventSchema } from '../event-schema.js';
import { MANIFEST_IN_TYPES, MANIFEST_OUT_TYPES, WIN_KEYWORDS, WIN_LEVELS, WIN_OPCODES, type WinMetaValue } from '../winmeta.js';

/** One event to export: its schema and the descriptor values its records carry. */
export interface ExportedEvent {
  schema: EventSchema;
  id: number;
  version: number;
  level: number;
  task: number;
  opcode: number;
  keywords: bigint;
  channel: number;
}

const IN_TYPE_NAMES = invert(MANIFEST_IN_TYPES, ['win:CountedString']);
const OUT_TYPE_NAMES = invert(MANIFEST_OUT_TYPES, []);

function invert(table: Readonly<Record<string, number>>, skip: string[]): Map<number, string> {
  const m = new Map<number, string>();
  for (const [name, value] of Object.entries(table)) if (!skip.includes(name) && !m.has(value)) m.set(value, name);
  return m;
}

/** Text for an XML attribute value: markup characters and line breaks as references, so they read back unchanged. */
export function xmlAttribute(text: string): string {
  return text.replace(/[&<>"\t\n\r]/g, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`)
    // Characters XML 1.0 cannot hold at all are dropped (they cannot be written as references either).
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/** Text inside an XML comment (which may not hold `--`). */
function commentText(text: string): string {
  return text.replace(/--/g, '- -');
}

/** The string table: one id per distinct text, in first-use order. */
class StringTable {
  private readonly ids = new Map<string, string>();
  ref(text: string): string {
    let id = this.ids.get(text);
    if (id === undefined) this.ids.set(text, (id = `s${this.ids.size + 1}`));
    return `$(string.${id})`;
  }
  lines(): string[] {
    return [...this.ids].map(([text, id]) => `          <string id="${id}" value="${xmlAttribute(text)}"/>`);
  }
}

/** The named items of one provider: a name per (value, text), defined once. */
class NamedItems {
  readonly items: { name: string; value: number; text: string }[] = [];
  constructor(private readonly prefix: string) {}
  name(value: number, text: string): string {
    let item = this.items.find((i) => i.value === value && i.text === text);
    if (item === undefined) this.items.push((item = { name: `${this.prefix}${this.items.length + 1}`, value, text }));
    return item.name;
  }
}

function standardName(table: Readonly<Record<string, WinMetaValue>>, value: number, text: string): string | null {
  for (const [name, s] of Object.entries(table)) if (s.value === value && s.text === text) return name;
  return null;
}

/** Keywords of one provider: a mask per text, the event's own bit where it shows one, else a free bit. */
class Keywords {
  readonly items: { name: string; mask: bigint; text: string }[] = [];
  name(text: string, hint: bigint | null): string {
    const std = Object.entries(WIN_KEYWORDS).find(([, k]) => k.text === text && (hint === null || (hint & k.mask) !== 0n));
    if (std !== undefined) return std[0];
    const known = this.items.find((k) => k.text === text);
    if (known !== undefined) return known.name;
    const used = this.items.reduce((all, k) => all | k.mask, 0n);
    let mask = hint !== null && (hint & used) === 0n ? hint : 0n;
    for (let bit = 47n; mask === 0n && bit >= 0n; bit--) if ((used & (1n << bit)) === 0n) mask = 1n << bit;
    const item = { name: `k${this.items.length + 1}`, mask, text };
    this.items.push(item);
    return item.name;
  }
}

/** The single bit of a record's provider keywords (bits 0-47), or null when it sets none or several. */
function singleBit(keywords: bigint): bigint | null {
  const own = keywords & 0xFFFF_FFFF_FFFFn;
  return own !== 0n && (own & (own - 1n)) === 0n ? own : null;
}

/** Writes the manifest text for the given events; `leftOut` lines become the header comment. */
export function writeManifest(events: readonly ExportedEvent[], leftOut: readonly string[]): string {
  const strings = new StringTable();
  const byProvider = new Map<string, ExportedEvent[]>();
  for (const e of events) {
    const list = byProvider.get(e.schema.providerId) ?? [];
    list.push(e);
    byProvider.set(e.schema.providerId, list);
  }
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push('<!-- Written by etwkit report -export: the schemas the report used to decode its events.');
  if (leftOut.length > 0) {
    out.push('     Left out, as an instrumentation manifest cannot express them:');
    for (const l of leftOut) out.push(`       ${commentText(l)}`);
  }
  out.push('-->');
  out.push('<instrumentationManifest xmlns="http://schemas.microsoft.com/win/2004/08/events" xmlns:win="http://manifests.microsoft.com/win/2004/08/windows/events" xmlns:xs="http://www.w3.org/2001/XMLSchema">');
  out.push('  <instrumentation>');
  out.push('    <events>');
  for (const [guid, list] of [...byProvider].sort(([a], [b]) => a.localeCompare(b))) {
    list.sort((a, b) => a.id - b.id || a.version - b.version);
    out.push(...providerLines(guid, list, strings));
  }
  out.push('    </events>');
  out.push('  </instrumentation>');
  out.push('  <localization>');
  out.push('    <resources culture="en-US">');
  out.push('      <stringTable>');
  out.push(...strings.lines());
  out.push('      </stringTable>');
  out.push('    </resources>');
  out.push('  </localization>');
  out.push('</instrumentationManifest>');
  return out.join('\n') + '\n';
}

function providerLines(guid: string, events: ExportedEvent[], strings: StringTable): string[] {
  // A provider whose schemas name it not (e.g. TDH gave no name) gets no name attribute, so it reads back unnamed too.
  const name = events.find((e) => e.schema.providerName !== null)?.schema.providerName ?? null;
  const symbol = (name ?? `Provider_${guid}`).replace(/[^A-Za-z0-9_]/g, '_');
  const levels = new NamedItems('l');
  const tasks = new NamedItems('t');
  const opcodes = new NamedItems('o');
  const channels = new NamedItems('c');
  const keywords = new Keywords();
  const maps = new Map<MapDef, string>();
  const mapName = (m: MapDef): string => {
    let n = maps.get(m);
    if (n === undefined) {
      // The map's own name where it is free (two maps of one name get a number).
      const base = m.name.replace(/[^A-Za-z0-9_.]/g, '_') || 'Map';
      const taken = new Set(maps.values());
      n = base;
      for (let i = 2; taken.has(n); i++) n = `${base}_${i}`;
      maps.set(m, n);
    }
    return n;
  };
  const templates = new Map<string, string>();
  const eventLines: string[] = [];
  for (const e of events) {
    const s = e.schema;
    const attrs: string[] = [`value="${e.id}"`, `version="${e.version}"`];
    if (s.eventName !== null) attrs.push(`symbol="${s.eventName.replace(/[^A-Za-z0-9_]/g, '_')}_${e.id}_v${e.version}"`, `name="${xmlAttribute(s.eventName)}"`);
    if (s.levelName !== null) attrs.push(`level="${standardName(WIN_LEVELS, e.level, s.levelName) ?? levels.name(e.level, s.levelName)}"`);
    if (s.taskName !== null) attrs.push(`task="${tasks.name(e.task, s.taskName)}"`);
    if (s.opcodeName !== null) attrs.push(`opcode="${standardName(WIN_OPCODES, e.opcode, s.opcodeName) ?? opcodes.name(e.opcode, s.opcodeName)}"`);
    if (s.keywordNames.length > 0) {
      const hint = s.keywordNames.length === 1 ? singleBit(e.keywords) : null;
      attrs.push(`keywords="${s.keywordNames.map((k) => keywords.name(k, hint)).join(' ')}"`);
    }
    if (s.channelName !== null) attrs.push(`channel="${channels.name(e.channel, s.channelName)}"`);
    if (s.properties.length > 0 || s.userDataElement !== null) {
      const body = templateLines(s, mapName).join('\n');
      let tid = templates.get(body);
      if (tid === undefined) templates.set(body, (tid = `T${templates.size + 1}`));
      attrs.push(`template="${tid}"`);
    }
    if (s.message !== null) attrs.push(`message="${strings.ref(s.message)}"`);
    eventLines.push(`          <event ${attrs.join(' ')}/>`);
  }
  const lines: string[] = [];
  lines.push(`      <provider ${name === null ? '' : `name="${xmlAttribute(name)}" `}guid="{${guid}}" symbol="${symbol}" resourceFileName="etwkit-export" messageFileName="etwkit-export">`);
  lines.push('        <events>', ...eventLines, '        </events>');
  const section = (tag: string, item: string, items: { name: string; value: number; text: string }[], extra = '') => {
    if (items.length === 0) return;
    lines.push(`        <${tag}>`);
    for (const i of items) lines.push(`          <${item} name="${i.name}" value="${i.value}" message="${strings.ref(i.text)}"${extra}/>`);
    lines.push(`        </${tag}>`);
  };
  section('levels', 'level', levels.items);
  section('tasks', 'task', tasks.items);
  section('opcodes', 'opcode', opcodes.items);
  if (channels.items.length > 0) {
    lines.push('        <channels>');
    for (const c of channels.items) lines.push(`          <channel chid="${c.name}" name="${xmlAttribute(c.text)}" value="${c.value}" type="Analytic"/>`);
    lines.push('        </channels>');
  }
  if (keywords.items.length > 0) {
    lines.push('        <keywords>');
    for (const k of keywords.items) lines.push(`          <keyword name="${k.name}" mask="0x${k.mask.toString(16)}" message="${strings.ref(k.text)}"/>`);
    lines.push('        </keywords>');
  }
  if (maps.size > 0) {
    lines.push('        <maps>');
    for (const [m, n] of maps) {
      const tag = m.kind === 'bitmap' ? 'bitMap' : 'valueMap';
      lines.push(`          <${tag} name="${n}">`);
      for (const entry of m.entries) lines.push(`            <map value="0x${(entry.value >>> 0).toString(16)}" message="${strings.ref(entry.text)}"/>`);
      lines.push(`          </${tag}>`);
    }
    lines.push('        </maps>');
  }
  if (templates.size > 0) {
    lines.push('        <templates>');
    for (const [body, tid] of templates) lines.push(`          <template tid="${tid}">`, body, '          </template>');
    lines.push('        </templates>');
  }
  lines.push('      </provider>');
  return lines;
}

function templateLines(s: EventSchema, mapName: (m: MapDef) => string): string[] {
  const indent = '            ';
  const fields = propertyLines(s.properties, mapName, indent);
  if (s.userDataElement === null) return fields;
  // The fields stay under <template>; <UserData> only names the element they are shown in.
  return [...fields, `${indent}<UserData>`, `${indent}  <${s.userDataElement} xmlns="etwkit-export"/>`, `${indent}</UserData>`];
}

function sizeText(ref: SizeRef, list: readonly PropertyDef[]): string {
  return 'fixed' in ref ? String(ref.fixed) : list[ref.ref]!.name;
}

function propertyLines(list: readonly PropertyDef[], mapName: (m: MapDef) => string, indent: string): string[] {
  const lines: string[] = [];
  for (const p of list) {
    const attrs = [`name="${xmlAttribute(p.name)}"`];
    if (p.count) attrs.push(`count="${xmlAttribute(sizeText(p.count, list))}"`);
    if (p.members !== undefined && p.inType === InType.NULL) {
      lines.push(`${indent}<struct ${attrs.join(' ')}>`, ...propertyLines(p.members, mapName, indent + '  '), `${indent}</struct>`);
      continue;
    }
    attrs.push(`inType="${IN_TYPE_NAMES.get(p.inType) ?? `win:InType${p.inType}`}"`);
    if (p.outType !== 0) {
      const out = OUT_TYPE_NAMES.get(p.outType);
      if (out !== undefined) attrs.push(`outType="${out}"`);
    }
    if (p.length) attrs.push(`length="${xmlAttribute(sizeText(p.length, list))}"`);
    if (p.map) attrs.push(`map="${mapName(p.map)}"`);
    lines.push(`${indent}<data ${attrs.join(' ')}/>`);
  }
  return lines;
}

/** Whether every property of a schema can be written as a manifest `<data>` or `<struct>` that reads back the same. */
export function expressible(s: EventSchema): string | null {
  const check = (list: readonly PropertyDef[]): string | null => {
    for (const p of list) {
      if (p.members !== undefined && p.inType === InType.NULL) {
        const inner = check(p.members);
        if (inner !== null) return inner;
        continue;
      }
      if (!IN_TYPE_NAMES.has(p.inType)) return `field ${p.name} has in-type ${p.inType}, which has no manifest name`;
      if (p.outType !== 0 && !OUT_TYPE_NAMES.has(p.outType)) return `field ${p.name} has out-type ${p.outType}, which has no manifest name`;
      if (p.extension || p.format) return `field ${p.name} uses a MOF qualifier (${p.extension ?? p.format})`;
    }
    return null;
  };
  return check(s.properties);
}
