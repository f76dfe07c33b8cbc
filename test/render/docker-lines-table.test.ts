/**
 * The summary's Docker table (an etwkit addition, drawn by cli-table3): plain
 * ASCII without colour codes, a rule under the header only, and columns as wide
 * as their widest cell, so a long container or image name keeps every border
 * in line (the fixed 40/42-column layout it replaces pushed them out).
 */
import { describe, expect, it } from 'vitest';
import { dockerLinesTable } from '../../src/etw/render/docker-lines-table.js';

describe('dockerLinesTable', () => {
  it('draws an aligned ASCII table whatever the name lengths', () => {
    const long = 'a-container-name-much-longer-than-forty-characters-of-the-old-layout';
    const text = dockerLinesTable([
      { lines: 7, source: 'stderr', container: 'web', image: 'nginx' },
      { lines: 12345, source: 'stdout', container: long, image: 'mcr.microsoft.com/windows/servercore:ltsc2022' },
    ]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(6);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(text).not.toMatch(/\u001b/);
    expect(text).toMatch(/^[\x20-\x7e\n]+$/);
    expect(lines[0]).toMatch(/^\+-+\+-+\+-+\+-+\+$/);
    expect(lines[2]).toBe(lines[0]);
    expect(lines[5]).toBe(lines[0]);
    expect(lines[1]!.split('|').map((c) => c.trim())).toEqual(['', 'Lines', 'Source', 'Container', 'Image', '']);
    expect(lines[3]).toMatch(/^\| +7 \| stderr \| web +\| nginx +\|$/);
    expect(lines[4]).toContain(`| ${long} |`);
  });
});
