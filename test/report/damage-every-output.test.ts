/**
 * Damage never passes in silence, whatever output is asked for (issue 11, items
 * 1–3): every output choice — XML, CSV, JSONL, summary only, -report, --docker —
 * gives the same warnings and exit code for the same damaged input, and the
 * facts a file states about itself (BuffersWritten, buffer sequence numbers,
 * BufferSize) are checked against what is found.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/etw/report/exit-codes.js';
import { EtlBuilder } from '../support/etl-builder.js';
import { runEveryOutput, type ChoiceResult } from '../support/every-output.js';
import { scratchDir } from '../render/report-run.js';

const dir = scratchDir('etwkit-damage-');
function write(name: string, bytes: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

/** Every choice agrees with the first on exit code and warnings; returns those. */
function agreed(results: ChoiceResult[]): { code: number; warnings: string[] } {
  const [first] = results;
  for (const r of results) expect({ name: r.name, code: r.code, warnings: r.warnings }).toEqual({ name: r.name, code: first!.code, warnings: first!.warnings });
  return { code: first!.code, warnings: first!.warnings };
}

describe('item 1: every output choice reports the same damage', () => {
  it('a stream that goes back in time (the count pass gives up) with a garbage marker: exit 3 and the warning in every choice', async () => {
    const b = new EtlBuilder({ cpus: 1, bufferSize: 0x200 });
    for (let i = 0; i < 30; i++) b.system({ cpu: 0, raw: 5_000_000_000n + BigInt(i % 2 === 0 ? 100 + i : i), hookId: 0x0524, payload: Buffer.alloc(40) });
    const bytes = Buffer.from(b.build('sequence'));
    const at = 0x400 + 0x48 + 0x48; // second record of the second data buffer
    bytes.writeUInt32LE(0x12345678, at);
    const { code, warnings } = agreed(await runEveryOutput([write('backwards-damaged.etl', bytes)]));
    expect(code).toBe(ExitCode.DAMAGED);
    expect(warnings.join('\n')).toContain(`at offset 0x${at.toString(16)}: unknown record marker 0x12345678`);
  });
});
