/**
 * `query providers` and `query providers NAME`: logman's provider table
 * (name in 40 columns + 1 space, braced upper-case GUID), keyword table
 * (`0x%016X` + 2 spaces, name in 20 + 1, description), level table
 * (`0x%02X` in 20, name in 21, description) and PID table (`0x%08x`).
 * docs/architecture.md F11.
 */
import { ProviderDetail } from '../session/provider-detail.js';
import { ProviderField, RegisteredProvider } from '../session/tdh-blobs.js';
import { SEPARATOR } from './format-session-table.js';

export function providerRowLine(name: string, guid: string): string {
  return `${name.padEnd(40)} ${guid}`;
}

export function formatProviderList(providers: RegisteredProvider[]): string[] {
  return ['', providerRowLine('Provider', 'GUID'), SEPARATOR, ...providers.map((p) => providerRowLine(p.name, p.guid.toBracedUpper()))];
}

/** Name longer than 20 columns: the row ends after the name. Empty description: no padding. */
export function keywordRowLine(f: ProviderField): string {
  const value = `0x${f.value.toString(16).toUpperCase().padStart(16, '0')}  `;
  if (f.name.length > 20 || f.description === '') return `${value}${f.name}`;
  return `${value}${f.name.padEnd(20)} ${f.description}`;
}

export function levelRowLine(f: ProviderField): string {
  const value = `0x${f.value.toString(16).toUpperCase().padStart(2, '0')}`.padEnd(20);
  if (f.description === '') return `${value}${f.name}`;
  return `${value}${f.name.padEnd(21)}${f.description}`;
}

export function pidRowLine(pid: number): string {
  return `0x${pid.toString(16).padStart(8, '0')}`;
}

export function formatProviderDetail(d: ProviderDetail): string[] {
  const lines = ['', providerRowLine('Provider', 'GUID'), SEPARATOR, providerRowLine(d.provider.name, d.provider.guid.toBracedUpper()), ''];
  lines.push(`${'Value'.padEnd(20)}${'Keyword'.padEnd(21)}Description`, SEPARATOR, ...d.keywords.map(keywordRowLine), '');
  if (d.levels.length > 0) {
    lines.push(`${'Value'.padEnd(20)}${'Level'.padEnd(21)}Description`, SEPARATOR, ...d.levels.map(levelRowLine), '');
  }
  if (d.pids.length > 0) {
    lines.push(`${'PID'.padEnd(20)}Image`, SEPARATOR, ...d.pids.map(pidRowLine), '');
  }
  return lines;
}
