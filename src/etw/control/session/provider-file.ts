/**
 * The `-pf` file: one provider per line, `provider [keywords [level]] [comment]`,
 * whitespace-separated, blank lines skipped; a provider name with spaces may be
 * written in double quotes. Pure (the command reads the file). docs/architecture.md F11.
 */
import { ProviderRequest } from './session-spec.js';

function tokens(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2]!);
  return out;
}

export function parseProviderFile(text: string): ProviderRequest[] {
  const out: ProviderRequest[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const [provider, keywords, level] = tokens(line);
    if (provider === undefined) continue;
    out.push({ provider, ...(keywords !== undefined ? { keywords } : {}), ...(level !== undefined ? { level } : {}) });
  }
  return out;
}
