/**
 * The summary's Docker table (with --docker): lines per container, image and
 * source. It is etwkit's own addition, read by a person, so it is drawn by
 * cli-table3 with columns as wide as their widest cell (long container and
 * image names no longer push the right border out of line) — in plain ASCII and
 * without colour, since it goes into summary.txt, which may be read on any
 * console or in any editor. cli-table3 (CommonJS) is loaded when a table is drawn.
 */
import { createRequire } from 'node:module';
import type { DockerLineCount } from './docker-counts.js';

const requireHere = createRequire(import.meta.url);

const ASCII_BOX = {
  top: '-', 'top-mid': '+', 'top-left': '+', 'top-right': '+',
  bottom: '-', 'bottom-mid': '+', 'bottom-left': '+', 'bottom-right': '+',
  left: '|', 'left-mid': '', mid: '', 'mid-mid': '', right: '|', 'right-mid': '', middle: '|',
};

export function dockerLinesTable(rows: DockerLineCount[]): string {
  const Table = requireHere('cli-table3') as typeof import('cli-table3');
  const table = new Table({
    head: ['Lines', 'Source', 'Container', 'Image'],
    colAligns: ['right', 'left', 'left', 'left'],
    chars: ASCII_BOX,
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
  });
  for (const r of rows) table.push([String(r.lines), r.source, r.container, r.image]);
  // No rule between rows (mid is empty), but one under the header: the top border again.
  const lines = table.toString().split('\n');
  lines.splice(2, 0, lines[0]!);
  return lines.join('\n');
}
