/**
 * Manifest `<template>` → the shared property model: `<data>` (inType, outType,
 * map, count, length) and `<struct>` (count, members), counts and lengths given
 * as numbers or as the name of an earlier field of the same list, and the
 * `<UserData>` root element name.
 */
import { InType, type MapDef, type PropertyDef, type SizeRef } from '../event-schema.js';
import { parseInteger } from './manifest-values.js';
import { MANIFEST_IN_TYPES, MANIFEST_OUT_TYPES } from '../winmeta.js';
import { childNamed, type XmlElement } from './xml-parser.js';

export interface ManifestTemplate {
  tid: string;
  properties: PropertyDef[];
  /** Element under `<UserData>`, when the template has one. */
  userDataElement: string | null;
}

/**
 * Converts one `<template>`. `maps` holds the provider's valueMaps/bitMaps by name;
 * problems (unknown types, dangling references) are reported through `warn`
 * and the affected property is kept with what could be read.
 */
export function readManifestTemplate(
  template: XmlElement,
  maps: ReadonlyMap<string, MapDef>,
  warn: (message: string) => void,
): ManifestTemplate {
  const tid = template.attrs['tid'] ?? template.attrs['name'] ?? '';
  const context = `template ${tid}`;
  const properties = readPropertyList(template, maps, (m) => warn(`${context}: ${m}`));
  const userData = childNamed(template, 'UserData');
  const userDataElement = userData?.children[0]?.localName ?? null;
  return { tid, properties, userDataElement };
}

function readPropertyList(
  parent: XmlElement,
  maps: ReadonlyMap<string, MapDef>,
  warn: (message: string) => void,
): PropertyDef[] {
  const list: PropertyDef[] = [];
  for (const child of parent.children) {
    if (child.localName === 'data') list.push(readData(child, list, maps, warn));
    else if (child.localName === 'struct') list.push(readStruct(child, list, maps, warn));
  }
  return list;
}

function readData(
  data: XmlElement,
  earlier: readonly PropertyDef[],
  maps: ReadonlyMap<string, MapDef>,
  warn: (message: string) => void,
): PropertyDef {
  const name = data.attrs['name'] ?? `Field${earlier.length + 1}`;
  const inTypeName = data.attrs['inType'] ?? '';
  let inType = MANIFEST_IN_TYPES[inTypeName] ?? MANIFEST_IN_TYPES[`win:${inTypeName}`];
  if (inType === undefined) {
    warn(`field ${name}: unknown inType "${inTypeName}"`);
    inType = InType.NULL;
  }
  const outTypeName = data.attrs['outType'];
  let outType = 0;
  if (outTypeName !== undefined) {
    const known = MANIFEST_OUT_TYPES[outTypeName];
    if (known === undefined) warn(`field ${name}: unknown outType "${outTypeName}", using the inType's default`);
    else outType = known;
  }
  const property: PropertyDef = { name, inType, outType };
  const count = sizeRef(data.attrs['count'], earlier, `field ${name} count`, warn);
  if (count) property.count = count;
  const length = sizeRef(data.attrs['length'], earlier, `field ${name} length`, warn);
  if (length) property.length = length;
  const mapName = data.attrs['map'];
  if (mapName !== undefined) {
    const map = maps.get(mapName);
    if (map) property.map = map;
    else warn(`field ${name}: unknown map "${mapName}"`);
  }
  return property;
}

function readStruct(
  struct: XmlElement,
  earlier: readonly PropertyDef[],
  maps: ReadonlyMap<string, MapDef>,
  warn: (message: string) => void,
): PropertyDef {
  const name = struct.attrs['name'] ?? `Struct${earlier.length + 1}`;
  const property: PropertyDef = {
    name,
    inType: InType.NULL,
    outType: 0,
    members: readPropertyList(struct, maps, (m) => warn(`struct ${name}: ${m}`)),
  };
  const count = sizeRef(struct.attrs['count'], earlier, `struct ${name} count`, warn);
  if (count) property.count = count;
  return property;
}

/** `count`/`length` attribute → a fixed number, or the index of the earlier field it names. */
function sizeRef(
  attribute: string | undefined,
  earlier: readonly PropertyDef[],
  what: string,
  warn: (message: string) => void,
): SizeRef | null {
  if (attribute === undefined || attribute.trim() === '') return null;
  const fixed = parseInteger(attribute);
  if (fixed !== null) return { fixed };
  const wanted = attribute.trim();
  for (let i = earlier.length - 1; i >= 0; i--) {
    if (earlier[i]!.name === wanted) return { ref: i };
  }
  warn(`${what} names "${wanted}", which is not an earlier field`);
  return null;
}
